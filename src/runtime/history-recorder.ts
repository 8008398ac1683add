import type { StatusEngine } from '../engine/index.js';
import type { ServiceState, Transition } from '../engine/types.js';
import type { HistoryStore, NewStatusChange } from '../store/history-store.js';
import type { StatusRuntime } from './status-runtime.js';

export interface HistoryRecorderOptions {
  clock?: () => number;
  /** How long a change may wait to be written with the ones after it (default 100 ms). */
  flushMs?: number;
  /** A snapshot once this much time has passed since the last one, with changes since (1 h). */
  snapshotEveryMs?: number;
  /** A snapshot once this many changes were written since the last one (default 50,000). */
  snapshotEveryChanges?: number;
  /** Snapshots younger than this are all kept; older ones, one per UTC day (default 7 days). */
  snapshotsKeptAllMs?: number;
  /** Old snapshots are thinned out at start, then with the first snapshot more than this after the last thinning (default a day). */
  pruneEveryMs?: number;
  /** Hears failures no caller waits for (a flush the store refused; it is tried again). */
  onError?: (error: unknown) => void;
}

const DEFAULT: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };
const SNAPSHOTS_KEPT_ALL_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 24 * 3_600_000;

/**
 * Writes every effective transition the runtime announces into the status history, with its
 * cause, a batch at a time (one transaction per flush, within `flushMs`), so recording costs
 * ingest nothing but an array push. At start it makes the history agree with the engine: what a
 * crash kept from being written (a signal committed, its transitions not yet) is recorded then,
 * with the cause `restart`. It keeps snapshots coming so that the state at any moment stays
 * quick to rebuild.
 */
export class HistoryRecorder {
  private pending: NewStatusChange[] = [];
  /** The non-default states the history holds once `pending` is written, by service. */
  private readonly view: Map<string, ServiceState>;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private sinceSnapshot = 0;
  private lastSnapshot: number;
  /** When old snapshots were last thinned out; undefined until the first time (at start). */
  private lastPrune: number | undefined;
  private stopped = false;
  private readonly clock: () => number;

  private constructor(
    private readonly store: HistoryStore,
    private readonly runtime: StatusRuntime,
    private readonly options: HistoryRecorderOptions,
    engineStates: Map<string, ServiceState>,
  ) {
    this.clock = options.clock ?? Date.now;
    this.view = engineStates;
    this.lastSnapshot = this.clock();
  }

  /**
   * Starts recording. Call it once the engine holds the stored inputs again (after the ingest
   * pipeline has restored them): the engine's state then is what the history must say now.
   */
  static async start(
    store: HistoryStore,
    runtime: StatusRuntime,
    options: HistoryRecorderOptions = {},
  ): Promise<HistoryRecorder> {
    // Taken before listening, so every transition announced later comes after it.
    const engineStates = nonDefaultStates(runtime.engine);
    const recorder = new HistoryRecorder(store, runtime, options, engineStates);
    runtime.onTransitions((transitions) => recorder.heard(transitions));
    runtime.onPropagation((timing) => {
      if (timing.kind === 'model') recorder.modelReplaced();
    });
    await recorder.recover(new Map(engineStates));
    return recorder;
  }

  /** Writes what is pending now; resolves once it is stored (or has failed and was kept). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /**
   * Records nothing more and drops what is pending, writing nothing: this process has lost the
   * right to write the history (another server instance leads now and records from the store).
   */
  abandon(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  /** Writes what is pending and records nothing more (for a graceful shutdown). */
  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
  }

  /** Changes the engine made that the history does not hold: recorded first, cause `restart`. */
  private async recover(engineStates: Map<string, ServiceState>): Promise<void> {
    const at = this.clock();
    const stored = new Map(
      (await this.store.stateAt(at)).map(({ service, level, maintenance, acknowledged }) => [
        service,
        { level, maintenance, acknowledged },
      ]),
    );
    const differences: NewStatusChange[] = [];
    for (const [service, from] of stored) {
      const to = engineStates.get(service) ?? DEFAULT;
      if (!sameState(from, to)) differences.push({ service, at, from, to, cause: 'restart' });
    }
    for (const [service, to] of engineStates)
      if (!stored.has(service))
        differences.push({ service, at, from: DEFAULT, to, cause: 'restart' });
    differences.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
    // Before whatever was heard meanwhile: those transitions start from the engine's state.
    this.pending.unshift(...differences);
    await this.flush();
    await this.snapshot(at);
  }

  private heard(transitions: readonly Transition[]): void {
    if (this.stopped) return;
    for (const t of transitions)
      this.enqueue({ service: t.service, at: t.at, from: t.from, to: t.to, cause: t.cause });
  }

  /**
   * After a rebuild: a service the model no longer has announces no transition, yet it has no
   * status any more. Its history ends at operational, with the engine's cause for rebuilds.
   */
  private modelReplaced(): void {
    if (this.stopped || this.view.size === 0) return;
    const engine = this.runtime.engine;
    const at = this.clock();
    for (const [service, from] of [...this.view]) {
      if (!engine.has(service)) this.enqueue({ service, at, from, to: DEFAULT, cause: 'model' });
    }
  }

  private enqueue(change: NewStatusChange): void {
    this.pending.push(change);
    if (sameState(change.to, DEFAULT)) this.view.delete(change.service);
    else this.view.set(change.service, change.to);
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 100);
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.store.recordStatusChanges(batch);
    } catch (error) {
      // Kept, in order, ahead of what came since; the next flush tries again.
      this.pending = [...batch, ...this.pending];
      this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 100);
      this.options.onError?.(error);
      return;
    }
    this.sinceSnapshot += batch.length;
    const every = this.options.snapshotEveryChanges ?? 50_000;
    const hourly = this.clock() - this.lastSnapshot >= (this.options.snapshotEveryMs ?? 3_600_000);
    if (this.sinceSnapshot >= every || hourly) {
      let newest = Number.NEGATIVE_INFINITY;
      for (const change of batch) if (change.at > newest) newest = change.at;
      await this.snapshot(newest);
    }
  }

  private async snapshot(at: number): Promise<void> {
    try {
      await this.store.writeStatusSnapshot(at);
      this.sinceSnapshot = 0;
      this.lastSnapshot = this.clock();
      // Old snapshots thinned out at start and then once a day, so that the table does not grow
      // forever; a day's snapshots more before thinning change no answer (docs/operations.md).
      const every = this.options.pruneEveryMs ?? PRUNE_EVERY_MS;
      if (this.lastPrune !== undefined && this.lastSnapshot - this.lastPrune <= every) return;
      await this.store.pruneStatusSnapshots(
        this.lastSnapshot - (this.options.snapshotsKeptAllMs ?? SNAPSHOTS_KEPT_ALL_MS),
      );
      this.lastPrune = this.lastSnapshot;
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

function sameState(a: ServiceState, b: ServiceState): boolean {
  return (
    a.level === b.level && a.maintenance === b.maintenance && a.acknowledged === b.acknowledged
  );
}

/** The engine's services that are not operational or carry a flag, by id. */
function nonDefaultStates(engine: StatusEngine): Map<string, ServiceState> {
  const states = new Map<string, ServiceState>();
  for (const { service, level, maintenance, acknowledged } of engine.statuses())
    if (level !== 'operational' || maintenance || acknowledged)
      states.set(service, { level, maintenance, acknowledged });
  return states;
}
