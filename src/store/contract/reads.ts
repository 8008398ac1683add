import { afterEach, describe, expect, it } from 'vitest';
import { emptyModel } from '../../model/entities.js';
import { InputError } from '../../model/errors.js';
import type { ModelChange, Store } from '../store.js';
import {
  buildDependency,
  buildParty,
  buildService,
  buildSubscription,
  chainModel,
  createChanges,
  sortModel,
} from '../test-model.js';
import { alice, type OpenStore, openWithChain, rejectionOf } from './helpers.js';

/** Migrations, loadModel, the list and get methods, and getEntity. */
export function readContract(open: OpenStore): void {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  describe('migrate and loadModel', () => {
    it('starts empty, and migrating twice is harmless', async () => {
      store = await open();
      await store.migrate();
      await store.migrate();
      expect(await store.loadModel()).toStrictEqual(emptyModel());
    });

    it('gives back exactly the model that was applied, every field included', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      expect(await store.loadModel()).toStrictEqual(chainModel());
    });

    it('reads one snapshot while a change set is applied at the same moment', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const removal: ModelChange[] = [
        { op: 'delete', kind: 'service', key: 'sap-erp' },
        { op: 'delete', kind: 'dependency', key: 'sap-erp->db-cluster' },
        { op: 'delete', kind: 'dependency', key: 'order-entry->sap-erp' },
        { op: 'delete', kind: 'dependency', key: 'invoicing->sap-erp' },
        { op: 'delete', kind: 'subscription', key: 'sales->sap-erp' },
      ];
      const before = chainModel();
      const after = {
        parties: before.parties,
        services: before.services.filter((s) => s.id !== 'sap-erp'),
        dependencies: before.dependencies.filter((d) => d.from !== 'sap-erp' && d.to !== 'sap-erp'),
        subscriptions: before.subscriptions.filter((s) => s.service !== 'sap-erp'),
      };
      const removed = new Set(removal.map((c) => `${c.kind}:${c.key}`));
      const restore = createChanges(before).filter((c) => removed.has(`${c.kind}:${c.key}`));
      // Starts the change set after 0, 1, 2, … ticks of the reader, to land between its reads.
      for (let ticks = 0; ticks < 40; ticks++) {
        const loading = store.loadModel();
        for (let t = 0; t < ticks; t++) await Promise.resolve();
        await store.applyChanges(ticks % 2 === 0 ? removal : restore, alice);
        expect([before, after]).toContainEqual(await loading);
      }
      await store.applyChanges(removal, alice);
      expect(await store.loadModel()).toStrictEqual(after);
    });

    it('sorts ids bytewise, as JavaScript compares strings', async () => {
      store = await open();
      await store.migrate();
      const ids = ['b', 'a_b', 'ab', 'a.b', 'a0', 'a-b', 'a'];
      const services = ids.map((id) => buildService({ id }));
      const parties = ids.map((id) => buildParty({ id }));
      const dependencies = [
        buildDependency({ from: 'ab', to: 'a-b' }),
        buildDependency({ from: 'a-b', to: 'b' }),
        buildDependency({ from: 'a-b', to: 'a.b' }),
        buildDependency({ from: 'a', to: 'b' }),
      ];
      const subscriptions = [
        buildSubscription({ party: 'b', service: 'a' }),
        buildSubscription({ party: 'a_b', service: 'b' }),
        buildSubscription({ party: 'a_b', service: 'a0' }),
      ];
      const model = { parties, services, dependencies, subscriptions };
      await store.applyChanges(createChanges(model), alice);
      const loaded = await store.loadModel();
      const sorted = [...ids].sort();
      expect(sorted).toEqual(['a', 'a-b', 'a.b', 'a0', 'a_b', 'ab', 'b']);
      expect(loaded.services.map((s) => s.id)).toEqual(sorted);
      expect(loaded.parties.map((p) => p.id)).toEqual(sorted);
      expect(loaded.dependencies.map((d) => `${d.from}->${d.to}`)).toEqual([
        'a->b',
        'a-b->a.b',
        'a-b->b',
        'ab->a-b',
      ]);
      expect(loaded.subscriptions.map((s) => `${s.party}->${s.service}`)).toEqual([
        'a_b->a0',
        'a_b->b',
        'b->a',
      ]);
      expect(loaded).toStrictEqual(sortModel(model));
    });
  });

  describe('get and list', () => {
    it('gets a service and a party by id, and undefined for a missing one', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const sap = opened.model.services.find((s) => s.id === 'sap-erp');
      const finance = opened.model.parties.find((p) => p.id === 'finance');
      expect(await store.getService('sap-erp')).toStrictEqual(sap);
      expect(await store.getParty('finance')).toStrictEqual(finance);
      expect(await store.getService('finance')).toBeUndefined();
      expect(await store.getParty('sap-erp')).toBeUndefined();
    });

    it('lists services and parties sorted by id', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      expect(await store.listServices()).toStrictEqual(opened.model.services);
      expect(await store.listParties()).toStrictEqual(opened.model.parties);
    });

    it('lists dependencies, filtered by either end', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const all = opened.model.dependencies;
      expect(await store.listDependencies()).toStrictEqual(all);
      expect(await store.listDependencies({ from: 'db-cluster' })).toStrictEqual(
        all.filter((d) => d.from === 'db-cluster'),
      );
      expect(await store.listDependencies({ to: 'sap-erp' })).toStrictEqual(
        all.filter((d) => d.to === 'sap-erp'),
      );
      expect(
        (await store.listDependencies({ from: 'invoicing', to: 'sap-erp' })).map((d) => d.note),
      ).toEqual(['billing runs nightly']);
      expect(await store.listDependencies({ from: 'nothing' })).toEqual([]);
    });

    it('lists subscriptions, filtered by party or service', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const all = opened.model.subscriptions;
      expect(await store.listSubscriptions()).toStrictEqual(all);
      expect(await store.listSubscriptions({ party: 'finance' })).toStrictEqual(
        all.filter((s) => s.party === 'finance'),
      );
      expect(await store.listSubscriptions({ service: 'order-to-cash' })).toStrictEqual([
        { party: 'retail-customers', service: 'order-to-cash', slo: 99.9 },
      ]);
    });
  });

  describe('getEntity', () => {
    it('reads every kind with version 1 and equal times after a create', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const [created] = await store.listAudit({ limit: 1 });
      const party = await store.getEntity('party', 'finance');
      expect(party).toStrictEqual({
        entity: opened.model.parties.find((p) => p.id === 'finance'),
        version: 1,
        createdAt: created?.at,
        updatedAt: created?.at,
      });
      expect((await store.getEntity('service', 'db01'))?.entity.id).toBe('db01');
      const edge = await store.getEntity('dependency', 'db-cluster->db02');
      expect(edge?.entity).toStrictEqual({
        from: 'db-cluster',
        to: 'db02',
        impact: { kind: 'map', map: { major_outage: 'degraded' } },
        weight: 1,
      });
      expect(edge?.version).toBe(1);
      const subscription = await store.getEntity('subscription', 'finance->invoicing');
      expect(subscription?.entity).toStrictEqual({
        party: 'finance',
        service: 'invoicing',
        note: 'month-end close',
      });
    });

    it('gives undefined for a missing or malformed key', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      expect(await store.getEntity('service', 'nope')).toBeUndefined();
      expect(await store.getEntity('dependency', 'db01->db-cluster')).toBeUndefined();
      expect(await store.getEntity('dependency', 'db-cluster')).toBeUndefined();
      expect(await store.getEntity('party', 'a->b')).toBeUndefined();
    });

    it('rejects an unknown kind with an InputError', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const error = await rejectionOf(store.getEntity('widget' as 'party', 'x'));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe("unknown entity kind 'widget'");
    });
  });
}
