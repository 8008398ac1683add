import type { StatusLevel } from '../model/levels.js';
import type { Intervals } from './calendar.js';

/** What availability needs of a service's state: its level and whether it is in maintenance. */
export interface LevelState {
  level: StatusLevel;
  maintenance: boolean;
}

export interface TimedState extends LevelState {
  /** When the service took this state, ms since the epoch. */
  at: number;
}

/**
 * A service's effective state over a period: the state at its start, then every change inside
 * it, in time order (changes at the same `at` in the order they were recorded; the last wins).
 */
export interface StateTimeline {
  initial: LevelState;
  changes: readonly TimedState[];
}

/** Receives consecutive stretches, in time order, covering the whole window without gaps. */
export type StretchSink = (
  start: number,
  end: number,
  level: StatusLevel,
  maintenance: boolean,
  inHours: boolean,
) => void;

/**
 * Walks a timeline over `[from, end)` against the service time in `hours`, telling `sink` each
 * stretch of one state that is wholly in or wholly out of service time. Changes before `from`
 * or at or after `end` are ignored (the initial state already holds the former).
 */
export function walkTimeline(
  timeline: StateTimeline,
  hours: Intervals,
  from: number,
  end: number,
  sink: StretchSink,
): void {
  let index = 0;
  const emit = (start: number, stop: number, state: LevelState) => {
    let at = start;
    while (at < stop) {
      while (index < hours.length && (hours[index + 1] as number) <= at) index += 2;
      if (index >= hours.length) {
        sink(at, stop, state.level, state.maintenance, false);
        return;
      }
      const open = hours[index] as number;
      const close = hours[index + 1] as number;
      const next = at < open ? Math.min(stop, open) : Math.min(stop, close);
      sink(at, next, state.level, state.maintenance, at >= open);
      at = next;
    }
  };
  let state: LevelState = timeline.initial;
  let start = from;
  for (const change of timeline.changes) {
    if (change.at >= end) break;
    if (change.at > start) {
      emit(start, change.at, state);
      start = change.at;
    }
    state = change;
  }
  emit(start, end, state);
}

/** One stretch of a timeline as `walkTimeline` tells it, kept (for combining services). */
export interface Stretch extends LevelState {
  start: number;
  end: number;
  inHours: boolean;
}

/** The stretches of a timeline, kept in a list. */
export function stretchesOf(
  timeline: StateTimeline,
  hours: Intervals,
  from: number,
  end: number,
): Stretch[] {
  const out: Stretch[] = [];
  walkTimeline(timeline, hours, from, end, (start, stop, level, maintenance, inHours) => {
    out.push({ start, end: stop, level, maintenance, inHours });
  });
  return out;
}
