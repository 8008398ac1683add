import type {
  Dependency,
  EntityKind,
  Model,
  Party,
  Service,
  Subscription,
} from '../model/entities.js';

/** Who made a change: a user, a token, or the CLI run by someone on the machine. */
export interface Actor {
  /** e.g. `user:alice`, `token:ci-deploy`, `cli:root@host`. */
  id: string;
}

export type EntityOf<K extends EntityKind> = K extends 'party'
  ? Party
  : K extends 'service'
    ? Service
    : K extends 'dependency'
      ? Dependency
      : Subscription;

/**
 * One change to the model. `key` is the entity's id, or `from->to` for a dependency and
 * `party->service` for a subscription (see dependencyKey and subscriptionKey).
 */
export type ModelChange =
  | {
      op: 'create';
      kind: EntityKind;
      key: string;
      after: Party | Service | Dependency | Subscription;
    }
  | {
      op: 'update';
      kind: EntityKind;
      key: string;
      after: Party | Service | Dependency | Subscription;
    }
  | { op: 'delete'; kind: EntityKind; key: string };

export interface AuditRecord {
  id: number;
  /** ISO 8601 time of the change. */
  at: string;
  actor: string;
  op: 'create' | 'update' | 'delete';
  kind: EntityKind;
  key: string;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  kind?: EntityKind;
  key?: string;
  actor?: string;
  /** Only records with an id below this (for paging backwards). */
  before?: number;
  limit?: number;
}

/**
 * Persistence. The only place that knows SQL. Every write is one transaction that also writes
 * one audit record per changed entity; a failure leaves the store as it was.
 */
export interface Store {
  /** Runs pending migrations. Called once at start. */
  migrate(): Promise<void>;
  loadModel(): Promise<Model>;
  getService(id: string): Promise<Service | undefined>;
  listServices(): Promise<Service[]>;
  getParty(id: string): Promise<Party | undefined>;
  listParties(): Promise<Party[]>;
  /**
   * Applies the changes atomically, with their audit records. Throws ConflictError when a create
   * meets an existing key or an update/delete a missing one (nothing is written then).
   */
  applyChanges(changes: readonly ModelChange[], actor: Actor): Promise<void>;
  listAudit(query?: AuditQuery): Promise<AuditRecord[]>;
  close(): Promise<void>;
}
