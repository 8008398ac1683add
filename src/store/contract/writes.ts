import { afterEach, describe, expect, it } from 'vitest';
import { type ConflictError, InputError } from '../../model/errors.js';
import type { ModelChange, Store } from '../store.js';
import {
  buildDependency,
  buildParty,
  buildService,
  buildSubscription,
  createChanges,
  largeModel,
} from '../test-model.js';
import {
  alice,
  bob,
  expectConflict,
  type OpenStore,
  openWithChain,
  rejectionOf,
  snapshot,
} from './helpers.js';

/** applyChanges: any order, updates and versions, deletes, malformed and big sets. */
export function writeContract(open: OpenStore): void {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  describe('creates, updates and deletes', () => {
    it('accepts a change set in any order: referrers may come before what they refer to', async () => {
      store = await open();
      await store.migrate();
      await store.applyChanges(
        [
          {
            op: 'create',
            kind: 'subscription',
            key: 'ops->web',
            after: buildSubscription({ party: 'ops', service: 'web' }),
          },
          {
            op: 'create',
            kind: 'dependency',
            key: 'web->db',
            after: buildDependency({ from: 'web', to: 'db' }),
          },
          {
            op: 'create',
            kind: 'service',
            key: 'web',
            after: buildService({ id: 'web', provider: 'ops' }),
          },
          { op: 'create', kind: 'service', key: 'db', after: buildService({ id: 'db' }) },
          {
            op: 'create',
            kind: 'party',
            key: 'ops',
            after: buildParty({ id: 'ops', parent: 'org' }),
          },
          {
            op: 'create',
            kind: 'party',
            key: 'org',
            after: buildParty({ id: 'org', kind: 'organization' }),
          },
        ],
        alice,
      );
      const model = await store.loadModel();
      expect(model.services.map((s) => s.id)).toEqual(['db', 'web']);
      expect(model.dependencies).toStrictEqual([buildDependency({ from: 'web', to: 'db' })]);
      const audit = await store.listAudit();
      // Oldest last: parties, services, dependencies, subscriptions, each in the given order.
      expect(audit.map((r) => `${r.kind}:${r.key}`).reverse()).toEqual([
        'party:ops',
        'party:org',
        'service:web',
        'service:db',
        'dependency:web->db',
        'subscription:ops->web',
      ]);
    });

    it('updates every kind, adding one to the version and keeping the creation time', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const created = await store.getEntity('service', 'db01');
      const db01 = buildService({
        id: 'db01',
        name: 'Primary database',
        label: 'infrastructure',
        costPerHour: 5,
      });
      const edge = buildDependency({
        from: 'db-cluster',
        to: 'db01',
        impact: { kind: 'fixed', level: 'partial_outage' },
        weight: 0.5,
      });
      const party = buildParty({ id: 'sales', name: 'Sales and marketing', kind: 'organization' });
      const subscription = buildSubscription({ party: 'sales', service: 'sap-erp', slo: 99.5 });
      await store.applyChanges(
        [
          { op: 'update', kind: 'service', key: 'db01', after: db01 },
          { op: 'update', kind: 'dependency', key: 'db-cluster->db01', after: edge },
          { op: 'update', kind: 'party', key: 'sales', after: party },
          { op: 'update', kind: 'subscription', key: 'sales->sap-erp', after: subscription },
        ],
        bob,
      );
      await store.applyChanges([{ op: 'update', kind: 'service', key: 'db01', after: db01 }], bob);
      const updated = await store.getEntity('service', 'db01');
      expect(updated?.entity).toStrictEqual(db01);
      expect(updated?.version).toBe(3);
      expect(updated?.createdAt).toBe(created?.createdAt);
      expect(updated && created && updated.updatedAt >= created.updatedAt).toBe(true);
      expect((await store.getEntity('dependency', 'db-cluster->db01'))?.entity).toStrictEqual(edge);
      expect((await store.getEntity('party', 'sales'))?.entity).toStrictEqual(party);
      expect((await store.getEntity('subscription', 'sales->sap-erp'))?.version).toBe(2);
      expect(await store.listSubscriptions({ party: 'sales' })).toStrictEqual([subscription]);
    });

    it('deletes a service together with everything that refers to it', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      await store.applyChanges(
        [
          { op: 'delete', kind: 'service', key: 'invoicing' },
          { op: 'delete', kind: 'dependency', key: 'order-to-cash->invoicing' },
          { op: 'delete', kind: 'dependency', key: 'invoicing->sap-erp' },
          { op: 'delete', kind: 'subscription', key: 'finance->invoicing' },
        ],
        alice,
      );
      const model = await store.loadModel();
      expect(model.services.map((s) => s.id)).not.toContain('invoicing');
      expect(model.dependencies).toHaveLength(opened.model.dependencies.length - 2);
      expect(model.subscriptions).toHaveLength(opened.model.subscriptions.length - 1);
      expect(await store.getEntity('service', 'invoicing')).toBeUndefined();
    });

    it('deletes a party once the same set moves its services and subscriptions away', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const moved = opened.model.services
        .filter((s) => s.provider === 'sales')
        .map((s) => ({ ...s, provider: 'finance' }));
      await store.applyChanges(
        [
          { op: 'delete', kind: 'party', key: 'sales' },
          ...moved.map((s) => ({ op: 'update', kind: 'service', key: s.id, after: s }) as const),
          { op: 'delete', kind: 'subscription', key: 'sales->sap-erp' },
        ],
        alice,
      );
      expect(await store.getParty('sales')).toBeUndefined();
      expect(moved.map((s) => s.id)).toEqual(['order-entry', 'order-to-cash']);
      for (const service of moved)
        expect(await store.getService(service.id)).toStrictEqual(service);
    });

    it('replaces an entity deleted and created in one set, starting again at version 1', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const db02 = buildService({ id: 'db02', label: 'database' });
      await store.applyChanges(
        [{ op: 'update', kind: 'service', key: 'db02', after: db02 }],
        alice,
      );
      await store.applyChanges(
        [
          { op: 'create', kind: 'service', key: 'db02', after: db02 },
          { op: 'delete', kind: 'service', key: 'db02' },
        ],
        alice,
      );
      expect((await store.getEntity('service', 'db02'))?.version).toBe(1);
      expect(await store.listDependencies({ to: 'db02' })).toHaveLength(1);
    });

    it('writes nothing for an empty change set', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const before = await snapshot(store);
      await store.applyChanges([], alice);
      expect(await snapshot(store)).toStrictEqual(before);
    });

    it('honours expectVersion on update and delete', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const db01 = buildService({ id: 'db01', name: 'DB 1' });
      await store.applyChanges(
        [{ op: 'update', kind: 'service', key: 'db01', after: db01, expectVersion: 1 }],
        alice,
      );
      await expectConflict(
        store,
        [
          { op: 'update', kind: 'service', key: 'db01', after: db01, expectVersion: 1 },
          { op: 'delete', kind: 'subscription', key: 'sales->sap-erp', expectVersion: 2 },
        ],
        [
          {
            op: 'delete',
            kind: 'subscription',
            key: 'sales->sap-erp',
            message: 'is at version 1, not 2',
          },
          { op: 'update', kind: 'service', key: 'db01', message: 'is at version 2, not 1' },
        ],
      );
      await store.applyChanges(
        [{ op: 'delete', kind: 'subscription', key: 'sales->sap-erp', expectVersion: 1 }],
        alice,
      );
      expect(await store.listSubscriptions({ party: 'sales' })).toEqual([]);
    });
  });

  describe('malformed change sets', () => {
    it('refuses a key that does not match its entity, an unknown kind or op, and no actor', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const before = await snapshot(store);
      const error = await rejectionOf(
        store.applyChanges(
          [
            { op: 'create', kind: 'service', key: 'a', after: buildService({ id: 'b' }) },
            {
              op: 'update',
              kind: 'dependency',
              key: 'x->y',
              after: buildDependency({ from: 'x', to: 'z' }),
            },
            { op: 'delete', kind: 'widget' as 'party', key: 'w' },
            { op: 'rename' as 'delete', kind: 'party', key: 'p' },
            { op: 'delete', kind: 'dependency', key: 'no-arrow' },
          ],
          { id: '' },
        ),
      );
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).details).toStrictEqual([
        { path: 'actor', message: 'an actor id is required' },
        { path: 'changes[0]', message: "create of service 'a' carries the entity 'b'" },
        { path: 'changes[1]', message: "update of dependency 'x->y' carries the entity 'x->z'" },
        { path: 'changes[2]', message: "unknown kind 'widget'" },
        { path: 'changes[3]', message: "unknown op 'rename'" },
        { path: 'changes[4]', message: "dependency key 'no-arrow' is malformed" },
      ]);
      expect(error.message).toBe(
        "invalid change set: actor: an actor id is required; changes[0]: create of service 'a' carries the entity 'b'; changes[1]: update of dependency 'x->y' carries the entity 'x->z'; changes[2]: unknown kind 'widget'; changes[3]: unknown op 'rename'; changes[4]: dependency key 'no-arrow' is malformed",
      );
      expect(await snapshot(store)).toStrictEqual(before);
    });
  });

  describe('big change sets', () => {
    it('applies thousands of entities in one set and refuses the whole set for one conflict at its end', async () => {
      store = await open();
      await store.migrate();
      const model = largeModel({ services: 2000, fanOut: 3 });
      const changes = createChanges(model);
      const last = model.dependencies.at(-1);
      const duplicate = {
        op: 'create',
        kind: 'dependency',
        key: `${last?.from}->${last?.to}`,
        after: last,
      } as ModelChange;
      const error = await rejectionOf(store.applyChanges([...changes, duplicate], alice));
      expect((error as ConflictError).details).toStrictEqual([
        {
          op: 'create',
          kind: 'dependency',
          key: duplicate.key,
          message: `create dependency '${duplicate.key}': already exists`,
        },
      ]);
      expect(await store.loadModel()).toStrictEqual({
        parties: [],
        services: [],
        dependencies: [],
        subscriptions: [],
      });
      await store.applyChanges(changes, alice);
      expect(await store.loadModel()).toStrictEqual(model);
      expect(await store.listAudit({ limit: 1000 })).toHaveLength(1000);
    });
  });
}
