import {
  type Dependency,
  dependencyKey,
  type EntityKind,
  type Party,
  type Service,
  type Subscription,
  subscriptionKey,
} from '../model/entities.js';
import {
  dependencyRowToDependency,
  dependencyToRow,
  partyRowToParty,
  partyToRow,
  serviceRowToService,
  serviceToRow,
  subscriptionRowToSubscription,
  subscriptionToRow,
} from './mappers.js';
import type { Database } from './rows.js';
import type { EntityOf } from './store.js';

/**
 * How one entity kind is stored: its table, key columns, own columns (stamps excluded) and the
 * mappers between row and entity. Every implementation writes and reads through these, so a new
 * column is added in one place.
 */
export interface TableSpec<E> {
  kind: EntityKind;
  table: keyof Database & string;
  /** The key columns, in the order `keyValues` gives their values. */
  keyColumns: readonly string[];
  /** Every column but the stamps, keys first. */
  columns: readonly string[];
  toRow(entity: E): Record<string, string | number | null>;
  fromRow(row: Record<string, unknown>): E;
  keyOf(entity: E): string;
  /** The key column values for a change's key, or undefined when the key is malformed. */
  keyValues(key: string): string[] | undefined;
}

/** Splits `a->b` into its two ids; ids never contain `>`, so the split is unambiguous. */
export function splitPairKey(key: string): [string, string] | undefined {
  const at = key.indexOf('->');
  if (at <= 0 || at + 2 >= key.length) return undefined;
  const second = key.slice(at + 2);
  return second.includes('->') ? undefined : [key.slice(0, at), second];
}

const single = (key: string) => (key.length > 0 && !key.includes('->') ? [key] : undefined);

const parties: TableSpec<Party> = {
  kind: 'party',
  table: 'parties',
  keyColumns: ['id'],
  columns: ['id', 'name', 'kind', 'parent', 'body'],
  toRow: (p) => ({ ...partyToRow(p) }),
  fromRow: (row) => partyRowToParty(row as never),
  keyOf: (p) => p.id,
  keyValues: single,
};

const services: TableSpec<Service> = {
  kind: 'service',
  table: 'services',
  keyColumns: ['id'],
  columns: [
    'id',
    'name',
    'label',
    'provider',
    'lifecycle',
    'criticality',
    'cost_per_hour',
    'rule',
    'body',
  ],
  toRow: (s) => ({ ...serviceToRow(s) }),
  fromRow: (row) => serviceRowToService(row as never),
  keyOf: (s) => s.id,
  keyValues: single,
};

const dependencies: TableSpec<Dependency> = {
  kind: 'dependency',
  table: 'dependencies',
  keyColumns: ['from_id', 'to_id'],
  columns: ['from_id', 'to_id', 'impact', 'weight', 'note'],
  toRow: (d) => ({ ...dependencyToRow(d) }),
  fromRow: (row) => dependencyRowToDependency(row as never),
  keyOf: dependencyKey,
  keyValues: splitPairKey,
};

const subscriptions: TableSpec<Subscription> = {
  kind: 'subscription',
  table: 'subscriptions',
  keyColumns: ['party_id', 'service_id'],
  columns: ['party_id', 'service_id', 'slo', 'note'],
  toRow: (s) => ({ ...subscriptionToRow(s) }),
  fromRow: (row) => subscriptionRowToSubscription(row as never),
  keyOf: subscriptionKey,
  keyValues: splitPairKey,
};

/** The table of every entity kind. */
export const TABLES: { readonly [K in EntityKind]: TableSpec<EntityOf<K>> } = {
  party: parties,
  service: services,
  dependency: dependencies,
  subscription: subscriptions,
};

export function isEntityKind(value: unknown): value is EntityKind {
  return typeof value === 'string' && Object.hasOwn(TABLES, value);
}
