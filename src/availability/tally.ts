import type { StatusLevel } from '../model/levels.js';
import { WEIGHTED_LEVELS, type WeightedLevel, type Weights, weightOf } from './weights.js';

const MINUTE = 60_000;

/** The figures of one service, subscription or customer over a period. Times in minutes. */
export interface AvailabilityFigures {
  /** Percent of the counted time (service time less planned time) that was up; null if none counted. */
  availability: number | null;
  /** Service time (within service hours) up to the end of the figures. */
  serviceMinutes: number;
  /** Of the service time, minutes in maintenance: counted neither as up nor as down. */
  plannedMinutes: number;
  /** Unplanned service time weighted by level: what availability charges. */
  downtimeMinutes: number;
  /** Unplanned service time at each non-operational level, unweighted. */
  downtimeByLevel: Record<WeightedLevel, number>;
  /** The target in percent, or null when nothing was promised. */
  slo: number | null;
  /** Whether availability reached the target; null without a target or counted time. */
  met: boolean | null;
  errorBudget: ErrorBudget | null;
  /** Budget used divided by the part of the period's service time that has passed; 1 is on track to use it exactly. */
  burnRate: number | null;
  /** Outages: stretches of unplanned time at a level with a weight above 0 that reach service time. */
  incidents: number;
  /** Mean time to restore: outage minutes in service time per outage; null without outages. */
  mttrMinutes: number | null;
  /** Mean time between failures: counted minutes not in outage per outage; null without outages. */
  mtbfMinutes: number | null;
}

/** The downtime the target allows over the period, and what is used and left of it, in minutes. */
export interface ErrorBudget {
  allowedMinutes: number;
  usedMinutes: number;
  /** Negative when the budget is overspent. */
  leftMinutes: number;
  /** Left as a percent of allowed; null when nothing is allowed (a 100% target). */
  leftPercent: number | null;
}

/** What the figures need beyond the time itself. */
export interface FigureContext {
  slo: number | undefined;
  /**
   * Service time of the whole period, ms; more than the tallied service time when the period is
   * still running. The error budget is the target applied to it, so that a running month's
   * budget is the month's.
   */
  periodServiceMs: number;
}

/**
 * Adds up consecutive stretches of a timeline, in time order and without gaps, into the figures.
 * A stretch is in service hours or not, in maintenance or not, at a level.
 */
export class Tally {
  private serviceMs = 0;
  private plannedMs = 0;
  private weightedMs = 0;
  private outageMs = 0;
  private readonly byLevel: Record<WeightedLevel, number> = {
    major_outage: 0,
    partial_outage: 0,
    degraded: 0,
    unknown: 0,
  };
  private incidents = 0;
  /** In an outage stretch now, and whether it has reached service time (so counted) yet. */
  private inOutage = false;
  private outageCounted = false;

  constructor(private readonly weights: Weights) {}

  /** Bound, so that it can be handed over as a callback. */
  readonly add = (
    start: number,
    end: number,
    level: StatusLevel,
    maintenance: boolean,
    inHours: boolean,
  ): void => {
    const length = end - start;
    if (length <= 0) return;
    const weight = maintenance ? 0 : weightOf(this.weights, level);
    if (weight > 0) {
      if (!this.inOutage) {
        this.inOutage = true;
        this.outageCounted = false;
      }
      if (inHours && !this.outageCounted) {
        this.incidents += 1;
        this.outageCounted = true;
      }
    } else {
      this.inOutage = false;
    }
    if (!inHours) return;
    this.serviceMs += length;
    if (maintenance) {
      this.plannedMs += length;
      return;
    }
    if (level !== 'operational') this.byLevel[level] += length;
    if (weight > 0) {
      this.weightedMs += weight * length;
      this.outageMs += length;
    }
  };

  figures(context: FigureContext): AvailabilityFigures {
    const countedMs = this.serviceMs - this.plannedMs;
    const availability = countedMs > 0 ? 100 * (1 - this.weightedMs / countedMs) : null;
    const slo = context.slo ?? null;
    const met = slo === null || availability === null ? null : availability >= slo;
    let errorBudget: ErrorBudget | null = null;
    let burnRate: number | null = null;
    if (slo !== null) {
      // The planned time to come is not known yet: the budget counts what is planned so far.
      const budgetBaseMs = Math.max(0, context.periodServiceMs - this.plannedMs);
      const allowedMs = budgetBaseMs * (1 - slo / 100);
      errorBudget = {
        allowedMinutes: minutes(allowedMs),
        usedMinutes: minutes(this.weightedMs),
        leftMinutes: minutes(allowedMs - this.weightedMs),
        leftPercent: allowedMs > 0 ? percent(100 * (1 - this.weightedMs / allowedMs)) : null,
      };
      const elapsed = context.periodServiceMs > 0 ? this.serviceMs / context.periodServiceMs : 0;
      if (allowedMs > 0 && elapsed > 0) burnRate = round(this.weightedMs / allowedMs / elapsed, 4);
    }
    const downtimeByLevel = Object.fromEntries(
      WEIGHTED_LEVELS.map((level) => [level, minutes(this.byLevel[level])]),
    ) as Record<WeightedLevel, number>;
    return {
      availability: availability === null ? null : percent(availability),
      serviceMinutes: minutes(this.serviceMs),
      plannedMinutes: minutes(this.plannedMs),
      downtimeMinutes: minutes(this.weightedMs),
      downtimeByLevel,
      slo,
      met,
      errorBudget,
      burnRate,
      incidents: this.incidents,
      mttrMinutes: this.incidents > 0 ? minutes(this.outageMs / this.incidents) : null,
      mtbfMinutes:
        this.incidents > 0 ? minutes((countedMs - this.outageMs) / this.incidents) : null,
    };
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Minutes to three decimals (60 ms): what reports show; sums that must add up use ms. */
function minutes(ms: number): number {
  return round(ms / MINUTE, 3);
}

function percent(value: number): number {
  return round(value, 6);
}
