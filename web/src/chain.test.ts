import { describe, expect, it } from 'vitest';
import type { PartyItem, ServiceItem } from './api/types.js';
import { customersOf, indexChain, walk } from './chain.js';

const svc = (id: string, dependsOn: string[] = [], provider?: string): ServiceItem => ({
  id,
  name: id,
  label: 'application',
  tags: [],
  links: [],
  labels: {},
  rule: 'worst',
  signals: [],
  provider,
  dependsOn: dependsOn.map((service) => ({ service })),
});
const services = [
  svc('shop', ['erp'], 'sales'),
  svc('erp', ['db'], 'it'),
  svc('db', [], 'infra'),
  svc('report', ['db'], 'finance'),
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
  {
    id: 'auditors',
    name: 'Auditors',
    kind: 'external',
    tags: [],
    contacts: [],
    consumes: [{ service: 'db' }],
  },
];
const index = indexChain(services, parties);

describe('chain walks', () => {
  it('walks up and down with hop counts, bounded by maxHops', () => {
    expect([...walk(index, 'db', 'up')]).toEqual([
      ['db', 0],
      ['erp', 1],
      ['report', 1],
      ['shop', 2],
    ]);
    expect([...walk(index, 'shop', 'down', 1)]).toEqual([
      ['shop', 0],
      ['erp', 1],
    ]);
  });

  it('derives customers: direct subscribers, then providers and subscribers upstream', () => {
    expect(customersOf(index, 'db')).toEqual([
      { party: 'auditors', direct: true },
      { party: 'it', direct: false },
      { party: 'finance', direct: false },
      { party: 'sales', direct: false },
      { party: 'buyers', direct: false },
    ]);
    expect(customersOf(index, 'shop')).toEqual([{ party: 'buyers', direct: true }]);
  });
});
