import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, InputError } from '../../model/errors.js';
import type { ChangeConflict, ModelChange, Store } from '../store.js';
import {
  buildDependency,
  buildParty,
  buildService,
  buildSubscription,
  createChanges,
  largeModel,
} from '../test-model.js';
import { alice, bob, type OpenStore, openWithChain, rejectionOf, snapshot } from './helpers.js';

/** applyChanges: atomicity, ordering, versions, conflicts and references. */
export function writeContract(open: OpenStore): void {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  /** Applies `changes`, expects a ConflictError with exactly `conflicts`, and no change. */
  async function expectConflict(s: Store, changes: ModelChange[], conflicts: ChangeConflict[]) {
    const before = await snapshot(s);
    const error = await rejectionOf(s.applyChanges(changes, bob));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toStrictEqual(conflicts);
    expect(await snapshot(s)).toStrictEqual(before);
    return error;
  }

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

  describe('conflicts', () => {
    it('refuses a create of an existing key and writes none of the set', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const error = await expectConflict(
        store,
        [
          { op: 'create', kind: 'service', key: 'fresh', after: buildService({ id: 'fresh' }) },
          { op: 'create', kind: 'service', key: 'db01', after: buildService({ id: 'db01' }) },
          {
            op: 'create',
            kind: 'dependency',
            key: 'sap-erp->db-cluster',
            after: buildDependency({ from: 'sap-erp', to: 'db-cluster' }),
          },
        ],
        [
          { op: 'create', kind: 'service', key: 'db01', message: 'already exists' },
          {
            op: 'create',
            kind: 'dependency',
            key: 'sap-erp->db-cluster',
            message: 'already exists',
          },
        ],
      );
      expect(error.message).toBe(
        "change set refused: create service 'db01': already exists; create dependency 'sap-erp->db-cluster': already exists",
      );
    });

    it('refuses an update or delete of a missing key', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      await expectConflict(
        store,
        [
          { op: 'update', kind: 'party', key: 'ghost', after: buildParty({ id: 'ghost' }) },
          { op: 'delete', kind: 'dependency', key: 'db01->db02' },
          { op: 'delete', kind: 'subscription', key: 'finance->sap-erp' },
        ],
        [
          {
            op: 'delete',
            kind: 'subscription',
            key: 'finance->sap-erp',
            message: 'does not exist',
          },
          { op: 'delete', kind: 'dependency', key: 'db01->db02', message: 'does not exist' },
          { op: 'update', kind: 'party', key: 'ghost', message: 'does not exist' },
        ],
      );
    });

    it('refuses to delete a service still depended on or subscribed to, naming the referrers', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const error = await expectConflict(
        store,
        [
          { op: 'delete', kind: 'service', key: 'sap-erp' },
          { op: 'delete', kind: 'dependency', key: 'order-entry->sap-erp' },
        ],
        [
          {
            op: 'delete',
            kind: 'service',
            key: 'sap-erp',
            message:
              "still referred to by dependencies 'invoicing->sap-erp', 'sap-erp->db-cluster' and subscriptions 'sales->sap-erp'",
          },
        ],
      );
      expect(error.message).toContain(
        "delete service 'sap-erp': still referred to by dependencies",
      );
    });

    it('refuses to delete a party that still provides, parents or subscribes', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      await expectConflict(
        store,
        [
          { op: 'delete', kind: 'party', key: 'acme' },
          { op: 'delete', kind: 'party', key: 'sales' },
        ],
        [
          {
            op: 'delete',
            kind: 'party',
            key: 'acme',
            // sales is deleted in the same set, so it no longer counts
            message: "still referred to by parties (as parent) 'finance', 'infra-team', 'sap-team'",
          },
          {
            op: 'delete',
            kind: 'party',
            key: 'sales',
            message:
              "still referred to by services (as provider) 'order-entry', 'order-to-cash' and subscriptions 'sales->sap-erp'",
          },
        ],
      );
    });

    it('refuses references to missing entities, also ones deleted in the same set', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      await expectConflict(
        store,
        [
          { op: 'delete', kind: 'party', key: 'retail-customers' },
          { op: 'delete', kind: 'subscription', key: 'retail-customers->order-to-cash' },
          {
            op: 'create',
            kind: 'party',
            key: 'kid',
            after: buildParty({ id: 'kid', parent: 'nobody' }),
          },
          {
            op: 'create',
            kind: 'service',
            key: 'orphan',
            after: buildService({ id: 'orphan', provider: 'retail-customers' }),
          },
          {
            op: 'create',
            kind: 'dependency',
            key: 'ghost->db01',
            after: buildDependency({ from: 'ghost', to: 'db01' }),
          },
          {
            op: 'create',
            kind: 'subscription',
            key: 'kid->phantom',
            after: buildSubscription({ party: 'kid', service: 'phantom' }),
          },
        ],
        [
          {
            op: 'create',
            kind: 'party',
            key: 'kid',
            message: "parent party 'nobody' does not exist",
          },
          {
            op: 'create',
            kind: 'service',
            key: 'orphan',
            message: "provider party 'retail-customers' does not exist",
          },
          {
            op: 'create',
            kind: 'dependency',
            key: 'ghost->db01',
            message: "consumer service 'ghost' does not exist",
          },
          {
            op: 'create',
            kind: 'subscription',
            key: 'kid->phantom',
            message: "subscribed service 'phantom' does not exist",
          },
          {
            op: 'delete',
            kind: 'party',
            key: 'retail-customers',
            message: "still referred to by services (as provider) 'orphan'",
          },
        ],
      );
    });

    it('names the first ten problems in the message and counts the rest', async () => {
      store = await open();
      await store.migrate();
      const changes: ModelChange[] = Array.from({ length: 12 }, (_, i) => ({
        op: 'delete',
        kind: 'service',
        key: `s${i}`,
      }));
      const error = await rejectionOf(store.applyChanges(changes, alice));
      expect(error.message).toMatch(
        /^change set refused: delete service 's0': does not exist; .*delete service 's9': does not exist; and 2 more$/,
      );
      expect((error as ConflictError).details).toHaveLength(12);
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
        'actor: an actor id is required',
        "changes[0]: create of service 'a' carries the entity 'b'",
        "changes[1]: update of dependency 'x->y' carries the entity 'x->z'",
        "changes[2]: unknown kind 'widget'",
        "changes[3]: unknown op 'rename'",
        "changes[4]: dependency key 'no-arrow' is malformed",
      ]);
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
        { op: 'create', kind: 'dependency', key: duplicate.key, message: 'already exists' },
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
