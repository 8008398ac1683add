import { afterEach, describe, expect, it } from 'vitest';
import { modelToCompact } from '../../engine/model-to-compact.js';
import type { Store } from '../store.js';
import { createChanges, largeModel } from '../test-model.js';
import { alice, expectedCompact, type OpenStore, openWithChain } from './helpers.js';

/** loadCompactModel: the columns agree with loadModel, numbered in id order. */
export function compactContract(open: OpenStore): void {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  describe('loadCompactModel', () => {
    it('is empty for an empty store', async () => {
      store = await open();
      await store.migrate();
      const compact = await store.loadCompactModel();
      expect(compact).toStrictEqual(
        expectedCompact({ parties: [], services: [], dependencies: [], subscriptions: [] }),
      );
    });

    it('numbers the chain in id order, with rules, impacts, weights, costs and providers', async () => {
      const opened = await openWithChain(open);
      store = opened.store;
      const compact = await store.loadCompactModel();
      expect(compact).toStrictEqual(expectedCompact(opened.model));
      // The engine's own conversion of the loaded model agrees too.
      expect(compact).toStrictEqual(modelToCompact(await store.loadModel()));
      // Spelled out once, so the expectation above cannot be wrong in the same way as the store.
      expect(compact.serviceIds).toEqual([
        'analytics',
        'db-cluster',
        'db01',
        'db02',
        'invoicing',
        'order-entry',
        'order-to-cash',
        'sap-erp',
      ]);
      expect(compact.partyIds).toEqual([
        'acme',
        'finance',
        'infra-team',
        'retail-customers',
        'sales',
        'sap-team',
      ]);
      expect([...compact.serviceProvider]).toEqual([5, 2, 2, 2, 1, 4, 4, 5]);
      expect([...compact.serviceCost]).toEqual([0, 0, 0, 0, 0, 0, 120000, 0]);
      expect([...compact.serviceRules.keys()]).toEqual([0, 1, 7]);
      expect([...compact.edgeFrom]).toEqual([0, 1, 1, 4, 5, 6, 6, 6, 7]);
      expect([...compact.edgeTo]).toEqual([1, 2, 3, 7, 7, 0, 4, 5, 1]);
      expect(compact.edgeImpacts).toStrictEqual(
        new Map([
          [0, { kind: 'shift', by: -1 }],
          [2, { kind: 'map', map: { major_outage: 'degraded' } }],
          [5, { kind: 'cap', level: 'degraded' }],
        ]),
      );
      expect(compact.edgeWeights).toStrictEqual(new Map([[6, 2]]));
      expect(compact.partyKinds).toEqual([
        'organization',
        'team',
        'team',
        'external',
        'team',
        'team',
      ]);
      expect([...compact.subscriptionParty]).toEqual([1, 3, 4]);
      expect([...compact.subscriptionService]).toEqual([4, 6, 7]);
    });

    it('agrees with loadModel on a model of thousands', async () => {
      store = await open();
      await store.migrate();
      const model = largeModel({ services: 3000, fanOut: 4 });
      await store.applyChanges(createChanges(model), alice);
      expect(await store.loadCompactModel()).toStrictEqual(expectedCompact(model));
    });
  });
}
