import type { CompactModel } from '../engine/compact-model.js';
import type {
  Dependency,
  EntityKind,
  Model,
  Party,
  Service,
  Subscription,
} from '../model/entities.js';
import type { AccountStore } from './account-store.js';
import type { AcknowledgementStore } from './acknowledgement-store.js';
import type { HistoryStore } from './history-store.js';
import type { IncidentStore } from './incident-store.js';
import type { MaintenanceStore } from './maintenance-store.js';
import type { NotifyStore } from './notify-store.js';
import type { SignalStore } from './signal-store.js';
import type { StatusPageStore } from './status-page-store.js';

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
 * `expectVersion` on an update or delete makes it conditional: it fails with a ConflictError
 * unless the stored entity has that version (what an HTTP `If-Match` asks for).
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
      expectVersion?: number;
    }
  | { op: 'delete'; kind: EntityKind; key: string; expectVersion?: number };

/**
 * An entity as stored, with its version: 1 when created, one more at every update. An ETag is
 * `"${version}"`; `createdAt` tells a re-created entity apart from the one deleted before it.
 */
export interface Versioned<T> {
  entity: T;
  version: number;
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
}

/**
 * What an audit record is about: a model entity, an account (`user`, `token`), an incident, a
 * notification subscriber, a maintenance window, a status page, or a service's acknowledgement
 * (key: the service).
 */
export type AuditKind =
  | EntityKind
  | 'user'
  | 'token'
  | 'incident'
  | 'subscriber'
  | 'maintenance'
  | 'status_page'
  | 'acknowledgement';

export interface AuditRecord {
  id: number;
  /** ISO 8601 time of the change. */
  at: string;
  actor: string;
  op: 'create' | 'update' | 'delete';
  kind: AuditKind;
  key: string;
  before: unknown;
  after: unknown;
}

/** Filters for listAudit; all given ones must hold. */
export interface AuditQuery {
  op?: AuditRecord['op'];
  /** One kind, or any of several. */
  kind?: AuditKind | readonly AuditKind[];
  key?: string;
  actor?: string;
  /** Only records with an id below this (for paging backwards). */
  before?: number;
  /** 1 to 1000 (AUDIT_MAX_LIMIT); default 100. Anything else is an InputError. */
  limit?: number;
}

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;

export interface DependencyFilter {
  from?: string;
  to?: string;
}

export interface SubscriptionFilter {
  party?: string;
  service?: string;
}

/**
 * Persistence. The only place that knows SQL. Every write is one transaction that also writes
 * one audit record per changed entity; a failure leaves the store as it was.
 */
export interface Store
  extends AccountStore,
    AcknowledgementStore,
    SignalStore,
    HistoryStore,
    IncidentStore,
    MaintenanceStore,
    NotifyStore,
    StatusPageStore {
  /** Runs pending migrations. Called once at start, before any other method. */
  migrate(): Promise<void>;
  /**
   * The whole model, deterministic: parties and services by id, dependencies by from then to,
   * subscriptions by party then service (ids compare bytewise, as JavaScript compares them).
   */
  loadModel(): Promise<Model>;
  /**
   * The model in columns for the engine, read straight from the rows: services and parties
   * numbered in id order, edges and subscriptions in the order loadModel gives them.
   */
  loadCompactModel(): Promise<CompactModel>;
  getService(id: string): Promise<Service | undefined>;
  /** Sorted by id. */
  listServices(): Promise<Service[]>;
  getParty(id: string): Promise<Party | undefined>;
  /** Sorted by id. */
  listParties(): Promise<Party[]>;
  /** Sorted by from then to. */
  listDependencies(filter?: DependencyFilter): Promise<Dependency[]>;
  /** Sorted by party then service. */
  listSubscriptions(filter?: SubscriptionFilter): Promise<Subscription[]>;
  /** One entity with its version and times, by kind and key (as in ModelChange). */
  getEntity<K extends EntityKind>(
    kind: K,
    key: string,
  ): Promise<Versioned<EntityOf<K>> | undefined>;
  /**
   * Applies the changes atomically, with one audit record each, all stamped with one time.
   * Order inside the set does not matter: deletes run first (subscriptions, dependencies,
   * services, parties), then creates and updates (parties, services, dependencies,
   * subscriptions). Throws, writing nothing:
   * - InputError when a change's key does not match its entity, its op or kind is unknown, or
   *   the actor has no id; `details` lists every such problem as a `Problem` (path `changes[i]`);
   * - ConflictError when a create meets an existing key, an update or delete a missing one, an
   *   `expectVersion` is not the stored version, a reference (provider, parent, dependency end,
   *   subscription end) names a missing entity, or a deleted service or party is still referred
   *   to after the whole set. `details` lists every such problem as `ChangeConflict`s.
   */
  applyChanges(changes: readonly ModelChange[], actor: Actor): Promise<void>;
  /** Newest first. */
  listAudit(query?: AuditQuery): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

/** One reason a change set was refused, in ConflictError.details. */
export interface ChangeConflict {
  op: ModelChange['op'];
  kind: EntityKind;
  key: string;
  /** Complete on its own: `delete service 'db01': still referred to by dependencies 'a->db01'`. */
  message: string;
}
