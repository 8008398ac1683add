import { levelRank, type StatusLevel } from '../model/levels.js';
import { ACKNOWLEDGED_BIT, MAINTENANCE_BIT } from './state-bits.js';

/** One signal's level and summary. */
export interface SignalInput {
  level: StatusLevel;
  summary?: string;
}

/** A manual override of a service's own level. */
export interface OverrideInput {
  level: StatusLevel;
  author?: string;
  reason?: string;
}

/**
 * What has been said about one service. Nearly every service with inputs has a single signal,
 * so that one is held in the record's own fields (`key`, `level`, `summary`): setting, changing
 * or clearing it allocates nothing and reads no second object, where a Map per service cost a
 * table and an entry object (about a quarter of a single input's time over the raw kernel's).
 * While a service has two signals or more, all of them are in `several` instead and `key` is
 * null; when one is left it moves back inline. `rank` is always the worst signal's rank.
 */
export class InputRecord {
  /** The key of the service's only signal; null when it has none, or several. */
  key: string | null = null;
  /** The only signal's level and summary (meaningless while `key` is null). */
  level: StatusLevel = 'operational';
  summary: string | undefined = undefined;
  /** Every signal, while there are at least two; null otherwise. */
  several: Map<string, SignalInput> | null = null;
  /** Rank of the worst signal, 0 (operational) with none. */
  rank = 0;
  override: OverrideInput | undefined = undefined;
  /** Keys of the active maintenance windows; null until the first. */
  windows: Set<string> | null = null;
  acknowledged = false;
}

/** Sets the signal `key` (a new one or a new level for it). */
export function setSignal(
  record: InputRecord,
  key: string,
  level: StatusLevel,
  summary: string | undefined,
): void {
  const several = record.several;
  if (several !== null) {
    several.set(key, { level, summary });
    record.rank = worstRank(several);
    return;
  }
  if (record.key === null || record.key === key) {
    record.key = key;
    record.level = level;
    record.summary = summary;
    record.rank = levelRank(level);
    return;
  }
  const both = new Map<string, SignalInput>();
  both.set(record.key, { level: record.level, summary: record.summary });
  both.set(key, { level, summary });
  record.several = both;
  record.key = null;
  record.rank = worstRank(both);
}

/** Clears the signal `key`; nothing when the service has no such signal. */
export function clearSignal(record: InputRecord, key: string): void {
  const several = record.several;
  if (several === null) {
    if (record.key !== key) return;
    record.key = null;
    record.rank = 0;
    return;
  }
  if (!several.delete(key)) return;
  if (several.size > 1) {
    record.rank = worstRank(several);
    return;
  }
  record.several = null;
  const [last, signal] = several.entries().next().value as [string, SignalInput];
  record.key = last;
  record.level = signal.level;
  record.summary = signal.summary;
  record.rank = levelRank(signal.level);
}

/** How many signals the service has. */
export function signalCount(record: InputRecord): number {
  if (record.several !== null) return record.several.size;
  return record.key === null ? 0 : 1;
}

/** The service's signals by key (a new array; order unspecified). */
export function signalsOf(record: InputRecord): [string, SignalInput][] {
  if (record.several !== null) return [...record.several];
  if (record.key === null) return [];
  return [[record.key, { level: record.level, summary: record.summary }]];
}

function worstRank(signals: Map<string, SignalInput>): number {
  let rank = 0;
  for (const signal of signals.values()) rank = Math.max(rank, levelRank(signal.level));
  return rank;
}

/** A copy that can be changed without touching the original (for what-if). */
export function copyRecord(record: InputRecord | undefined): InputRecord {
  const copy = new InputRecord();
  if (!record) return copy;
  copy.key = record.key;
  copy.level = record.level;
  copy.summary = record.summary;
  copy.several = record.several && new Map(record.several);
  copy.rank = record.rank;
  copy.override = record.override;
  copy.windows = record.windows && new Set(record.windows);
  copy.acknowledged = record.acknowledged;
  return copy;
}

export function isEmptyRecord(record: InputRecord): boolean {
  return (
    record.key === null &&
    record.several === null &&
    record.override === undefined &&
    (record.windows === null || record.windows.size === 0) &&
    !record.acknowledged
  );
}

/**
 * The own byte: the override's level if set, else the worst signal, else operational; plus the
 * maintenance bit when a window is active and the acknowledged bit.
 */
export function ownByte(record: InputRecord | undefined): number {
  if (!record) return 0;
  let rank = record.override ? levelRank(record.override.level) : record.rank;
  if (record.windows !== null && record.windows.size > 0) rank |= MAINTENANCE_BIT;
  if (record.acknowledged) rank |= ACKNOWLEDGED_BIT;
  return rank;
}
