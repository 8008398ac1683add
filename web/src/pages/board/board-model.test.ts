import { describe, expect, it } from 'vitest';
import type { PartyItem, ServiceItem, StatusItem } from '../../api/types.js';
import { indexChain } from '../../chain.js';
import { boardRows, compareLabels, customerScope, NO_FILTERS, teamScope } from './board-model.js';

function service(id: string, over: Partial<ServiceItem> = {}): ServiceItem {
  return {
    id,
    name: id,
    label: 'application',
    tags: [],
    links: [],
    labels: {},
    rule: 'worst',
    signals: [],
    ...over,
  };
}
function status(service: string, level: StatusItem['level']): StatusItem {
  return { service, level, maintenance: false, acknowledged: false, since: null };
}

describe('board rows', () => {
  it('orders conventional labels first, then others by name', () => {
    expect(
      ['it-service', 'infrastructure', 'zeta', 'business', 'process'].sort(compareLabels),
    ).toEqual(['business', 'process', 'infrastructure', 'it-service', 'zeta']);
  });

  it('groups by label, worst first within a group, with the group worst and count', () => {
    const services = [
      service('a', { label: 'infrastructure' }),
      service('b', { label: 'business' }),
      service('c', { label: 'infrastructure' }),
    ];
    const statuses = new Map([
      ['a', status('a', 'operational')],
      ['c', status('c', 'major_outage')],
    ]);
    const rows = boardRows(services, statuses, NO_FILTERS, undefined, new Set());
    expect(
      rows.map((r) => (r.kind === 'group' ? `#${r.label}:${r.count}:${r.worst}` : r.service.id)),
    ).toEqual(['#business:1:unknown', 'b', '#infrastructure:2:major_outage', 'c', 'a']);
  });

  it('filters by provider, status, tag and text, and keeps a collapsed group as a heading', () => {
    const services = [
      service('sap-erp', { provider: 'ops', tags: ['erp'], description: 'The ledger' }),
      service('crm', { provider: 'sales' }),
    ];
    const statuses = new Map([['sap-erp', status('sap-erp', 'degraded')]]);
    const ids = (filters = NO_FILTERS, collapsed = new Set<string>()) =>
      boardRows(services, statuses, filters, undefined, collapsed).map((r) =>
        r.kind === 'group' ? `#${r.label}` : r.service.id,
      );
    expect(ids({ ...NO_FILTERS, provider: 'sales' })).toEqual(['#application', 'crm']);
    expect(ids({ ...NO_FILTERS, status: 'degraded' })).toEqual(['#application', 'sap-erp']);
    expect(ids({ ...NO_FILTERS, tag: 'erp' })).toEqual(['#application', 'sap-erp']);
    expect(ids({ ...NO_FILTERS, q: 'LEDGER' })).toEqual(['#application', 'sap-erp']);
    expect(ids({ ...NO_FILTERS, q: 'nothing' })).toEqual([]);
    expect(ids(NO_FILTERS, new Set(['application']))).toEqual(['#application']);
  });

  it('filters acknowledged services, or the trouble nobody has acknowledged', () => {
    const services = [service('db'), service('erp'), service('shop'), service('web')];
    const statuses = new Map([
      ['db', { ...status('db', 'major_outage'), acknowledged: true }],
      ['erp', { ...status('erp', 'major_outage'), acknowledged: true }],
      ['shop', status('shop', 'degraded')],
      ['web', status('web', 'operational')],
    ]);
    const ids = (ack: '' | 'yes' | 'no') =>
      boardRows(services, statuses, { ...NO_FILTERS, ack }, undefined, new Set()).flatMap((r) =>
        r.kind === 'service' ? [r.service.id] : [],
      );
    expect(ids('yes')).toEqual(['db', 'erp']);
    expect(ids('no')).toEqual(['shop']);
    expect(ids('')).toEqual(['db', 'erp', 'shop', 'web']);
  });
});

describe('customer scope', () => {
  it('is what a party consumes or provides and all they rest on', () => {
    const services = [
      service('shop', { dependsOn: [{ service: 'db' }] }),
      service('db', { dependsOn: [{ service: 'disk' }] }),
      service('disk'),
      service('tool', { provider: 'team' }),
      service('other'),
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
    expect([...customerScope('buyers', services, parties)].sort()).toEqual(['db', 'disk', 'shop']);
    expect([...customerScope('team', services, parties)]).toEqual(['tool']);
  });
});

describe('my view', () => {
  it('is what my teams provide, what that rests on, and what rests on it', () => {
    const services = [
      service('shop', { dependsOn: [{ service: 'erp' }] }),
      service('erp', { provider: 'sap-team', dependsOn: [{ service: 'db' }] }),
      service('db'),
      service('wiki', { dependsOn: [{ service: 'db' }] }),
    ];
    const index = indexChain(services, []);
    expect([...teamScope(['sap-team'], index)].sort()).toEqual(['db', 'erp', 'shop']);
    expect(teamScope(['nobody'], index).size).toBe(0);
  });
});
