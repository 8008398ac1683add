import { expect } from 'vitest';
import type { CompactModel } from '../../engine/compact-model.js';
import type { Model } from '../../model/entities.js';
import { ConflictError } from '../../model/errors.js';
import type { Actor, ChangeConflict, ModelChange, Store } from '../store.js';
import { chainModel, createChanges } from '../test-model.js';

export const alice: Actor = { id: 'user:alice' };
export const bob: Actor = { id: 'token:ci-deploy' };

export type OpenStore = () => Promise<Store>;

/** Opens a store, migrates it, and loads the order-to-cash chain as alice. */
export async function openWithChain(open: OpenStore): Promise<{ store: Store; model: Model }> {
  const store = await open();
  await store.migrate();
  const model = chainModel();
  await store.applyChanges(createChanges(model), alice);
  return { store, model };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Everything a store holds that a test can see, to show that a failed write changed nothing. */
export async function snapshot(store: Store): Promise<unknown> {
  return { model: await store.loadModel(), audit: await store.listAudit({ limit: 1000 }) };
}

/** The compact form computed independently of any store, from a sorted object model. */
export function expectedCompact(model: Model): CompactModel {
  const partyIndex = new Map(model.parties.map((p, i) => [p.id, i]));
  const serviceIndex = new Map(model.services.map((s, i) => [s.id, i]));
  const at = (index: Map<string, number>, id: string) => index.get(id) ?? -2;
  return {
    serviceIds: model.services.map((s) => s.id),
    serviceProvider: Int32Array.from(model.services, (s) =>
      s.provider === undefined ? -1 : at(partyIndex, s.provider),
    ),
    serviceCost: Float64Array.from(model.services, (s) => s.costPerHour ?? 0),
    serviceRules: new Map(
      model.services.flatMap((s, i) => (s.rule.kind === 'worst' ? [] : [[i, s.rule] as const])),
    ),
    edgeFrom: Int32Array.from(model.dependencies, (d) => at(serviceIndex, d.from)),
    edgeTo: Int32Array.from(model.dependencies, (d) => at(serviceIndex, d.to)),
    edgeImpacts: new Map(
      model.dependencies.flatMap((d, e) =>
        d.impact.kind === 'as-is' ? [] : [[e, d.impact] as const],
      ),
    ),
    edgeWeights: new Map(
      model.dependencies.flatMap((d, e) => (d.weight === 1 ? [] : [[e, d.weight] as const])),
    ),
    partyIds: model.parties.map((p) => p.id),
    partyKinds: model.parties.map((p) => p.kind),
    subscriptionParty: Int32Array.from(model.subscriptions, (s) => at(partyIndex, s.party)),
    subscriptionService: Int32Array.from(model.subscriptions, (s) => at(serviceIndex, s.service)),
  };
}

/**
 * Applies `changes`, expects a ConflictError listing exactly `reasons` (each detail's message
 * is its reason after `op kind 'key': `), and that nothing changed.
 */
export async function expectConflict(
  s: Store,
  changes: ModelChange[],
  reasons: ChangeConflict[],
): Promise<Error> {
  const before = await snapshot(s);
  const error = await rejectionOf(s.applyChanges(changes, bob));
  expect(error).toBeInstanceOf(ConflictError);
  const expected = reasons.map((r) => ({
    ...r,
    message: `${r.op} ${r.kind} '${r.key}': ${r.message}`,
  }));
  expect((error as ConflictError).details).toStrictEqual(expected);
  expect(await snapshot(s)).toStrictEqual(before);
  return error;
}
