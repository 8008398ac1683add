import { describe, expect, it } from 'vitest';
import { auditQuery, entityPath, fieldChanges } from './audit-model.js';

describe('fieldChanges', () => {
  it('lists changed, added and removed fields by dotted path, leaving equal ones out', () => {
    const before = { id: 'erp', name: 'SAP', rule: { kind: 'worst' }, tags: ['a'], slo: 99.5 };
    const after = { id: 'erp', name: 'SAP ERP', rule: { kind: 'best' }, tags: ['a', 'b'], cost: 5 };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'cost', change: 'added', before: null, after: '5' },
      { field: 'name', change: 'changed', before: 'SAP', after: 'SAP ERP' },
      { field: 'rule.kind', change: 'changed', before: 'worst', after: 'best' },
      { field: 'slo', change: 'removed', before: '99.5', after: null },
      { field: 'tags', change: 'changed', before: '["a"]', after: '["a","b"]' },
    ]);
  });

  it('shows every field as added on a create and as removed on a delete', () => {
    expect(fieldChanges(null, { id: 'x', labels: {} })).toEqual([
      { field: 'id', change: 'added', before: null, after: 'x' },
      { field: 'labels', change: 'added', before: null, after: '{}' },
    ]);
    expect(fieldChanges({ id: 'x' }, null)).toEqual([
      { field: 'id', change: 'removed', before: 'x', after: null },
    ]);
  });

  it('finds nothing between equal versions', () => {
    expect(fieldChanges({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
  });
});

describe('entityPath', () => {
  it('links each kind to its page, relations to their first end', () => {
    expect(entityPath('service', 'sap erp')).toBe('/services/sap%20erp');
    expect(entityPath('dependency', 'shop->shop-db')).toBe('/services/shop');
    expect(entityPath('subscription', 'acme->shop')).toBe('/parties/acme');
    expect(entityPath('incident', '12')).toBe('/incidents/12');
    expect(entityPath('subscriber', '3')).toBe('/notifications');
    expect(entityPath('acknowledgement', 'sap-hana')).toBe('/services/sap-hana');
    expect(entityPath('status-page', 'x')).toBeNull();
    expect(entityPath('maintenance', '7')).toBe('/maintenance');
    expect(entityPath('status_page', 'shop')).toBe('/status-pages');
  });
});

describe('auditQuery', () => {
  it('sends only the filters set, trimmed, with the limit and the page before', () => {
    expect(auditQuery({ kind: 'service', key: ' shop ', actor: '', op: '' }, 50)).toBe(
      'kind=service&key=shop&limit=50',
    );
    expect(auditQuery({ kind: '', key: '', actor: 'user:amy', op: 'update' }, 50, '17')).toBe(
      'actor=user%3Aamy&op=update&limit=50&before=17',
    );
  });
});
