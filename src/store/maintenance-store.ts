import type { MaintenanceWindow, NewMaintenanceWindow } from '../maintenance/types.js';
import type { Actor } from './store.js';

/** Filters for listWindows; all given ones must hold. */
export interface MaintenanceQuery {
  /** Only windows that cover this service. */
  service?: string;
  /** Only windows whose last occurrence ends after this (ms): not over yet. */
  endsAfter?: number;
  /** Only windows whose last occurrence ends at or before this (ms): over. */
  endsBy?: number;
  /**
   * Only windows over at this time (ms): cancelled, or their last occurrence ended at or before
   * it (the API's `when=past`), so that listing them pages in the database.
   */
  over?: number;
  /** true: only cancelled windows; false: only those not cancelled; absent: both. */
  cancelled?: boolean;
  /** Only ids above this, for paging on (lists go by id, oldest first). */
  after?: number;
  /** 1 to 500 (MAINTENANCE_LIMITS.pageMax); default 100. Anything else is an InputError. */
  limit?: number;
}

/**
 * Persistence of maintenance windows. Every write is one transaction with one audit record
 * (kind `maintenance`, key the id); a failure leaves the store as it was.
 */
export interface MaintenanceStore {
  /** Stores a new window with the next id and version 1. */
  createWindow(window: NewMaintenanceWindow, actor: Actor): Promise<MaintenanceWindow>;
  /**
   * Reads the window, makes the next one with `change` (pure; it may throw to refuse), and stores
   * it with its version one more, in one transaction. `change` must leave id, author and
   * createdAt alone. NotFoundError for an unknown id; ConflictError when `expectVersion` is given
   * and is not the stored version.
   */
  updateWindow(
    id: number,
    change: (current: MaintenanceWindow) => MaintenanceWindow,
    actor: Actor,
    expectVersion?: number,
  ): Promise<MaintenanceWindow>;
  getWindow(id: number): Promise<MaintenanceWindow | undefined>;
  /** By id, oldest first. InputError for a bad limit or `after`. */
  listWindows(query?: MaintenanceQuery): Promise<MaintenanceWindow[]>;
}
