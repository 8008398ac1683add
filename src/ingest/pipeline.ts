import type { EngineInput } from '../engine/types.js';
import { InputError, NotFoundError, type Problem } from '../model/errors.js';
import { isStatusLevel, type StatusLevel } from '../model/levels.js';
import { ActiveInputs } from '../runtime/active-inputs.js';
import { inputDifference } from '../runtime/input-difference.js';
import type { StatusRuntime } from '../runtime/status-runtime.js';
import { storedInputs } from '../runtime/stored-inputs.js';
import type {
  OverrideRecord,
  RecordedSignal,
  SignalRecord,
  StoredSignal,
  UnmatchedQuery,
} from '../store/signal-store.js';
import type { Store } from '../store/store.js';
import { GroupCommit } from './group-commit.js';
import { DEFAULT_SEVERITY_MAPPING, type SeverityMapping, SignalMapper } from './mapping.js';
import type { IncomingSignal, SignalSource } from './signal.js';

export interface IngestOptions {
  severity?: SeverityMapping;
  /** How long to gather requests into one commit (ms); 0 (default) gathers one event-loop turn. */
  groupWindowMs?: number;
  /** How often signals past their endsAt and overrides past their expiry are taken back (ms). */
  expiryIntervalMs?: number;
  /** How often to look for incidents changed by other processes (ms; default 2000). */
  incidentWatchMs?: number;
  clock?: () => number;
  /** Hears failures that cannot reach a caller (the engine refusing committed inputs). */
  onError?: (error: unknown) => void;
  /**
   * Called after this process stored signals, an override or took in incidents: other server
   * instances on the same database are told to catch up.
   */
  onStored?: () => void;
}

/** What a receiver answers: counts of what it was sent, after they are durable. */
export interface IngestResult {
  received: number;
  /** New signals (including resent ones whose endsAt moved later). */
  stored: number;
  /** Signals stored before: redeliveries, which change nothing. */
  duplicates: number;
  /** Signals that matched no service; kept and listed under signals/unmatched. */
  unmatched: number;
  notes: string[];
}

export interface OverrideRequest {
  service: string;
  level: StatusLevel;
  reason: string;
  /** ms since the epoch; null for no expiry. */
  expiresAt: number | null;
  author: string;
}

/**
 * The way in for signals: validate (the source's parser) -> map to services -> store durably
 * (group commit) -> tell the engine -> its transitions reach the runtime's listeners. Also
 * keeps the engine's signal, override, acknowledgement and incident inputs in step with the
 * store: restored at start, re-told after a model change, taken back when they lapse or are
 * resolved.
 */
export class IngestPipeline {
  private active = new ActiveInputs();
  private mapper: SignalMapper;
  private readonly committer: GroupCommit<SignalRecord, RecordedSignal>;
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private incidentTimer: NodeJS.Timeout | undefined;
  private incidentSync: Promise<void> = Promise.resolve();
  private seenIncidentAudit = 0;
  private catchingUp: Promise<void> | undefined;
  private queuedCatchUp: Promise<void> | undefined;
  /** While a catch-up reads the store: what this process told the engine meanwhile, to redo. */
  private toRedo: ((active: ActiveInputs) => void)[] | undefined;

  private constructor(
    private readonly store: Store,
    private readonly runtime: StatusRuntime,
    private readonly options: IngestOptions,
    matchers: Awaited<ReturnType<Store['listSignalMatchers']>>,
  ) {
    this.clock = options.clock ?? Date.now;
    this.mapper = this.newMapper(matchers);
    this.committer = new GroupCommit({
      commit: (records) => this.commit(records),
      afterCommit: (records, results) => this.told(records, results),
      ...(options.onError && { onError: options.onError }),
      windowMs: options.groupWindowMs ?? 0,
    });
  }

  private async commit(records: readonly SignalRecord[]): Promise<RecordedSignal[]> {
    try {
      return await this.store.recordSignals(records);
    } catch (error) {
      // A commit that failed may have been stored all the same: the writer thread or the
      // database connection lost after the commit, before its answer. Sent again, those signals
      // are duplicates, which tell the engine nothing; reading the store back puts it in step.
      this.catchUp().catch((failure: unknown) => this.options.onError?.(failure));
      throw error;
    }
  }

  /**
   * Reads the active signals and overrides back into the engine (without announcing
   * transitions: nobody listens yet), follows model changes, and starts the expiry timer.
   */
  static async start(
    store: Store,
    runtime: StatusRuntime,
    options: IngestOptions = {},
  ): Promise<IngestPipeline> {
    const pipeline = new IngestPipeline(store, runtime, options, await store.listSignalMatchers());
    await pipeline.restore();
    runtime.onModelChanged(() => void pipeline.modelChanged());
    const interval = options.expiryIntervalMs ?? 1000;
    pipeline.timer = setInterval(() => pipeline.expire(), interval);
    pipeline.timer.unref();
    pipeline.incidentTimer = setInterval(
      () => void pipeline.incidentsChangedElsewhere(),
      options.incidentWatchMs ?? 2000,
    );
    pipeline.incidentTimer.unref();
    return pipeline;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.incidentTimer) clearInterval(this.incidentTimer);
  }

  /**
   * Brings the engine in step with the open incidents the store holds now: call it after an
   * incident is opened, changed or resolved. Calls run one after another, each reading the store
   * afresh, so the last one leaves the engine as the store is, whatever order writes finished in.
   */
  syncIncidents(): Promise<void> {
    return this.readIncidents(true);
  }

  /**
   * `tellOthers` is for this process's own writes: a change another process made is that
   * process's to announce, and re-announcing it from every instance would set them all reading.
   */
  private readIncidents(tellOthers: boolean): Promise<void> {
    const run = this.incidentSync.then(async () => {
      // The audit id first: the open incidents read after it hold at least that write, so the
      // watcher need not read them again for it.
      const [newest] = await this.store.listAudit({ kind: 'incident', limit: 1 });
      const open = await this.store.listOpenIncidents();
      this.seenIncidentAudit = Math.max(this.seenIncidentAudit, newest?.id ?? 0);
      this.toRedo?.push((active) => active.incidents.sync(open));
      this.apply(this.active.incidents.sync(open), this.clock());
      if (tellOthers) this.options.onStored?.();
    });
    this.incidentSync = run.catch(() => undefined);
    return run;
  }

  /**
   * Incidents written by another process (the CLI on the same data folder) reach the engine too:
   * the timer calls this, tests may too.
   */
  async incidentsChangedElsewhere(): Promise<void> {
    try {
      const [newest] = await this.store.listAudit({ kind: 'incident', limit: 1 });
      if ((newest?.id ?? 0) <= this.seenIncidentAudit) return;
      await this.readIncidents(false);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Refuses the whole body (InputError, listing each problem) or resolves once it is durable. */
  async ingest(source: SignalSource, body: unknown): Promise<IngestResult> {
    const at = this.clock();
    const outcome = source.parse(body, at);
    if (!outcome.ok) throw refusal(outcome.problems);
    const records = outcome.signals.map((signal) => this.toRecord(signal, at));
    const results = records.length > 0 ? await this.committer.submit(records) : [];
    let stored = 0;
    let duplicates = 0;
    for (const result of results) {
      if (result.outcome === 'duplicate') duplicates++;
      else stored++;
    }
    const unmatched = records.filter((r) => r.services.length === 0).length;
    return { received: records.length, stored, duplicates, unmatched, notes: outcome.notes };
  }

  private toRecord(signal: IncomingSignal, at: number): SignalRecord {
    const mapping = this.mapper.map(signal);
    // Written out rather than spread: this runs for every signal received.
    const record: SignalRecord = {
      source: signal.source,
      key: signal.key,
      state: signal.state,
      startsAt: signal.startsAt,
      endsAt: signal.endsAt,
      level: mapping.level,
      labels: signal.labels,
      services: mapping.services,
      receivedAt: at,
    };
    if (signal.summary !== undefined) record.summary = signal.summary;
    if (signal.url !== undefined) record.url = signal.url;
    if (mapping.unmatched !== undefined) record.unmatched = mapping.unmatched;
    return record;
  }

  /** After a commit: tell the engine what changed (synchronously, before anyone is answered). */
  private told(records: readonly SignalRecord[], results: readonly RecordedSignal[]): void {
    const now = this.clock();
    this.toRedo?.push((active) => {
      for (let i = 0; i < records.length; i++)
        active.recorded(records[i] as SignalRecord, results[i] as RecordedSignal, now);
    });
    this.options.onStored?.();
    const inputs: EngineInput[] = [];
    for (let i = 0; i < records.length; i++)
      inputs.push(
        ...this.active.recorded(records[i] as SignalRecord, results[i] as RecordedSignal, now),
      );
    this.apply(inputs, now);
  }

  private apply(inputs: readonly EngineInput[], at: number): void {
    const known = inputs.filter((input) => this.runtime.engine.has(input.service));
    if (known.length > 0) this.runtime.applyInputs(known, at);
  }

  /** The pipeline's clock (ms since the epoch): what expiries it is sent are read against. */
  now(): number {
    return this.clock();
  }

  async setOverride(request: OverrideRequest): Promise<OverrideRecord> {
    const now = this.clock();
    const problems: Problem[] = [];
    if (!isStatusLevel(request.level))
      problems.push({ path: 'level', message: `'${String(request.level)}' is not a level` });
    if (typeof request.reason !== 'string' || request.reason.trim() === '')
      problems.push({ path: 'reason', message: 'say why the status is set by hand' });
    if (request.expiresAt !== null && !(request.expiresAt > now))
      problems.push({ path: 'expires', message: 'is not in the future' });
    if (problems.length > 0) throw refusal(problems);
    if (!this.runtime.engine.has(request.service))
      throw new NotFoundError(`no service '${request.service}'`);
    const record = await this.store.setOverride({
      service: request.service,
      level: request.level,
      author: request.author,
      reason: request.reason.trim(),
      createdAt: now,
      expiresAt: request.expiresAt,
    });
    this.toRedo?.push((active) => active.override(record));
    this.apply(this.active.override(record), this.clock());
    this.options.onStored?.();
    return record;
  }

  /** NotFoundError when the service has no override in force. */
  async clearOverride(service: string, by: string): Promise<OverrideRecord> {
    const cleared = await this.store.clearOverride(service, by, this.clock());
    if (!cleared) throw new NotFoundError(`service '${service}' has no override in force`);
    this.toRedo?.push((active) => active.override(undefined, service));
    this.apply(this.active.override(undefined, service), this.clock());
    this.options.onStored?.();
    return cleared;
  }

  /**
   * Tells the engine what a write this process has just made to the stored inputs says: `step`
   * changes the active inputs and returns the engine's inputs. It is redone on top of a
   * catch-up's read, which may predate the write; with `announce`, the other instances are told
   * to catch up.
   */
  storedHere(step: (active: ActiveInputs) => EngineInput[], announce = true): void {
    this.toRedo?.push((active) => void step(active));
    this.apply(step(this.active), this.clock());
    if (announce) this.options.onStored?.();
  }

  /** The acknowledgements the engine follows now, read only. */
  get acknowledgements(): Pick<ActiveInputs, 'acknowledgementOf' | 'acknowledgedServices'> {
    return this.active;
  }

  listUnmatched(query: Omit<UnmatchedQuery, 'now'>): Promise<StoredSignal[]> {
    return this.store.listUnmatchedSignals({ ...query, now: this.clock() });
  }

  /** Takes back what has lapsed; the timer calls it, tests may too. */
  expire(now: number = this.clock()): void {
    this.toRedo?.push((active) => active.expire(now));
    this.apply(this.active.expire(now), now);
  }

  /**
   * Brings the engine in step with what the store holds now, whoever wrote it: another server
   * instance on the same database stored signals, set an override, opened an incident. Reads
   * every active input back and tells the engine only the difference. What this process told
   * the engine while the store was read is redone on top, since the read may predate it. Calls
   * made while one runs share one more run after it, so a call is never answered from a read
   * older than itself.
   */
  catchUp(): Promise<void> {
    if (!this.catchingUp) {
      this.catchingUp = this.readBack().finally(() => {
        this.catchingUp = undefined;
      });
      return this.catchingUp;
    }
    this.queuedCatchUp ??= this.catchingUp
      .catch(() => undefined)
      .then(() => {
        this.queuedCatchUp = undefined;
        return this.catchUp();
      });
    return this.queuedCatchUp;
  }

  private async readBack(): Promise<void> {
    const redo: ((active: ActiveInputs) => void)[] = [];
    this.toRedo = redo;
    let fresh: ActiveInputs;
    const now = this.clock();
    try {
      fresh = (await storedInputs(this.store, now)).active;
    } finally {
      this.toRedo = undefined;
    }
    for (const step of redo) step(fresh);
    const difference = inputDifference(this.active.all(), fresh.all());
    this.active = fresh;
    this.apply(difference, this.clock());
  }

  private async restore(): Promise<void> {
    const now = this.clock();
    const [newest] = await this.store.listAudit({ kind: 'incident', limit: 1 });
    this.seenIncidentAudit = newest?.id ?? 0;
    const { active, inputs } = await storedInputs(this.store, now);
    this.active = active;
    const known = inputs.filter((input) => this.runtime.engine.has(input.service));
    if (known.length > 0) this.runtime.engine.replay(known, now);
  }

  /** A new model: new matchers, and every active input told again (services may be back). */
  private async modelChanged(): Promise<void> {
    try {
      const matchers = await this.store.listSignalMatchers();
      this.mapper = this.newMapper(matchers);
      const mapper = this.mapper;
      const { inputs, changed } = this.active.remap((signal) =>
        mapper.map({ ...signal, key: '', state: 'firing', startsAt: 0, endsAt: null }),
      );
      if (changed.length > 0) await this.store.remapSignals(changed);
      this.apply([...this.active.all(), ...inputs], this.clock());
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private newMapper(matchers: Awaited<ReturnType<Store['listSignalMatchers']>>): SignalMapper {
    return new SignalMapper(
      (id) => this.runtime.engine.has(id),
      matchers,
      this.options.severity ?? DEFAULT_SEVERITY_MAPPING,
    );
  }
}

function refusal(problems: readonly Problem[]): InputError {
  const first = problems[0] as Problem;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return new InputError(`${first.path ? `${first.path}: ` : ''}${first.message}${more}`, problems);
}
