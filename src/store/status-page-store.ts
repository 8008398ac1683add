import type { StatusPage } from '../status-pages/types.js';
import type { Actor, Versioned } from './store.js';

/**
 * Persistence of status pages, by slug. Every write is one transaction with one audit record
 * (kind `status_page`, key the slug); a failure leaves the store as it was.
 */
export interface StatusPageStore {
  /** Stores a new page at version 1. ConflictError when its slug is taken. */
  createStatusPage(page: StatusPage, actor: Actor): Promise<Versioned<StatusPage>>;
  /**
   * Replaces the page with the same slug, its version one more. NotFoundError for an unknown
   * slug; ConflictError when `expectVersion` is given and is not the stored version.
   */
  updateStatusPage(
    page: StatusPage,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Versioned<StatusPage>>;
  /** NotFoundError, ConflictError as for updates. */
  deleteStatusPage(slug: string, actor: Actor, expectVersion?: number): Promise<void>;
  getStatusPage(slug: string): Promise<Versioned<StatusPage> | undefined>;
  /** Every page, by slug. */
  listStatusPages(): Promise<Versioned<StatusPage>[]>;
}
