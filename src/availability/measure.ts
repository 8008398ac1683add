import { levelRank, type StatusLevel } from '../model/levels.js';
import { type Intervals, totalLength, unionOf } from './calendar.js';
import { type AvailabilityFigures, Tally } from './tally.js';
import { type StateTimeline, type Stretch, stretchesOf, walkTimeline } from './timeline.js';
import type { Weights } from './weights.js';

/** Where the figures are taken: `[from, end)`, within a period `[from, to)`. */
export interface Window {
  from: number;
  /** Where the figures stop: the period's end, or now for a running period. */
  end: number;
}

/** One service as measured: its timeline, its service time over the whole period, its target. */
export interface MeasuredService {
  timeline: StateTimeline;
  /** Service time of the whole period `[from, to)`. */
  hours: Intervals;
  slo: number | undefined;
}

/** A service's figures over the window. */
export function measureService(
  service: MeasuredService,
  window: Window,
  weights: Weights,
): AvailabilityFigures {
  const tally = new Tally(weights);
  walkTimeline(service.timeline, service.hours, window.from, window.end, tally.add);
  return tally.figures({ slo: service.slo, periodServiceMs: totalLength(service.hours) });
}

/**
 * A customer's combined figures over the services it consumes, as it experiences them: at each
 * moment only the services in their service hours count. Of those, the ones in maintenance are
 * planned for the customer; the moment is planned when all of them are, and otherwise at the
 * worst level of the ones that are not. A moment at which none is in service hours is outside the
 * customer's service time.
 */
export function measureCustomer(
  services: readonly MeasuredService[],
  slo: number | undefined,
  window: Window,
  weights: Weights,
): AvailabilityFigures {
  const tally = new Tally(weights);
  const lists = services.map((s) => stretchesOf(s.timeline, s.hours, window.from, window.end));
  combineStretches(lists, (start, end, level, maintenance, inHours) =>
    tally.add(start, end, level, maintenance, inHours),
  );
  const periodHours = unionOf(services.map((s) => s.hours));
  return tally.figures({ slo, periodServiceMs: totalLength(periodHours) });
}

/** Sweeps several services' stretches (each covering the same window) into one timeline. */
function combineStretches(
  lists: readonly Stretch[][],
  sink: (
    start: number,
    end: number,
    level: StatusLevel,
    maintenance: boolean,
    inHours: boolean,
  ) => void,
): void {
  const cursors = lists.map(() => 0);
  const current = (i: number) => (lists[i] as Stretch[])[cursors[i] as number] as Stretch;
  if (lists.length === 0 || lists.some((list) => list.length === 0)) return;
  let at = current(0).start;
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    let anyInHours = false;
    let worstCounting: StatusLevel | undefined;
    let worstAny: StatusLevel | undefined;
    let allMaintenance = true;
    for (let i = 0; i < lists.length; i++) {
      const stretch = current(i);
      next = Math.min(next, stretch.end);
      if (!stretch.maintenance && worse(stretch.level, worstAny)) worstAny = stretch.level;
      if (!stretch.inHours) continue;
      anyInHours = true;
      if (stretch.maintenance) continue;
      allMaintenance = false;
      if (worse(stretch.level, worstCounting)) worstCounting = stretch.level;
    }
    if (anyInHours) sink(at, next, worstCounting ?? 'operational', allMaintenance, true);
    // Outside everyone's hours the worst unplanned level still joins or parts outage stretches.
    else sink(at, next, worstAny ?? 'operational', worstAny === undefined, false);
    at = next;
    let done = false;
    for (let i = 0; i < lists.length; i++) {
      if (current(i).end > at) continue;
      cursors[i] = (cursors[i] as number) + 1;
      if ((cursors[i] as number) >= (lists[i] as Stretch[]).length) done = true;
    }
    if (done) return;
  }
}

function worse(level: StatusLevel, than: StatusLevel | undefined): boolean {
  return than === undefined || levelRank(level) > levelRank(than);
}
