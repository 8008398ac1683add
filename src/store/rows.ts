import type { Generated } from 'kysely';

/**
 * Row types: what the tables hold, kept apart from the domain types (src/model) and joined to them
 * only by the mappers in mappers.ts. Columns that are filtered or joined on are scalar; the rest of
 * an entity is JSON text in `body`. Every entity row carries a `version` (1 on create, +1 per
 * update) and ISO 8601 creation and update times.
 */
export interface Stamps {
  version: number;
  created_at: string;
  updated_at: string;
}

/** A party's own columns, without its stamps. `body` holds description, labels, tags, links, contacts. */
export interface PartyColumns {
  id: string;
  name: string;
  kind: string;
  parent: string | null;
  body: string;
}

/**
 * A service's own columns. `rule` is the JSON of the canonical written rule (null for `worst`);
 * `cost_per_hour` and `rule` are columns so the compact model loads without reading `body`
 * (description, labels, tags, links, signals, slo, hours).
 */
export interface ServiceColumns {
  id: string;
  name: string;
  label: string;
  provider: string | null;
  lifecycle: string;
  criticality: string | null;
  cost_per_hour: number | null;
  rule: string | null;
  body: string;
}

/** `impact` is the JSON of the canonical written impact (null for `as-is`). */
export interface DependencyColumns {
  from_id: string;
  to_id: string;
  impact: string | null;
  weight: number;
  note: string | null;
}

export interface SubscriptionColumns {
  party_id: string;
  service_id: string;
  slo: number | null;
  note: string | null;
}

export type PartyRow = PartyColumns & Stamps;
export type ServiceRow = ServiceColumns & Stamps;
export type DependencyRow = DependencyColumns & Stamps;
export type SubscriptionRow = SubscriptionColumns & Stamps;

/** One audit record; `before` and `after` are JSON text of the domain entity, or null. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  op: string;
  kind: string;
  key: string;
  before: string | null;
  after: string | null;
}

/** The schema as Kysely sees it. */
export interface Database {
  parties: PartyRow;
  services: ServiceRow;
  dependencies: DependencyRow;
  subscriptions: SubscriptionRow;
  audit: Omit<AuditRow, 'id'> & { id: Generated<number> };
}
