import type {
  Incident,
  IncidentSummary,
  IncidentVisibility,
  NewIncident,
} from '../incidents/types.js';
import type { Actor } from './store.js';

/** Filters for listIncidents; all given ones must hold. */
export interface IncidentQuery {
  state?: 'open' | 'resolved';
  /** Only incidents that name this service among the affected. */
  service?: string;
  visibility?: IncidentVisibility;
  /** Only ids below this, for paging back (ids grow with creation, so this is newest first). */
  before?: number;
  /** 1 to 500 (INCIDENT_LIMITS.pageMax); default 50. Anything else is an InputError. */
  limit?: number;
}

/**
 * Persistence of incidents. Every write is one transaction with one audit record (kind
 * `incident`, key the id); a failure leaves the store as it was.
 */
export interface IncidentStore {
  /** Stores a new incident with the next id and version 1. */
  createIncident(incident: NewIncident, actor: Actor): Promise<Incident>;
  /**
   * Reads the incident, makes the next one with `change` (pure; it may throw to refuse), and
   * stores it with its version one more, in one transaction. `change` may only append to the
   * log and must leave id, author, createdAt and rootCause alone. NotFoundError for an unknown
   * id; ConflictError when `expectVersion` is given and is not the stored version.
   */
  updateIncident(
    id: number,
    change: (current: Incident) => Incident,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Incident>;
  getIncident(id: number): Promise<Incident | undefined>;
  /** Newest first. InputError for a bad limit or `before`. */
  listIncidents(query?: IncidentQuery): Promise<IncidentSummary[]>;
  /** Every incident not resolved, by id: what the engine is told at start. */
  listOpenIncidents(): Promise<IncidentSummary[]>;
  /** The ids among `ids` that name no stored signal, ascending. */
  missingSignals(ids: readonly number[]): Promise<number[]>;
}
