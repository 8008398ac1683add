import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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
import type {
  HistoricState,
  NewStatusChange,
  StateChange,
  StatusChange,
  StatusChangeQuery,
} from '../history-store.js';
import type { IncidentQuery } from '../incident-store.js';
import { KyselyReads } from '../kysely-reads.js';
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
import { SqliteAccounts } from './sqlite-accounts.js';
import { SqliteAcknowledgements } from './sqlite-acknowledgements.js';
import { SqliteApplier } from './sqlite-apply.js';
import { loadSqliteCompactModel } from './sqlite-compact.js';
import { SqliteHistory } from './sqlite-history.js';
import { SqliteIncidents } from './sqlite-incidents.js';
import { SqliteMaintenance } from './sqlite-maintenance.js';
import { SqliteNotify } from './sqlite-notify.js';
import { SqliteSignals } from './sqlite-signals.js';
import { SqliteStatusPages } from './sqlite-status-pages.js';
import { WriterThread } from './writer-thread.js';

export interface SqliteStoreOptions {
  /** The database file (its folder is created), or `:memory:` for a private in-memory database. */
  file: string;
  /** How long to wait for another process's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** The clock that stamps changes and audit records (default: the system clock). */
  now?: () => Date;
}

/**
 * Opens (creating when absent) a SQLite store: WAL journal, `synchronous = FULL` so a commit
 * survives power loss, foreign keys on, and a busy timeout for other processes writing. Call
 * `migrate()` before anything else.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const { file } = options;
  if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  } catch (error) {
    db.close();
    throw error;
  }
  // A file can take a second connection on a thread of its own for the busy writes; `:memory:`
  // cannot.
  const writer =
    file !== ':memory:' && file !== '' && WriterThread.available()
      ? { file, busyTimeoutMs: options.busyTimeoutMs ?? 5000 }
      : undefined;
  return new SqliteStore(db, options.now ?? (() => new Date()), writer);
}

/**
 * Reads go through Kysely (shared with the other SQL stores); writes and the compact load use
 * better-sqlite3 statements directly on the same connection, synchronously, which makes each
 * change set one uninterrupted transaction and keeps big ones fast.
 */
class SqliteStore implements Store {
  private readonly kysely: Kysely<Database>;
  private readonly reads: KyselyReads;
  private applier: SqliteApplier | undefined;
  private accountsPrepared: SqliteAccounts | undefined;
  private signalsPrepared: SqliteSignals | undefined;
  private incidentsPrepared: SqliteIncidents | undefined;
  private maintenancePrepared: SqliteMaintenance | undefined;
  private acknowledgementsPrepared: SqliteAcknowledgements | undefined;
  private notifyPrepared: SqliteNotify | undefined;
  private historyPrepared: SqliteHistory | undefined;
  private statusPagesPrepared: SqliteStatusPages | undefined;
  private writerThread: WriterThread | undefined;
  private closed = false;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => Date,
    private readonly writer?: { file: string; busyTimeoutMs: number },
  ) {
    this.kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) });
    this.reads = new KyselyReads(this.kysely);
  }

  async migrate(): Promise<void> {
    // Kysely runs SQLite migrations outside any transaction (its adapter says SQLite has no
    // transactional DDL, which it has): a process killed in the middle of one left half a
    // migration behind, and every later start failed on a table that already existed. So the
    // whole run is one transaction on this one connection: every pending migration, with its
    // row in kysely_migration, or none. IMMEDIATE also queues a second process starting at once.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      await migrateToLatest(this.kysely as Kysely<unknown>, 'sqlite');
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  loadModel(): Promise<Model> {
    return this.reads.loadModel();
  }

  loadCompactModel(): Promise<CompactModel> {
    return this.exclusive(() => loadSqliteCompactModel(this.db));
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

  applyChanges(changes: readonly ModelChange[], actor: Actor): Promise<void> {
    return this.exclusive(() => {
      // Prepared on first use: the tables exist only once migrate() has run.
      this.applier ??= new SqliteApplier(this.db, this.now);
      this.applier.apply(changes, actor);
    });
  }

  /**
   * Runs `work` (synchronous, on the raw connection) once no Kysely transaction holds the
   * connection: Kysely's own lock, so a change set never lands inside loadModel's snapshot.
   */
  private exclusive<T>(work: () => T): Promise<T> {
    return this.kysely.connection().execute(async () => work());
  }

  listAudit(query?: AuditQuery): Promise<AuditRecord[]> {
    return this.reads.listAudit(query);
  }

  /** Prepared on first use: the tables exist only once migrate() has run. */
  private get accounts(): SqliteAccounts {
    this.accountsPrepared ??= new SqliteAccounts(this.db, this.now);
    return this.accountsPrepared;
  }

  /** A read, synchronously on the connection, so a sign-in check never waits for a model load. */
  private read<T>(work: (accounts: SqliteAccounts) => T): Promise<T> {
    try {
      return Promise.resolve(work(this.accounts));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A write, once no Kysely transaction holds the connection. */
  private write<T>(work: (accounts: SqliteAccounts) => T): Promise<T> {
    return this.exclusive(() => work(this.accounts));
  }

  countUsers(): Promise<number> {
    return this.read((a) => a.countUsers());
  }

  getUser(name: string): Promise<UserRecord | undefined> {
    return this.read((a) => a.getUser(name));
  }

  listUsers(): Promise<UserRecord[]> {
    return this.read((a) => a.listUsers());
  }

  createUser(user: NewUser, actor: Actor): Promise<UserRecord> {
    return this.write((a) => a.createUser(user, actor));
  }

  updateUser(
    name: string,
    change: UserChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<UserRecord> {
    return this.write((a) => a.updateUser(name, change, actor, expectVersion));
  }

  deleteUser(name: string, actor: Actor, expectVersion?: number): Promise<void> {
    return this.write((a) => a.deleteUser(name, actor, expectVersion));
  }

  createSession(session: SessionRecord): Promise<void> {
    return this.write((a) => a.createSession(session));
  }

  getSession(hash: string): Promise<SessionRecord | undefined> {
    return this.read((a) => a.getSession(hash));
  }

  deleteSession(hash: string): Promise<void> {
    return this.write((a) => a.deleteSession(hash));
  }

  deleteSessions(user: string, exceptHash?: string): Promise<number> {
    return this.write((a) => a.deleteSessions(user, exceptHash));
  }

  deleteExpiredSessions(now: string): Promise<number> {
    return this.write((a) => a.deleteExpiredSessions(now));
  }

  createToken(token: TokenRecord, actor: Actor): Promise<void> {
    return this.write((a) => a.createToken(token, actor));
  }

  getToken(id: string): Promise<TokenRecord | undefined> {
    return this.read((a) => a.getToken(id));
  }

  getTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return this.read((a) => a.getTokenByHash(hash));
  }

  listTokens(user?: string): Promise<TokenRecord[]> {
    return this.read((a) => a.listTokens(user));
  }

  revokeToken(id: string, at: string, actor: Actor): Promise<TokenRecord> {
    return this.write((a) => a.revokeToken(id, at, actor));
  }

  touchToken(id: string, at: string): Promise<void> {
    return this.write((a) => a.touchToken(id, at));
  }

  /** Prepared on first use: the tables exist only once migrate() has run. */
  private get signals(): SqliteSignals {
    this.signalsPrepared ??= new SqliteSignals(this.db);
    return this.signalsPrepared;
  }

  /**
   * The thread for signals and history when the file allows one (created after migrate, on first
   * use). A thread that died is replaced; what it was doing was refused, and the callers retry
   * (ingest senders resend idempotently, the history recorder keeps its batch).
   */
  private thread(): WriterThread | undefined {
    if (!this.writer) return undefined;
    if (this.writerThread?.broken) void this.writerThread.close();
    if (!this.writerThread || this.writerThread.broken)
      this.writerThread = new WriterThread(this.writer.file, this.writer.busyTimeoutMs);
    return this.writerThread;
  }

  recordSignals(signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
    const thread = this.thread();
    if (thread) return thread.record(signals);
    return this.exclusive(() => this.signals.record(signals));
  }

  listActiveSignals(now: number): Promise<StoredSignal[]> {
    return this.exclusive(() => this.signals.listActive(now));
  }

  listUnmatchedSignals(query: UnmatchedQuery): Promise<StoredSignal[]> {
    return this.exclusive(() => this.signals.listUnmatched(query));
  }

  remapSignals(
    changes: readonly { id: number; services: string[]; unmatched?: string }[],
  ): Promise<void> {
    return this.exclusive(() => this.signals.remap(changes));
  }

  setOverride(override: NewOverride): Promise<OverrideRecord> {
    return this.exclusive(() => this.signals.setOverride(override));
  }

  clearOverride(service: string, by: string, at: number): Promise<OverrideRecord | undefined> {
    return this.exclusive(() => this.signals.clearOverride(service, by, at));
  }

  listActiveOverrides(now: number): Promise<OverrideRecord[]> {
    return this.exclusive(() => this.signals.listActiveOverrides(now));
  }

  listSignalMatchers(): Promise<{ service: string; signals: SignalMatcher[] }[]> {
    return this.exclusive(() => this.signals.listSignalMatchers());
  }

  /** Prepared on first use: after migrate, which creates the table. */
  private get acknowledgements(): SqliteAcknowledgements {
    this.acknowledgementsPrepared ??= new SqliteAcknowledgements(this.db, this.now);
    return this.acknowledgementsPrepared;
  }

  setAcknowledgement(acknowledgement: NewAcknowledgement): Promise<AcknowledgementRecord> {
    return this.exclusive(() => this.acknowledgements.set(acknowledgement));
  }

  clearAcknowledgement(
    service: string,
    by: string,
    at: number,
  ): Promise<AcknowledgementRecord | undefined> {
    return this.exclusive(() => this.acknowledgements.clear(service, by, at));
  }

  listActiveAcknowledgements(now: number): Promise<AcknowledgementRecord[]> {
    return this.exclusive(() => this.acknowledgements.listActive(now));
  }

  /** Prepared on first use: the tables exist only once migrate() has run. */
  private get history(): SqliteHistory {
    this.historyPrepared ??= new SqliteHistory(this.db);
    return this.historyPrepared;
  }

  recordStatusChanges(changes: readonly NewStatusChange[]): Promise<void> {
    const thread = this.thread();
    if (thread) return thread.recordChanges(changes);
    return this.exclusive(() => this.history.record(changes));
  }

  listStatusChanges(query: StatusChangeQuery): Promise<StatusChange[]> {
    return this.exclusive(() => this.history.list(query));
  }

  listStateChanges(from: number, to: number, services?: readonly string[]): Promise<StateChange[]> {
    return this.exclusive(() => this.history.listState(from, to, services));
  }

  stateAt(at: number, services?: readonly string[]): Promise<HistoricState[]> {
    return this.exclusive(() => this.history.stateAt(at, services));
  }

  writeStatusSnapshot(at: number): Promise<{ services: number }> {
    const thread = this.thread();
    if (thread) return thread.snapshot(at);
    return this.exclusive(() => this.history.snapshot(at));
  }

  pruneStatusSnapshots(before: number): Promise<{ deleted: number }> {
    return this.exclusive(() => this.history.prune(before));
  }

  /** Prepared on first use: the tables exist only once migrate() has run. */
  private get incidents(): SqliteIncidents {
    this.incidentsPrepared ??= new SqliteIncidents(this.db, this.now);
    return this.incidentsPrepared;
  }

  createIncident(incident: NewIncident, actor: Actor): Promise<Incident> {
    return this.exclusive(() => this.incidents.create(incident, actor));
  }

  updateIncident(
    id: number,
    change: (current: Incident) => Incident,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Incident> {
    return this.exclusive(() => this.incidents.update(id, change, actor, expectVersion));
  }

  getIncident(id: number): Promise<Incident | undefined> {
    return this.exclusive(() => this.incidents.get(id));
  }

  listIncidents(query: IncidentQuery = {}): Promise<IncidentSummary[]> {
    return this.exclusive(() => this.incidents.list(query));
  }

  listOpenIncidents(): Promise<IncidentSummary[]> {
    return this.exclusive(() => this.incidents.listOpen());
  }

  missingSignals(ids: readonly number[]): Promise<number[]> {
    return this.exclusive(() => this.incidents.missingSignals(ids));
  }

  /** Prepared on first use: the tables exist only once migrate() has run. */
  private get maintenance(): SqliteMaintenance {
    this.maintenancePrepared ??= new SqliteMaintenance(this.db, this.now);
    return this.maintenancePrepared;
  }

  createWindow(window: NewMaintenanceWindow, actor: Actor): Promise<MaintenanceWindow> {
    return this.exclusive(() => this.maintenance.create(window, actor));
  }

  updateWindow(
    id: number,
    change: (current: MaintenanceWindow) => MaintenanceWindow,
    actor: Actor,
    expectVersion?: number,
  ): Promise<MaintenanceWindow> {
    return this.exclusive(() => this.maintenance.update(id, change, actor, expectVersion));
  }

  getWindow(id: number): Promise<MaintenanceWindow | undefined> {
    return this.exclusive(() => this.maintenance.get(id));
  }

  listWindows(query: MaintenanceQuery = {}): Promise<MaintenanceWindow[]> {
    return this.exclusive(() => this.maintenance.list(query));
  }

  /** Prepared on first use: the tables exist only once migrate() has run. */
  private get notify(): SqliteNotify {
    this.notifyPrepared ??= new SqliteNotify(this.db, this.now);
    return this.notifyPrepared;
  }

  createSubscriber(
    subscriber: NewSubscriber,
    actor: Actor,
    first?: FirstMessage,
  ): Promise<StoredSubscriber> {
    return this.exclusive(() => this.notify.createSubscriber(subscriber, actor, first));
  }

  getSubscriber(id: number): Promise<StoredSubscriber | undefined> {
    return this.exclusive(() => this.notify.getSubscriber(id));
  }

  listSubscribers(query: SubscriberQuery = {}): Promise<StoredSubscriber[]> {
    return this.exclusive(() => this.notify.listSubscribers(query));
  }

  updateSubscriber(
    id: number,
    change: SubscriberChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<StoredSubscriber> {
    return this.exclusive(() => this.notify.updateSubscriber(id, change, actor, expectVersion));
  }

  deleteSubscriber(id: number, actor: Actor, expectVersion?: number): Promise<void> {
    return this.exclusive(() => this.notify.deleteSubscriber(id, actor, expectVersion));
  }

  enqueueDeliveries(
    deliveries: readonly NewDelivery[],
    options: { now: number; debounceMs: number },
  ): Promise<EnqueueOutcome[]> {
    return this.exclusive(() => this.notify.enqueue(deliveries, options));
  }

  claimDeliveries(now: number, leaseMs: number, limit: number): Promise<Delivery[]> {
    return this.exclusive(() => this.notify.claim(now, leaseMs, limit));
  }

  finishAttempt(
    id: number,
    result: AttemptResult,
    options: { now: number; disableAfter: number },
  ): Promise<{ delivery: Delivery; disabled: boolean }> {
    return this.exclusive(() => this.notify.finish(id, result, options));
  }

  getDelivery(id: number): Promise<Delivery | undefined> {
    return this.exclusive(() => this.notify.getDelivery(id));
  }

  listDeliveries(query: DeliveryQuery = {}): Promise<Delivery[]> {
    return this.exclusive(() => this.notify.listDeliveries(query));
  }

  /** Prepared on first use: the tables exist only once migrate() has run. */
  private get statusPages(): SqliteStatusPages {
    this.statusPagesPrepared ??= new SqliteStatusPages(this.db, this.now);
    return this.statusPagesPrepared;
  }

  createStatusPage(page: StatusPage, actor: Actor): Promise<Versioned<StatusPage>> {
    return this.exclusive(() => this.statusPages.create(page, actor));
  }

  updateStatusPage(
    page: StatusPage,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Versioned<StatusPage>> {
    return this.exclusive(() => this.statusPages.update(page, actor, expectVersion));
  }

  deleteStatusPage(slug: string, actor: Actor, expectVersion?: number): Promise<void> {
    return this.exclusive(() => this.statusPages.delete(slug, actor, expectVersion));
  }

  getStatusPage(slug: string): Promise<Versioned<StatusPage> | undefined> {
    return this.exclusive(() => this.statusPages.get(slug));
  }

  listStatusPages(): Promise<Versioned<StatusPage>[]> {
    return this.exclusive(() => this.statusPages.list());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writerThread?.close();
    await this.kysely.destroy();
    // Kysely closes the connection only if it ever used it.
    if (this.db.open) this.db.close();
  }
}
