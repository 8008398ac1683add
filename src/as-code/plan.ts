import { dependencyKey, type EntityKind, type Model, subscriptionKey } from '../model/entities.js';
import type { ModelChange } from '../store/store.js';
import { canonicalFields, stableJson } from './canonical.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface PlanEntry {
  kind: EntityKind;
  key: string;
  /** A display name: the entity's name, or `from -> to` for relations. */
  name: string;
}

/** What applying a set of files would do, entity by entity. */
export interface Plan {
  created: PlanEntry[];
  changed: (PlanEntry & { fields: FieldChange[] })[];
  deleted: PlanEntry[];
}

/**
 * The model the store should hold after applying `declared`. Declared parties and services replace
 * their stored versions whole, with their subscriptions and dependencies. Entities the files do
 * not mention stay, unless `prune` is set, in which case they go, with their relations.
 */
export function mergeModel(current: Model, declared: Model, prune: boolean): Model {
  if (prune) return declared;
  const declaredParties = new Set(declared.parties.map((p) => p.id));
  const declaredServices = new Set(declared.services.map((s) => s.id));
  return {
    parties: [...current.parties.filter((p) => !declaredParties.has(p.id)), ...declared.parties],
    services: [
      ...current.services.filter((s) => !declaredServices.has(s.id)),
      ...declared.services,
    ],
    dependencies: [
      ...current.dependencies.filter((d) => !declaredServices.has(d.from)),
      ...declared.dependencies,
    ],
    subscriptions: [
      ...current.subscriptions.filter((s) => !declaredParties.has(s.party)),
      ...declared.subscriptions,
    ],
  };
}

interface Keyed {
  kind: EntityKind;
  key: string;
  name: string;
  entity: Model[keyof Model][number];
}

function keyedEntities(model: Model): Map<string, Keyed> {
  const all = new Map<string, Keyed>();
  for (const party of model.parties)
    all.set(`party:${party.id}`, { kind: 'party', key: party.id, name: party.name, entity: party });
  for (const service of model.services)
    all.set(`service:${service.id}`, {
      kind: 'service',
      key: service.id,
      name: service.name,
      entity: service,
    });
  for (const d of model.dependencies) {
    const key = dependencyKey(d);
    all.set(`dependency:${key}`, {
      kind: 'dependency',
      key,
      name: `${d.from} -> ${d.to}`,
      entity: d,
    });
  }
  for (const s of model.subscriptions) {
    const key = subscriptionKey(s);
    all.set(`subscription:${key}`, {
      kind: 'subscription',
      key,
      name: `${s.party} -> ${s.service}`,
      entity: s,
    });
  }
  return all;
}

const KIND_ORDER: Record<EntityKind, number> = {
  party: 0,
  service: 1,
  dependency: 2,
  subscription: 3,
};

function byKindThenKey(a: PlanEntry, b: PlanEntry): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The difference from `current` to `desired`, field by field for changed entities. */
export function planChanges(current: Model, desired: Model): Plan {
  const before = keyedEntities(current);
  const after = keyedEntities(desired);
  const plan: Plan = { created: [], changed: [], deleted: [] };
  for (const [id, next] of after) {
    const previous = before.get(id);
    const entry = { kind: next.kind, key: next.key, name: next.name };
    if (!previous) {
      plan.created.push(entry);
      continue;
    }
    const fields = fieldChanges(
      canonicalFields(next.kind, previous.entity),
      canonicalFields(next.kind, next.entity),
    );
    if (fields.length > 0) plan.changed.push({ ...entry, fields });
  }
  for (const [id, previous] of before) {
    if (!after.has(id))
      plan.deleted.push({ kind: previous.kind, key: previous.key, name: previous.name });
  }
  plan.created.sort(byKindThenKey);
  plan.changed.sort(byKindThenKey);
  plan.deleted.sort(byKindThenKey);
  return plan;
}

function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes: FieldChange[] = [];
  for (const field of names) {
    if (stableJson(before[field]) !== stableJson(after[field])) {
      changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
    }
  }
  return changes;
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.created.length + plan.changed.length + plan.deleted.length === 0;
}

/** The store changes that carry out a plan, taking the new versions from `desired`. */
export function planToChanges(plan: Plan, desired: Model): ModelChange[] {
  const entities = keyedEntities(desired);
  const changes: ModelChange[] = [];
  for (const entry of plan.deleted)
    changes.push({ op: 'delete', kind: entry.kind, key: entry.key });
  for (const entry of plan.created) {
    changes.push({
      op: 'create',
      kind: entry.kind,
      key: entry.key,
      after: (entities.get(`${entry.kind}:${entry.key}`) as Keyed).entity,
    });
  }
  for (const entry of plan.changed) {
    changes.push({
      op: 'update',
      kind: entry.kind,
      key: entry.key,
      after: (entities.get(`${entry.kind}:${entry.key}`) as Keyed).entity,
    });
  }
  return changes;
}
