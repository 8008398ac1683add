import type { Explanation } from '../engine/types.js';
import type { StatusLevel } from '../model/levels.js';

/**
 * Where an incident stands. The first three are open (in any order: teams go back from
 * monitoring to investigating when a fix does not hold); `resolved` is final unless the incident
 * is reopened explicitly.
 */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type OpenIncidentStatus = Exclude<IncidentStatus, 'resolved'>;

/** `public` only marks an incident for status pages; reading it through the API still needs read access. */
export const INCIDENT_VISIBILITIES = ['internal', 'public'] as const;
export type IncidentVisibility = (typeof INCIDENT_VISIBILITIES)[number];

/** The declared impact on a service: the levels that are trouble (never operational or unknown). */
export const INCIDENT_IMPACTS = ['degraded', 'partial_outage', 'major_outage'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number] & StatusLevel;

export interface AffectedService {
  service: string;
  impact: IncidentImpact;
}

/** One entry of the incident's log: what was said, by whom, when, and the status it set. */
export interface IncidentUpdate {
  status: IncidentStatus;
  message: string;
  author: string;
  /** ms since the epoch, as are all incident times. */
  at: number;
}

/** Why an affected service had its status when the incident was opened (the engine's explain tree). */
export interface RootCause {
  service: string;
  explanation: Explanation;
}

export interface Incident {
  id: number;
  title: string;
  status: IncidentStatus;
  visibility: IncidentVisibility;
  /** Sorted by service id, each once. */
  services: AffectedService[];
  /** Ids of the stored signals that led to it, ascending. */
  signals: number[];
  /** Oldest first; the first one was written when the incident was opened. */
  updates: IncidentUpdate[];
  /** Captured once, at creation, before the incident's own impact reached the engine. */
  rootCause: RootCause[];
  /** Markdown; null until written. */
  postmortem: string | null;
  author: string;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  /** 1 when created, one more at every change: the ETag. */
  version: number;
}

/** An incident before the store gives it an id and a version. */
export type NewIncident = Omit<Incident, 'id' | 'version'>;

/** What lists show: everything but the update log, the root-cause trees and the postmortem. */
export type IncidentSummary = Omit<Incident, 'updates' | 'rootCause' | 'postmortem'> & {
  updateCount: number;
};

export function isOpen(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'resolved';
}

export function summarize(incident: Incident): IncidentSummary {
  const { updates, rootCause: _rootCause, postmortem: _postmortem, ...rest } = incident;
  return { ...rest, updateCount: updates.length };
}
