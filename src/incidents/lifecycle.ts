import { ConflictError, InputError } from '../model/errors.js';
import { INCIDENT_LIMITS } from './limits.js';
import type { Incident, IncidentStatus, NewIncident, RootCause } from './types.js';
import type { IncidentDraft, IncidentFieldChange, UpdateRequest } from './validate.js';

/** Who acts and when (ms since the epoch). */
export interface Stamp {
  author: string;
  at: number;
}

/**
 * Why an incident may not move from `from` to `to`, or undefined when it may. Open statuses move
 * freely among themselves, backwards too; any open status may be resolved; a resolved incident
 * stays resolved unless the move says `reopen`, and `reopen` is refused on an open one (it
 * would say something that is not so).
 */
export function moveProblem(
  from: IncidentStatus,
  to: IncidentStatus,
  reopen: boolean,
): string | undefined {
  if (from === 'resolved') {
    if (to === 'resolved') return 'the incident is resolved already';
    if (!reopen) return `the incident is resolved: send reopen: true to move it back to ${to}`;
    return undefined;
  }
  if (reopen) return 'reopen: the incident is not resolved';
  return undefined;
}

/** A new incident from a validated draft: its first update says what the draft says. */
export function openIncident(
  draft: Required<IncidentDraft>,
  stamp: Stamp,
  rootCause: RootCause[],
): NewIncident {
  return {
    title: draft.title,
    status: draft.status,
    visibility: draft.visibility,
    services: draft.services,
    signals: draft.signals,
    updates: [{ status: draft.status, message: draft.message, author: stamp.author, at: stamp.at }],
    rootCause,
    postmortem: null,
    author: stamp.author,
    createdAt: stamp.at,
    updatedAt: stamp.at,
    resolvedAt: null,
  };
}

/** The incident with validated fields changed. The log is untouched: fields are not news. */
export function changeFields(
  incident: Incident,
  change: IncidentFieldChange,
  at: number,
): Incident {
  return { ...incident, ...change, updatedAt: at };
}

/**
 * The incident with a validated update appended and its status set from it. Throws a
 * ConflictError when the move is not allowed (moveProblem) or the log is full; an InputError
 * for `reopen` on an open incident.
 */
export function addUpdate(incident: Incident, request: UpdateRequest, stamp: Stamp): Incident {
  const to = request.status ?? incident.status;
  const problem = moveProblem(incident.status, to, request.reopen === true);
  if (problem !== undefined) {
    const detail = [{ path: request.reopen ? 'reopen' : 'status', message: problem }];
    if (incident.status !== 'resolved') throw new InputError(problem, detail);
    throw new ConflictError(`incident ${incident.id}: ${problem}`, detail);
  }
  if (incident.updates.length >= INCIDENT_LIMITS.updatesMax)
    throw new ConflictError(
      `incident ${incident.id} has ${incident.updates.length} updates, the most one incident keeps: open a new incident`,
    );
  const update = { status: to, message: request.message, author: stamp.author, at: stamp.at };
  return {
    ...incident,
    status: to,
    updates: [...incident.updates, update],
    updatedAt: stamp.at,
    resolvedAt: to === 'resolved' ? stamp.at : null,
  };
}

/** Resolving is an update to `resolved` (ConflictError when it is resolved already). */
export function resolveIncident(incident: Incident, message: string, stamp: Stamp): Incident {
  return addUpdate(incident, { message, status: 'resolved' }, stamp);
}

/** The incident with its (validated) postmortem replaced; null removes it. */
export function setPostmortem(incident: Incident, postmortem: string | null, at: number): Incident {
  return { ...incident, postmortem, updatedAt: at };
}
