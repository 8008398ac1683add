import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import type { Store } from '../store.js';
import { buildParty, buildService, createChanges } from '../test-model.js';
import { alice, bob, type OpenStore, openWithChain, rejectionOf } from './helpers.js';

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** listAudit: what a record holds, its order, filters and paging. */
export function auditContract(open: OpenStore): void {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  /** The chain, then bob updates db01 and deletes the sales subscription. */
  async function openWithHistory() {
    const opened = await openWithChain(open);
    const db01 = buildService({ id: 'db01', name: 'Database one', label: 'infrastructure' });
    await opened.store.applyChanges(
      [
        { op: 'delete', kind: 'subscription', key: 'sales->sap-erp' },
        { op: 'update', kind: 'service', key: 'db01', after: db01 },
      ],
      bob,
    );
    store = opened.store;
    return { ...opened, store: opened.store, db01 };
  }

  describe('listAudit', () => {
    it('records one change each, with actor, time, op, kind, key, before and after', async () => {
      const started = new Date().toISOString();
      const { store, model, db01 } = await openWithHistory();
      const finished = new Date().toISOString();
      const records = await store.listAudit();
      const created = model.parties.length + model.services.length;
      const total = created + model.dependencies.length + model.subscriptions.length + 2;
      expect(records).toHaveLength(total);
      const [update, remove] = records;
      const oldDb01 = model.services.find((s) => s.id === 'db01');
      expect(update).toStrictEqual({
        id: update?.id,
        at: update?.at,
        actor: 'token:ci-deploy',
        op: 'update',
        kind: 'service',
        key: 'db01',
        before: JSON.parse(JSON.stringify(oldDb01)),
        after: JSON.parse(JSON.stringify(db01)),
      });
      expect(remove).toStrictEqual({
        id: (update?.id ?? 0) - 1,
        at: update?.at,
        actor: 'token:ci-deploy',
        op: 'delete',
        kind: 'subscription',
        key: 'sales->sap-erp',
        before: { party: 'sales', service: 'sap-erp' },
        after: null,
      });
      const first = records.at(-1);
      expect(first).toMatchObject({
        actor: 'user:alice',
        op: 'create',
        kind: 'party',
        key: 'acme',
        before: null,
      });
      expect(first?.after).toStrictEqual(JSON.parse(JSON.stringify(model.parties[0])));
      for (const record of records) {
        expect(record.at).toMatch(ISO_TIME);
        expect(record.at >= started && record.at <= finished).toBe(true);
      }
      const times = new Set(records.filter((r) => r.actor === 'user:alice').map((r) => r.at));
      expect(times.size).toBe(1);
    });

    it('lists newest first, with strictly falling ids', async () => {
      const { store } = await openWithHistory();
      const ids = (await store.listAudit()).map((r) => r.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('filters by op, kind, key and actor, all together', async () => {
      const { store, model } = await openWithHistory();
      const keys = async (query: Parameters<Store['listAudit']>[0]) =>
        (await store.listAudit(query)).map((r) => `${r.op} ${r.kind} ${r.key}`);
      expect(await keys({ actor: 'token:ci-deploy' })).toEqual([
        'update service db01',
        'delete subscription sales->sap-erp',
      ]);
      expect(await keys({ key: 'db01' })).toEqual(['update service db01', 'create service db01']);
      expect(await keys({ kind: 'service', op: 'update' })).toEqual(['update service db01']);
      expect(await keys({ op: 'delete' })).toEqual(['delete subscription sales->sap-erp']);
      expect(await keys({ kind: 'party' })).toHaveLength(model.parties.length);
      expect(await keys({ kind: ['service', 'subscription'], actor: 'token:ci-deploy' })).toEqual([
        'update service db01',
        'delete subscription sales->sap-erp',
      ]);
      expect(await keys({ kind: ['party', 'subscription'], actor: 'token:ci-deploy' })).toEqual([
        'delete subscription sales->sap-erp',
      ]);
      expect(await keys({ key: 'db01', actor: 'user:alice' })).toEqual(['create service db01']);
      expect(await keys({ actor: 'user:nobody' })).toEqual([]);
    });

    it('pages backwards with limit and before', async () => {
      const { store } = await openWithHistory();
      const all = await store.listAudit({ limit: 1000 });
      const page1 = await store.listAudit({ limit: 3 });
      expect(page1).toStrictEqual(all.slice(0, 3));
      const page2 = await store.listAudit({ limit: 3, before: page1.at(-1)?.id });
      expect(page2).toStrictEqual(all.slice(3, 6));
      const last = await store.listAudit({ before: all.at(-1)?.id });
      expect(last).toEqual([]);
    });

    it('returns 100 records when no limit is given', async () => {
      store = await open();
      await store.migrate();
      const parties = Array.from({ length: 120 }, (_, i) => buildParty({ id: `p${i}` }));
      await store.applyChanges(
        createChanges({ parties, services: [], dependencies: [], subscriptions: [] }),
        alice,
      );
      expect(await store.listAudit()).toHaveLength(100);
      expect(await store.listAudit({ limit: 1000 })).toHaveLength(120);
    });

    it('refuses a limit outside 1 to 1000 and a fractional before', async () => {
      store = await open();
      await store.migrate();
      for (const limit of [0, 1001, 1.5, -1]) {
        const error = await rejectionOf(store.listAudit({ limit }));
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toBe(`limit must be a whole number from 1 to 1000, not ${limit}`);
      }
      const error = await rejectionOf(store.listAudit({ before: 2.5 }));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe('before must be an audit record id, not 2.5');
    });
  });
}
