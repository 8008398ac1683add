import { Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { SessionRecord, TokenRecord, UserChange, UserRecord } from '../../accounts/types.js';
import type { CompactModel } from '../../engine/compact-model.js';
import type { Incident, IncidentSummary, NewIncident } from '../../incidents/types.js';
import type { MaintenanceWindow, NewMaintenanceWindow } from '../../maintenance/types.js';
import type {
  Dependency,
  EntityKind,
  Model,
  Party,
  Service,
  SignalMatcher,
  Subscription,
} from '../../model/entities.js';
import type {
  Delivery,
  NewSubscriber,
  StoredSubscriber,
  SubscriberChange,
} from '../../notify/subscriber.js';
import type { StatusPage } from '../../status-pages/types.js';
import type { NewUser } from '../account-store.js';
import type { AcknowledgementRecord, NewAcknowledgement } from '../acknowledgement-store.js';
import { orderChanges } from '../change-order.js';
import type {
  HistoricState,
  NewStatusChange,
  StateChange,
  StatusChange,
  StatusChangeQuery,
} from '../history-store.js';
import type { IncidentQuery } from '../incident-store.js';
import { KyselyReads } from '../kysely-reads.js';
import { KyselyStatusPages } from '../kysely-status-pages.js';
import type { MaintenanceQuery } from '../maintenance-store.js';
import { migrateToLatest } from '../migrations.js';
import type {
  AttemptResult,
  DeliveryQuery,
  EnqueueOutcome,
  FirstMessage,
  NewDelivery,
  SubscriberQuery,
} from '../notify-store.js';
import type { Database } from '../rows.js';
import type {
  NewOverride,
  OverrideRecord,
  RecordedSignal,
  SignalRecord,
  StoredSignal,
  UnmatchedQuery,
} from '../signal-store.js';
import type {
  Actor,
  AuditQuery,
  AuditRecord,
  DependencyFilter,
  EntityOf,
  ModelChange,
  Store,
  SubscriptionFilter,
  Versioned,
} from '../store.js';
import { PostgresAccounts } from './postgres-accounts.js';
import { PostgresAcknowledgements } from './postgres-acknowledgements.js';
import { applyOrdered } from './postgres-apply.js';
import { loadPostgresCompactModel } from './postgres-compact.js';
import { checkConnection, checkSchemaName, createPool, redactUrl } from './postgres-connection.js';
import { SchemaPostgresDialect } from './postgres-dialect.js';
import { PostgresHistory } from './postgres-history.js';
import { PostgresIncidents } from './postgres-incidents.js';
import { lockFor } from './postgres-locks.js';
import { PostgresMaintenance } from './postgres-maintenance.js';
import { PostgresNotify } from './postgres-notify.js';
import { PostgresSignals } from './postgres-signals.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /**
   * The schema the tables live in (created when missing); default `public`. Several stores can
   * share a database in schemas of their own.
   */
  schema?: string;
  /** Connections at most (default 10). */
  poolSize?: number;
  /**
   * Drop the schema and everything in it on close: for tests and benchmarks, which each work in
   * a schema of their own. Refused for `public`.
   */
  dropSchemaOnClose?: boolean;
  /** The clock that stamps changes and audit records (default: the system clock). */
  now?: () => Date;
}

/**
 * Opens a PostgreSQL store: a pool whose every connection works in the store's schema.
 * Fails, naming the URL without its password, when the server cannot be reached. Call
 * `migrate()` before anything else.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  checkSchemaName(schema);
  if (options.dropSchemaOnClose && schema === 'public')
    throw new Error('dropSchemaOnClose would drop the public schema; name a schema of your own');
  const pool = createPool({ url: options.url, schema, max: options.poolSize });
  try {
    await checkConnection(pool, options.url);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, schema, options);
}

/**
 * Reads are the shared Kysely ones (kysely-reads.ts). Writes that SQLite makes safe by having
 * one writer take an advisory lock here (postgres-locks.ts); signal batches take one of their
 * own (postgres-signal-batch.ts), so ingest never waits for a model change.
 */
class PostgresStore implements Store {
  private readonly kysely: Kysely<Database>;
  private readonly reads: KyselyReads;
  private readonly accounts: PostgresAccounts;
  private readonly signals: PostgresSignals;
  private readonly acknowledgements: PostgresAcknowledgements;
  private readonly history: PostgresHistory;
  private readonly incidents: PostgresIncidents;
  private readonly maintenance: PostgresMaintenance;
  private readonly notify: PostgresNotify;
  private readonly statusPages: KyselyStatusPages;
  private readonly now: () => Date;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly options: PostgresStoreOptions,
  ) {
    this.kysely = new Kysely<Database>({ dialect: new SchemaPostgresDialect({ pool }, schema) });
    this.now = options.now ?? (() => new Date());
    this.reads = new KyselyReads(this.kysely);
    this.accounts = new PostgresAccounts(this.kysely, this.now);
    this.signals = new PostgresSignals(this.kysely);
    this.acknowledgements = new PostgresAcknowledgements(this.kysely, this.now);
    this.history = new PostgresHistory(this.kysely);
    this.incidents = new PostgresIncidents(this.kysely, this.now);
    this.maintenance = new PostgresMaintenance(this.kysely, this.now);
    this.notify = new PostgresNotify(this.kysely, this.now);
    this.statusPages = new KyselyStatusPages(this.kysely, this.now);
  }

  async migrate(): Promise<void> {
    try {
      await sql`create schema if not exists ${sql.id(this.schema)}`.execute(this.kysely);
      await migrateToLatest(this.kysely as Kysely<unknown>, 'postgres', this.schema);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `migrating PostgreSQL at ${redactUrl(this.options.url)} (schema ${this.schema}): ${reason}`,
        { cause: error },
      );
    }
  }

  loadModel(): Promise<Model> {
    return this.reads.loadModel();
  }

  loadCompactModel(): Promise<CompactModel> {
    return loadPostgresCompactModel(this.pool);
  }

  getService(id: string): Promise<Service | undefined> {
    return this.reads.getService(id);
  }

  listServices(): Promise<Service[]> {
    return this.reads.listServices();
  }

  getParty(id: string): Promise<Party | undefined> {
    return this.reads.getParty(id);
  }

  listParties(): Promise<Party[]> {
    return this.reads.listParties();
  }

  listDependencies(filter?: DependencyFilter): Promise<Dependency[]> {
    return this.reads.listDependencies(filter);
  }

  listSubscriptions(filter?: SubscriptionFilter): Promise<Subscription[]> {
    return this.reads.listSubscriptions(filter);
  }

  getEntity<K extends EntityKind>(
    kind: K,
    key: string,
  ): Promise<Versioned<EntityOf<K>> | undefined> {
    return this.reads.getEntity(kind, key);
  }

  async applyChanges(changes: readonly ModelChange[], actor: Actor): Promise<void> {
    const ordered = orderChanges(changes, actor);
    if (ordered.length === 0) return;
    await this.kysely.transaction().execute(async (trx) => {
      await lockFor(trx, 'model');
      // Stamped once the lock is held, so stamps follow the order change sets commit in.
      await applyOrdered(trx, ordered, actor, this.now().toISOString());
    });
  }

  listAudit(query?: AuditQuery): Promise<AuditRecord[]> {
    return this.reads.listAudit(query);
  }

  countUsers(): Promise<number> {
    return this.accounts.countUsers();
  }

  getUser(name: string): Promise<UserRecord | undefined> {
    return this.accounts.getUser(name);
  }

  listUsers(): Promise<UserRecord[]> {
    return this.accounts.listUsers();
  }

  createUser(user: NewUser, actor: Actor): Promise<UserRecord> {
    return this.accounts.createUser(user, actor);
  }

  updateUser(
    name: string,
    change: UserChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<UserRecord> {
    return this.accounts.updateUser(name, change, actor, expectVersion);
  }

  deleteUser(name: string, actor: Actor, expectVersion?: number): Promise<void> {
    return this.accounts.deleteUser(name, actor, expectVersion);
  }

  createSession(session: SessionRecord): Promise<void> {
    return this.accounts.createSession(session);
  }

  getSession(hash: string): Promise<SessionRecord | undefined> {
    return this.accounts.getSession(hash);
  }

  deleteSession(hash: string): Promise<void> {
    return this.accounts.deleteSession(hash);
  }

  deleteSessions(user: string, exceptHash?: string): Promise<number> {
    return this.accounts.deleteSessions(user, exceptHash);
  }

  deleteExpiredSessions(now: string): Promise<number> {
    return this.accounts.deleteExpiredSessions(now);
  }

  createToken(token: TokenRecord, actor: Actor): Promise<void> {
    return this.accounts.createToken(token, actor);
  }

  getToken(id: string): Promise<TokenRecord | undefined> {
    return this.accounts.getToken(id);
  }

  getTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return this.accounts.getTokenByHash(hash);
  }

  listTokens(user?: string): Promise<TokenRecord[]> {
    return this.accounts.listTokens(user);
  }

  revokeToken(id: string, at: string, actor: Actor): Promise<TokenRecord> {
    return this.accounts.revokeToken(id, at, actor);
  }

  touchToken(id: string, at: string): Promise<void> {
    return this.accounts.touchToken(id, at);
  }

  recordSignals(signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
    return this.signals.record(signals);
  }

  listActiveSignals(now: number): Promise<StoredSignal[]> {
    return this.signals.listActive(now);
  }

  listUnmatchedSignals(query: UnmatchedQuery): Promise<StoredSignal[]> {
    return this.signals.listUnmatched(query);
  }

  remapSignals(
    changes: readonly { id: number; services: string[]; unmatched?: string }[],
  ): Promise<void> {
    return this.signals.remap(changes);
  }

  setOverride(override: NewOverride): Promise<OverrideRecord> {
    return this.signals.setOverride(override);
  }

  clearOverride(service: string, by: string, at: number): Promise<OverrideRecord | undefined> {
    return this.signals.clearOverride(service, by, at);
  }

  listActiveOverrides(now: number): Promise<OverrideRecord[]> {
    return this.signals.listActiveOverrides(now);
  }

  listSignalMatchers(): Promise<{ service: string; signals: SignalMatcher[] }[]> {
    return this.signals.listSignalMatchers();
  }

  setAcknowledgement(acknowledgement: NewAcknowledgement): Promise<AcknowledgementRecord> {
    return this.acknowledgements.set(acknowledgement);
  }

  clearAcknowledgement(
    service: string,
    by: string,
    at: number,
  ): Promise<AcknowledgementRecord | undefined> {
    return this.acknowledgements.clear(service, by, at);
  }

  listActiveAcknowledgements(now: number): Promise<AcknowledgementRecord[]> {
    return this.acknowledgements.listActive(now);
  }

  recordStatusChanges(changes: readonly NewStatusChange[]): Promise<void> {
    return this.history.record(changes);
  }

  listStatusChanges(query: StatusChangeQuery): Promise<StatusChange[]> {
    return this.history.list(query);
  }

  listStateChanges(from: number, to: number, services?: readonly string[]): Promise<StateChange[]> {
    return this.history.listState(from, to, services);
  }

  stateAt(at: number, services?: readonly string[]): Promise<HistoricState[]> {
    return this.history.stateAt(at, services);
  }

  writeStatusSnapshot(at: number): Promise<{ services: number }> {
    return this.history.snapshot(at);
  }

  pruneStatusSnapshots(before: number): Promise<{ deleted: number }> {
    return this.history.prune(before);
  }

  createIncident(incident: NewIncident, actor: Actor): Promise<Incident> {
    return this.incidents.create(incident, actor);
  }

  updateIncident(
    id: number,
    change: (current: Incident) => Incident,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Incident> {
    return this.incidents.update(id, change, actor, expectVersion);
  }

  getIncident(id: number): Promise<Incident | undefined> {
    return this.incidents.get(id);
  }

  listIncidents(query: IncidentQuery = {}): Promise<IncidentSummary[]> {
    return this.incidents.list(query);
  }

  listOpenIncidents(): Promise<IncidentSummary[]> {
    return this.incidents.listOpen();
  }

  missingSignals(ids: readonly number[]): Promise<number[]> {
    return this.incidents.missingSignals(ids);
  }

  createWindow(window: NewMaintenanceWindow, actor: Actor): Promise<MaintenanceWindow> {
    return this.maintenance.create(window, actor);
  }

  updateWindow(
    id: number,
    change: (current: MaintenanceWindow) => MaintenanceWindow,
    actor: Actor,
    expectVersion?: number,
  ): Promise<MaintenanceWindow> {
    return this.maintenance.update(id, change, actor, expectVersion);
  }

  getWindow(id: number): Promise<MaintenanceWindow | undefined> {
    return this.maintenance.get(id);
  }

  listWindows(query: MaintenanceQuery = {}): Promise<MaintenanceWindow[]> {
    return this.maintenance.list(query);
  }

  createStatusPage(page: StatusPage, actor: Actor): Promise<Versioned<StatusPage>> {
    return this.statusPages.create(page, actor);
  }

  updateStatusPage(
    page: StatusPage,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Versioned<StatusPage>> {
    return this.statusPages.update(page, actor, expectVersion);
  }

  deleteStatusPage(slug: string, actor: Actor, expectVersion?: number): Promise<void> {
    return this.statusPages.delete(slug, actor, expectVersion);
  }

  getStatusPage(slug: string): Promise<Versioned<StatusPage> | undefined> {
    return this.statusPages.get(slug);
  }

  listStatusPages(): Promise<Versioned<StatusPage>[]> {
    return this.statusPages.list();
  }

  createSubscriber(
    subscriber: NewSubscriber,
    actor: Actor,
    first?: FirstMessage,
  ): Promise<StoredSubscriber> {
    return this.notify.createSubscriber(subscriber, actor, first);
  }

  getSubscriber(id: number): Promise<StoredSubscriber | undefined> {
    return this.notify.getSubscriber(id);
  }

  listSubscribers(query: SubscriberQuery = {}): Promise<StoredSubscriber[]> {
    return this.notify.listSubscribers(query);
  }

  updateSubscriber(
    id: number,
    change: SubscriberChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<StoredSubscriber> {
    return this.notify.updateSubscriber(id, change, actor, expectVersion);
  }

  deleteSubscriber(id: number, actor: Actor, expectVersion?: number): Promise<void> {
    return this.notify.deleteSubscriber(id, actor, expectVersion);
  }

  enqueueDeliveries(
    deliveries: readonly NewDelivery[],
    options: { now: number; debounceMs: number },
  ): Promise<EnqueueOutcome[]> {
    return this.notify.enqueue(deliveries, options);
  }

  claimDeliveries(now: number, leaseMs: number, limit: number): Promise<Delivery[]> {
    return this.notify.claim(now, leaseMs, limit);
  }

  finishAttempt(
    id: number,
    result: AttemptResult,
    options: { now: number; disableAfter: number },
  ): Promise<{ delivery: Delivery; disabled: boolean }> {
    return this.notify.finish(id, result, options);
  }

  getDelivery(id: number): Promise<Delivery | undefined> {
    return this.notify.getDelivery(id);
  }

  listDeliveries(query: DeliveryQuery = {}): Promise<Delivery[]> {
    return this.notify.listDeliveries(query);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.options.dropSchemaOnClose)
        await sql`drop schema if exists ${sql.id(this.schema)} cascade`.execute(this.kysely);
    } finally {
      // Ends the pool too (Kysely's PostgreSQL driver ends the pool it was given).
      await this.kysely.destroy();
    }
  }
}
