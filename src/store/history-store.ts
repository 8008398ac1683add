import type { ServiceState } from '../engine/types.js';

/** One effective change of a service's status, as the engine made it. Times in ms since the epoch. */
export interface NewStatusChange {
  service: string;
  at: number;
  from: ServiceState;
  to: ServiceState;
  /** What made it, as the engine says: `signal:alertmanager/abc`, `dependency:db01`, `override`… */
  cause: string;
}

export interface StatusChange extends NewStatusChange {
  /** Increasing in the order changes were recorded; ties in `at` are ordered by it. */
  id: number;
}

/**
 * A service's state at some moment, when it differs from the default (operational, no flags).
 * `since` is when it took this state (the `at` of the change that set it).
 */
export interface HistoricState extends ServiceState {
  service: string;
  since: number;
}

export interface StatusChangeQuery {
  /** Changes with `from <= at < to`. */
  from: number;
  to: number;
  /** Only these services; every service when absent. */
  services?: readonly string[];
  /** Only ids above this, for paging forwards. */
  after?: number;
  /** 1 to 100,000 (STATUS_CHANGES_MAX_LIMIT); default 1000. Anything else is an InputError. */
  limit?: number;
}

/** A change reduced to what availability needs: the state it led to, without cause or flags' past. */
export interface StateChange {
  service: string;
  at: number;
  level: ServiceState['level'];
  maintenance: boolean;
}

/** The most changes one `listStateChanges` answers; a longer range is an InputError. */
export const STATE_CHANGES_MAX = 5_000_000;

export const STATUS_CHANGES_DEFAULT_LIMIT = 1000;
export const STATUS_CHANGES_MAX_LIMIT = 100_000;

/**
 * The history of effective statuses: every transition with its cause, and the state of the
 * whole chain at any moment. A service with no change recorded before a moment was operational
 * with no flags then.
 */
export interface HistoryStore {
  /** Appends changes, in one transaction, in the order given. */
  recordStatusChanges(changes: readonly NewStatusChange[]): Promise<void>;
  /** Ordered by `at`, then id. */
  listStatusChanges(query: StatusChangeQuery): Promise<StatusChange[]>;
  /**
   * Every change with `from <= at < to` (of `services` when given), ordered by `at` then id, in
   * one answer and lean: reports over a month read a hundred thousand changes, and paging them
   * as full StatusChanges cost more than the report itself. More than STATE_CHANGES_MAX is an
   * InputError.
   */
  listStateChanges(from: number, to: number, services?: readonly string[]): Promise<StateChange[]>;
  /**
   * Every service (of `services` when given) whose state at `at` (after every change with
   * `at` at or before it) is not the default, by service id.
   */
  stateAt(at: number, services?: readonly string[]): Promise<HistoricState[]>;
  /**
   * Keeps the state of the whole chain at `at` (what stateAt gives) so that later questions
   * about moments at or after `at` start from it instead of from the first change. Recording a
   * change at or before a snapshot's `at` drops that snapshot, so history stays right whatever
   * order changes arrive in. Returns how many services it holds.
   */
  writeStatusSnapshot(at: number): Promise<{ services: number }>;
  /**
   * Thins out old snapshots: of those taken before `before`, keeps only the newest of each UTC
   * day. Snapshots only make stateAt quicker (it gives the same answer from any older snapshot
   * plus the changes since), so a moment before `before` costs at most a day of changes more to
   * rebuild. Returns how many snapshots it deleted.
   */
  pruneStatusSnapshots(before: number): Promise<{ deleted: number }>;
}

/** Snapshots are thinned out to one per day of this length (UTC days). */
export const SNAPSHOT_DAY_MS = 86_400_000;
