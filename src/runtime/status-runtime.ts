import { buildEngine, type StatusEngine } from '../engine/index.js';
import type { EngineInput, Transition } from '../engine/types.js';
import type { AuditRecord, Store } from '../store/store.js';

export type TransitionListener = (transitions: readonly Transition[]) => void;

/**
 * A model change the runtime has taken in: the audit records after `after` up to `upTo`, oldest
 * first. At most MODEL_NOTICE_LIMIT records are read; `truncated` says there were more.
 */
export interface ModelNotice {
  after: number;
  upTo: number;
  records: readonly AuditRecord[];
  truncated: boolean;
}

export type ModelListener = (notice: ModelNotice) => void;

/**
 * How long the engine took to take in a change: a model rebuild (`loadMs` reading the model,
 * `propagateMs` the rebuild and propagation) or a batch of inputs (propagation alone).
 */
export interface PropagationTiming {
  kind: 'model' | 'inputs';
  loadMs?: number;
  propagateMs: number;
  transitions: number;
}

export type PropagationListener = (timing: PropagationTiming) => void;

/** How many audit records a ModelNotice carries at most. */
export const MODEL_NOTICE_LIMIT = 1000;

/**
 * The engine kept in step with the store: built from the stored model at start, rebuilt (keeping
 * its inputs) whenever the model changes, whoever changed it. Changes made through this process
 * call `modelChanged`; changes made elsewhere (the CLI on the same data folder) are noticed by
 * watching the newest audit record.
 */
export class StatusRuntime {
  private listeners: TransitionListener[] = [];
  private modelListeners: ModelListener[] = [];
  private propagationListeners: PropagationListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private queuedReload: Promise<void> | undefined;

  private constructor(
    private readonly store: Store,
    private current: StatusEngine,
    private seenAudit: number,
    private readonly clock: () => number,
  ) {}

  static async start(store: Store, clock: () => number = Date.now): Promise<StatusRuntime> {
    const seenAudit = await newestAuditId(store);
    return new StatusRuntime(store, buildEngine(await store.loadCompactModel()), seenAudit, clock);
  }

  get engine(): StatusEngine {
    return this.current;
  }

  /** The newest model audit record the engine has taken in. */
  get seenAuditId(): number {
    return this.seenAudit;
  }

  onTransitions(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Called after each rebuild that took in new audit records, before the transitions it caused
   * are announced.
   */
  onModelChanged(listener: ModelListener): void {
    this.modelListeners.push(listener);
  }

  /** Called after every rebuild and every batch of inputs, with its timing (for metrics). */
  onPropagation(listener: PropagationListener): void {
    this.propagationListeners.push(listener);
  }

  /**
   * Tells the engine facts (signals, overrides) at `at` and announces the transitions they
   * cause. Every input must name a service of the current model (the engine refuses the batch
   * otherwise), so callers leave out inputs for services the model no longer has.
   */
  applyInputs(inputs: readonly EngineInput[], at: number = this.clock()): Transition[] {
    if (inputs.length === 0) return [];
    const started = performance.now();
    const transitions = this.current.apply(inputs, at);
    const timing: PropagationTiming = {
      kind: 'inputs',
      propagateMs: performance.now() - started,
      transitions: transitions.length,
    };
    for (const listener of this.propagationListeners) listener(timing);
    if (transitions.length > 0) for (const listener of this.listeners) listener(transitions);
    return transitions;
  }

  /**
   * Rebuilds from the stored model. A call made while a rebuild runs may come from a write that
   * rebuild did not see, so it gets one more rebuild after it, shared by every call that arrives
   * meanwhile: when the promise resolves, the engine reflects every write made before the call.
   */
  modelChanged(): Promise<void> {
    if (!this.reloading) {
      this.reloading = this.reload().finally(() => {
        this.reloading = undefined;
      });
      return this.reloading;
    }
    this.queuedReload ??= this.reloading
      .catch(() => undefined)
      .then(() => {
        this.queuedReload = undefined;
        return this.modelChanged();
      });
    return this.queuedReload;
  }

  /**
   * Checks for model changes made by other processes every `intervalMs`. A failed check or
   * rebuild (the store busy or gone) goes to `onError` and the next tick tries again, rather than
   * becoming an unhandled rejection that ends the process.
   */
  watch(intervalMs = 2000, onError: (error: unknown) => void = () => undefined): void {
    this.timer = setInterval(() => {
      newestAuditId(this.store)
        .then((id) => (id !== this.seenAudit ? this.modelChanged() : undefined))
        .catch(onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async reload(): Promise<void> {
    const previous = this.seenAudit;
    const seen = await newestAuditId(this.store);
    const notice =
      this.modelListeners.length > 0 && seen !== previous
        ? await auditBetween(this.store, previous, seen)
        : undefined;
    const started = performance.now();
    const compact = await this.store.loadCompactModel();
    const loaded = performance.now();
    const transitions = this.current.replaceCompact(compact, this.clock());
    const timing: PropagationTiming = {
      kind: 'model',
      loadMs: loaded - started,
      propagateMs: performance.now() - loaded,
      transitions: transitions.length,
    };
    this.seenAudit = seen;
    for (const listener of this.propagationListeners) listener(timing);
    if (notice) for (const listener of this.modelListeners) listener(notice);
    if (transitions.length > 0) for (const listener of this.listeners) listener(transitions);
  }
}

async function auditBetween(store: Store, after: number, upTo: number): Promise<ModelNotice> {
  const page = await store.listAudit({
    before: upTo + 1,
    limit: MODEL_NOTICE_LIMIT,
    kind: MODEL_KINDS,
  });
  const records = page.filter((record) => record.id > after).reverse();
  const truncated = records.length === MODEL_NOTICE_LIMIT && (records[0]?.id ?? 0) > after + 1;
  return { after, upTo, records, truncated };
}

/** Audit kinds that change the model; account changes (users, tokens) leave the engine alone. */
const MODEL_KINDS = ['party', 'service', 'dependency', 'subscription'] as const;

async function newestAuditId(store: Store): Promise<number> {
  const [newest] = await store.listAudit({ limit: 1, kind: MODEL_KINDS });
  return newest?.id ?? 0;
}
