import { describe, expect, it } from 'vitest';
import type { PartyItem, ServiceItem, StatusItem } from '../../api/types.js';
import { indexChain } from '../../chain.js';
import { buildMapGraph, impactPath } from './map-graph.js';

const svc = (id: string, dependsOn: string[] = []): ServiceItem => ({
  id,
  name: id.toUpperCase(),
  label: 'application',
  tags: [],
  links: [],
  labels: {},
  rule: 'worst',
  signals: [],
  dependsOn: dependsOn.map((service) => ({ service })),
});
const st = (service: string, level: StatusItem['level']): StatusItem => ({
  service,
  level,
  maintenance: false,
  acknowledged: false,
  since: null,
});
const services = [
  svc('shop', ['erp']),
  svc('erp', ['db']),
  svc('db', ['disk']),
  svc('disk'),
  svc('wiki', ['disk']),
];
const parties: PartyItem[] = [
  {
    id: 'buyers',
    name: 'Buyers',
    kind: 'external',
    tags: [],
    contacts: [],
    consumes: [{ service: 'shop' }],
  },
];
const index = indexChain(services, parties);
const statuses = new Map([
  ['disk', st('disk', 'major_outage')],
  ['db', st('db', 'major_outage')],
  ['erp', st('erp', 'degraded')],
  ['shop', st('shop', 'degraded')],
  ['wiki', st('wiki', 'operational')],
]);

describe('map graph', () => {
  it('holds the services within n hops up and down, their edges, and subscribing parties', () => {
    const g = buildMapGraph(index, parties, statuses, 'erp', 1, 1);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['db', 'erp', 'party:buyers', 'shop']);
    expect(g.edges.map((e) => e.id).sort()).toEqual(['erp->db', 'party:buyers->shop', 'shop->erp']);
    expect(g.truncated).toBe(false);
  });

  it('keeps the nearest services when over the limit and says so', () => {
    const g = buildMapGraph(index, parties, statuses, 'disk', 5, 0, 2);
    expect(
      g.nodes
        .filter((n) => n.kind === 'service')
        .map((n) => n.id)
        .sort(),
    ).toEqual(['db', 'disk']);
    expect(g.truncated).toBe(true);
  });

  it('highlights the impact path up through affected consumers only', () => {
    const g = buildMapGraph(index, parties, statuses, 'disk', 9, 0);
    const path = impactPath(g, 'disk');
    expect([...path.nodes].sort()).toEqual(['db', 'disk', 'erp', 'party:buyers', 'shop']);
    expect([...path.edges].sort()).toEqual([
      'db->disk',
      'erp->db',
      'party:buyers->shop',
      'shop->erp',
    ]);
    expect(impactPath(g, 'wiki').nodes.size).toBe(0);
  });
});
