import { buildEngine, type StatusEngine } from '../engine/index.js';
import type { Transition } from '../engine/types.js';
import type { Store } from '../store/store.js';

export type TransitionListener = (transitions: readonly Transition[]) => void;

/**
 * The engine kept in step with the store: built from the stored model at start, rebuilt (keeping
 * its inputs) whenever the model changes, whoever changed it. Changes made through this process
 * call `modelChanged`; changes made elsewhere (the CLI on the same data folder) are noticed by
 * watching the newest audit record.
 */
export class StatusRuntime {
  private listeners: TransitionListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;

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

  onTransitions(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  /** Rebuilds from the stored model; calls overlapping with one under way share it. */
  modelChanged(): Promise<void> {
    this.reloading ??= this.reload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  /** Checks for model changes made by other processes every `intervalMs`. */
  watch(intervalMs = 2000): void {
    this.timer = setInterval(() => {
      void newestAuditId(this.store).then((id) => {
        if (id !== this.seenAudit) return this.modelChanged();
        return undefined;
      });
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async reload(): Promise<void> {
    const seen = await newestAuditId(this.store);
    const compact = await this.store.loadCompactModel();
    const transitions = this.current.replaceCompact(compact, this.clock());
    this.seenAudit = seen;
    if (transitions.length > 0) for (const listener of this.listeners) listener(transitions);
  }
}

async function newestAuditId(store: Store): Promise<number> {
  const [newest] = await store.listAudit({ limit: 1 });
  return newest?.id ?? 0;
}
