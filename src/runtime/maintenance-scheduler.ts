import type { EngineInput } from '../engine/types.js';
import { MAINTENANCE_LIMITS } from '../maintenance/limits.js';
import {
  activeOccurrence,
  nextBoundary,
  occurrencesOverlapping,
} from '../maintenance/occurrences.js';
import type { MaintenanceWindow } from '../maintenance/types.js';
import type { Announce } from '../maintenance/windows.js';
import type { NotifyEvent } from '../notify/events.js';
import { maintenanceNotice } from '../notify/notices.js';
import type { Store } from '../store/store.js';
import type { StatusRuntime } from './status-runtime.js';

/** The engine's key of one occurrence: `<window id>@<start>`, so a cause reads `maintenance:12@2026-12-01T08:00:00.000Z`. */
export function maintenanceInputKey(windowId: number, start: number): string {
  return `${windowId}@${new Date(start).toISOString()}`;
}

/** What is going on at a moment: each active occurrence's key and services, and the next change. */
export interface MaintenancePlan {
  active: Map<string, readonly string[]>;
  /** The next start or end of any window after the moment; undefined when nothing is planned. */
  next: number | undefined;
}

/** Reads every window not over at `now` (not cancelled) and works out what is active. */
export async function maintenancePlan(store: Store, now: number): Promise<MaintenancePlan> {
  return planOf(await windowsNotOver(store, now), now);
}

function planOf(windows: readonly MaintenanceWindow[], now: number): MaintenancePlan {
  const active = new Map<string, readonly string[]>();
  let next: number | undefined;
  for (const window of windows) {
    const occurrence = activeOccurrence(window.schedule, now);
    if (occurrence) active.set(maintenanceInputKey(window.id, occurrence.start), window.services);
    const boundary = nextBoundary(window.schedule, now);
    if (boundary !== undefined && (next === undefined || boundary < next)) next = boundary;
  }
  return { active, next };
}

/**
 * The occurrences that started or ended in (since, now], as events at their boundaries, in time
 * order (an end before a start at the same instant).
 */
export function boundariesCrossed(
  windows: readonly MaintenanceWindow[],
  since: number,
  now: number,
): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  const crossed = (at: number) => at > since && at <= now;
  for (const window of windows)
    for (const occurrence of occurrencesOverlapping(window.schedule, since, now + 1)) {
      const maintenance = maintenanceNotice(window, now, occurrence);
      if (crossed(occurrence.start))
        events.push({ type: 'maintenance.started', maintenance, at: occurrence.start });
      if (crossed(occurrence.end))
        events.push({ type: 'maintenance.ended', maintenance, at: occurrence.end });
    }
  const order = (e: NotifyEvent) => (e.type === 'maintenance.ended' ? 0 : 1);
  return events.sort((a, b) => a.at - b.at || order(a) - order(b));
}

async function windowsNotOver(store: Store, now: number): Promise<MaintenanceWindow[]> {
  const windows: MaintenanceWindow[] = [];
  let after = 0;
  const limit = MAINTENANCE_LIMITS.pageMax;
  for (;;) {
    const page = await store.listWindows({ endsAfter: now, cancelled: false, after, limit });
    windows.push(...page);
    if (page.length < limit) return windows;
    after = (page.at(-1) as MaintenanceWindow).id;
  }
}

/** The maintenance inputs active at `now`: for an engine built to answer one question (the CLI). */
export async function maintenanceInputsAt(store: Store, now: number): Promise<EngineInput[]> {
  const inputs: EngineInput[] = [];
  for (const [key, services] of (await maintenancePlan(store, now)).active)
    for (const service of services)
      inputs.push({ type: 'maintenance', service, key, active: true });
  return inputs;
}

/** Timers, injectable so that tests move time by hand. */
export interface SchedulerTimers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

const systemTimers: SchedulerTimers = {
  set: (callback, delayMs) => {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return timer;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SchedulerOptions {
  clock?: () => number;
  timers?: SchedulerTimers;
  /**
   * How often to look for windows changed by another process (the CLI on the same data folder),
   * by their newest audit record; 0 for never. Default 5000 ms.
   */
  watchMs?: number;
  /** Where a failed re-plan goes (the store busy or gone); the next timer tries again. */
  onError?: (error: unknown) => void;
  /**
   * Told of every occurrence start and end the scheduler's time passes (`maintenance.started`,
   * `maintenance.ended`), once per boundary; not of those already passed when it starts. With
   * several instances, give one that tells only on the leader.
   */
  announce?: Announce;
}

/** Re-plans at least this often, whatever the next boundary, so a missed change heals. */
const MAX_SLEEP_MS = 3_600_000;

/**
 * Tells the engine when maintenance occurrences start and end: one timer for the next boundary
 * of any window, re-planned after every window change (`refresh`), every model change, and when
 * another process changed windows. Each re-plan reads the windows back and tells the engine the
 * difference from what it was told, so it is the same whether it runs once or many times.
 */
export class MaintenanceScheduler {
  /** What the engine has been told: occurrence key to the services told. */
  private told = new Map<string, Set<string>>();
  private timer: unknown;
  private watchTimer: unknown;
  private seenAudit = 0;
  /** The time of the last re-plan: boundaries after it and up to the next one are news. */
  private plannedAt: number | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly clock: () => number;
  private readonly timers: SchedulerTimers;
  private readonly onError: (error: unknown) => void;
  private readonly announce: Announce | undefined;

  private constructor(
    private readonly store: Store,
    private readonly runtime: StatusRuntime,
    options: SchedulerOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.timers = options.timers ?? systemTimers;
    this.onError = options.onError ?? (() => undefined);
    this.announce = options.announce;
  }

  /** Tells the engine what is active now and plans the next boundary. */
  static async start(
    store: Store,
    runtime: StatusRuntime,
    options: SchedulerOptions = {},
  ): Promise<MaintenanceScheduler> {
    const scheduler = new MaintenanceScheduler(store, runtime, options);
    scheduler.seenAudit = await scheduler.newestAudit();
    await scheduler.refresh();
    runtime.onModelChanged(() => {
      void scheduler.refresh();
    });
    const watchMs = options.watchMs ?? 5000;
    if (watchMs > 0) scheduler.watch(watchMs);
    return scheduler;
  }

  /** The scheduler's clock: what "now" is for the windows it follows. */
  now(): number {
    return this.clock();
  }

  /** Occurrences the engine holds now, by key. */
  get active(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.told;
  }

  /**
   * Reads the windows again, tells the engine what started or ended, and sets the timer for the
   * next boundary. Calls queue behind each other; the promise resolves once this one has run.
   */
  refresh(): Promise<void> {
    this.running = this.running.then(
      () => this.sync(),
      () => this.sync(),
    );
    return this.running.catch((error) => this.onError(error));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    if (this.watchTimer !== undefined) this.timers.clear(this.watchTimer);
    this.timer = undefined;
    this.watchTimer = undefined;
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    const now = this.clock();
    const since = this.plannedAt;
    let plan: MaintenancePlan | undefined;
    try {
      // Windows that ended since the last re-plan too: their ends are news.
      const windows = await windowsNotOver(this.store, Math.min(since ?? now, now));
      plan = planOf(windows, now);
      this.runtime.applyInputs(this.difference(plan.active), now);
      // A clock set back tells nothing twice: what it passes again was told already.
      this.plannedAt = Math.max(since ?? now, now);
      if (since !== undefined && this.announce)
        for (const event of boundariesCrossed(windows, since, now)) await this.announce(event);
    } finally {
      this.plan(plan?.next, now);
    }
  }

  /** The inputs from what was told to what is active; `told` becomes the latter. */
  private difference(active: Map<string, readonly string[]>): EngineInput[] {
    const inputs: EngineInput[] = [];
    const engine = this.runtime.engine;
    const known = (service: string) => engine.has(service);
    for (const [key, services] of this.told) {
      const still = active.get(key);
      for (const service of services) {
        // A service the model lost took its inputs with it; told again if it comes back.
        if (!known(service)) services.delete(service);
        else if (!still?.includes(service)) {
          inputs.push({ type: 'maintenance', service, key, active: false });
          services.delete(service);
        }
      }
      if (services.size === 0) this.told.delete(key);
    }
    for (const [key, services] of active) {
      let told = this.told.get(key);
      for (const service of services) {
        if (told?.has(service) || !known(service)) continue;
        inputs.push({ type: 'maintenance', service, key, active: true });
        if (!told) {
          told = new Set();
          this.told.set(key, told);
        }
        told.add(service);
      }
    }
    return inputs;
  }

  /** One timer, for the next boundary (at most MAX_SLEEP_MS away, never in the past). */
  private plan(next: number | undefined, now: number): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const delay =
      next === undefined ? MAX_SLEEP_MS : Math.min(Math.max(next - now, 1), MAX_SLEEP_MS);
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private watch(intervalMs: number): void {
    const tick = () => {
      this.watchTimer = this.timers.set(() => {
        this.newestAudit()
          .then((id) => {
            if (id === this.seenAudit) return;
            this.seenAudit = id;
            return this.refresh();
          })
          .catch(this.onError)
          .finally(() => {
            if (!this.stopped) tick();
          });
      }, intervalMs);
    };
    tick();
  }

  private async newestAudit(): Promise<number> {
    const [newest] = await this.store.listAudit({ limit: 1, kind: 'maintenance' });
    return newest?.id ?? 0;
  }
}
