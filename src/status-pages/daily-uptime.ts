import { type HistoryReader, loadTimelines } from '../availability/history-reader.js';
import { measureService } from '../availability/measure.js';
import type { LevelState, StateTimeline, TimedState } from '../availability/timeline.js';
import { walkTimeline } from '../availability/timeline.js';
import { DEFAULT_WEIGHTS, type Weights, weightOf } from '../availability/weights.js';
import { type StatusLevel, worse } from '../model/levels.js';

export const DAY_MS = 86_400_000;

/** One UTC day of one service, as the uptime bars show it. */
export interface DayFigure {
  /** The day's start, ms since the epoch (UTC midnight). */
  day: number;
  /** Percent of the day's unplanned time that was up (weighted by level); null if all planned. */
  availability: number | null;
  /**
   * Weighted downtime and counted (unplanned) time, in ms, unrounded: days add up to the
   * figure of the whole stretch even when only seconds of a day count.
   */
  downtimeMs: number;
  countedMs: number;
  /** The worst level outside maintenance during the day. */
  worst: StatusLevel;
}

export interface DailyUptimeOptions {
  /** Days shown, today included (default 90). */
  days?: number;
  /** How long the figures of today (and of a day just ended) are reused, ms (default 60 s). */
  recentTtlMs?: number;
  /**
   * How long after a day ends its figure is still taken again, so that changes recorded a little
   * late still count (default 10 minutes).
   */
  settleMs?: number;
  weights?: Weights;
}

/** A service's figures of today (and of a day just ended), as last taken at `at`. */
interface Recent {
  at: number;
  from: number;
  list: DayFigure[];
}

const OPERATIONAL: LevelState = { level: 'operational', maintenance: false };

/**
 * Daily availability per service over the last N UTC days, from the status history (the
 * availability module's timelines and weights). A day that has ended and settled is computed
 * once and kept; only today and a day just ended are taken again, at most once per
 * `recentTtlMs`, so a page view never scans 90 days of history.
 */
export class DailyUptime {
  private readonly settled = new Map<string, Map<number, DayFigure>>();
  private readonly recent = new Map<string, Recent>();
  private readonly days: number;
  private readonly recentTtlMs: number;
  private readonly settleMs: number;
  private readonly weights: Weights;

  constructor(
    private readonly history: HistoryReader,
    options: DailyUptimeOptions = {},
  ) {
    this.days = options.days ?? 90;
    this.recentTtlMs = options.recentTtlMs ?? 60_000;
    this.settleMs = options.settleMs ?? 10 * 60_000;
    this.weights = options.weights ?? DEFAULT_WEIGHTS;
  }

  /** The figures of each service, oldest day first, `days` of them ending with today. */
  async figures(services: readonly string[], now: number): Promise<Map<string, DayFigure[]>> {
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const first = today - (this.days - 1) * DAY_MS;
    // Days that ended more than settleMs ago are settled; the rest are recent.
    const settledEnd = Math.floor((now - this.settleMs) / DAY_MS) * DAY_MS;
    await this.fillSettled(services, Math.max(first, 0), settledEnd);
    const recent = await this.recentFigures(services, settledEnd, now);
    const out = new Map<string, DayFigure[]>();
    for (const service of services) {
      const kept = this.settled.get(service) ?? new Map<number, DayFigure>();
      const list: DayFigure[] = [];
      for (let day = first; day < settledEnd; day += DAY_MS) {
        const figure = kept.get(day);
        if (figure) list.push(figure);
      }
      list.push(...(recent.get(service) ?? []));
      out.set(service, list);
    }
    this.forgetBefore(first);
    return out;
  }

  private async fillSettled(services: readonly string[], first: number, end: number) {
    let from = end;
    const missing: string[] = [];
    for (const service of services) {
      const kept = this.settled.get(service);
      let day = first;
      while (day < end && kept?.has(day)) day += DAY_MS;
      if (day < end) {
        missing.push(service);
        from = Math.min(from, day);
      }
    }
    if (missing.length === 0) return;
    const figures = await this.compute(missing, from, end, end);
    for (const [service, list] of figures) {
      let kept = this.settled.get(service);
      if (!kept) {
        kept = new Map();
        this.settled.set(service, kept);
      }
      for (const figure of list) kept.set(figure.day, figure);
    }
  }

  private async recentFigures(services: readonly string[], from: number, now: number) {
    const fresh = (kept: Recent | undefined) =>
      kept !== undefined &&
      kept.from === from &&
      now >= kept.at &&
      now - kept.at < this.recentTtlMs;
    const stale = services.filter((service) => !fresh(this.recent.get(service)));
    if (stale.length > 0) {
      const to = Math.floor(now / DAY_MS + 1) * DAY_MS;
      for (const [service, list] of await this.compute(stale, from, to, now))
        this.recent.set(service, { at: now, from, list });
    }
    return new Map(services.map((service) => [service, this.recent.get(service)?.list ?? []]));
  }

  /** Figures of the days from `from` to `to` (UTC midnights), measured up to `end`. */
  private async compute(
    services: readonly string[],
    from: number,
    to: number,
    end: number,
  ): Promise<Map<string, DayFigure[]>> {
    const out = new Map<string, DayFigure[]>();
    if (from >= to) {
      for (const service of services) out.set(service, []);
      return out;
    }
    const timelines = await loadTimelines(this.history, from, Math.min(to, end), services);
    for (const service of services) {
      const timeline = timelines.get(service) ?? { initial: OPERATIONAL, changes: [] };
      out.set(service, this.daysOf(timeline, from, to, end));
    }
    return out;
  }

  private daysOf(timeline: StateTimeline, from: number, to: number, end: number): DayFigure[] {
    const list: DayFigure[] = [];
    let state: LevelState = timeline.initial;
    let next = 0;
    for (let day = from; day < to && day < end; day += DAY_MS) {
      const dayEnd = day + DAY_MS;
      const changes: TimedState[] = [];
      while (next < timeline.changes.length && (timeline.changes[next] as TimedState).at < dayEnd)
        changes.push(timeline.changes[next++] as TimedState);
      const slice: StateTimeline = { initial: state, changes };
      list.push(this.dayFigure(slice, day, Math.min(dayEnd, end)));
      state = changes.at(-1) ?? state;
    }
    return list;
  }

  private dayFigure(timeline: StateTimeline, day: number, end: number): DayFigure {
    const window = { from: day, end };
    const figures = measureService(
      { timeline, hours: [day, day + DAY_MS], slo: undefined },
      window,
      this.weights,
    );
    let worst: StatusLevel = 'operational';
    let downtimeMs = 0;
    let countedMs = 0;
    walkTimeline(timeline, [day, day + DAY_MS], day, end, (start, stop, level, maintenance) => {
      if (stop <= start || maintenance) return;
      worst = worse(worst, level);
      countedMs += stop - start;
      downtimeMs += (stop - start) * weightOf(this.weights, level);
    });
    return { day, availability: figures.availability, downtimeMs, countedMs, worst };
  }

  private forgetBefore(first: number): void {
    for (const [service, kept] of this.recent) if (kept.from < first) this.recent.delete(service);
    for (const kept of this.settled.values())
      for (const day of kept.keys()) if (day < first) kept.delete(day);
  }
}

/** The availability over several days together, in percent; null when nothing was counted. */
export function availabilityOver(days: readonly DayFigure[]): number | null {
  let counted = 0;
  let down = 0;
  for (const day of days) {
    counted += day.countedMs;
    down += day.downtimeMs;
  }
  return counted > 0 ? Math.round(100_000 * (1 - down / counted)) / 1000 : null;
}
