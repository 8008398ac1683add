import { afterEach, describe, expect, it } from 'vitest';
import type { ConflictError } from '../../model/errors.js';
import type { ModelChange, Store } from '../store.js';
import { buildDependency, buildParty, buildService, buildSubscription } from '../test-model.js';
import { alice, expectConflict, type OpenStore, openWithChain, rejectionOf } from './helpers.js';

/** applyChanges refusing a set: existing and missing keys, references, deletes still referred to. */
export function conflictContract(open: OpenStore): void {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
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
}
