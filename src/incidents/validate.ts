import type { Problem, Result } from '../model/errors.js';
import { idProblem } from '../model/ids.js';
import { INCIDENT_LIMITS } from './limits.js';
import {
  type AffectedService,
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  INCIDENT_VISIBILITIES,
  type IncidentStatus,
  type IncidentVisibility,
  type OpenIncidentStatus,
} from './types.js';

/** What opening an incident asks for; the first update carries `message` and `status`. */
export interface IncidentDraft {
  title: string;
  message: string;
  services: AffectedService[];
  /** Default `investigating`. */
  status?: OpenIncidentStatus;
  /** Default `internal`. */
  visibility?: IncidentVisibility;
  signals?: number[];
}

/** Fields an incident's editors may change at any time; lists replace the stored ones. */
export interface IncidentFieldChange {
  title?: string;
  visibility?: IncidentVisibility;
  services?: AffectedService[];
  signals?: number[];
}

/** A new entry in the log: a message, and the status it sets (default: the current one). */
export interface UpdateRequest {
  message: string;
  status?: IncidentStatus;
  /** Must be true to move a resolved incident back to an open status, and only then. */
  reopen?: boolean;
}

/** A draft with texts trimmed, services sorted and defaults filled in, or every problem found. */
export function validateDraft(draft: IncidentDraft): Result<Required<IncidentDraft>> {
  const problems: Problem[] = [];
  const title = text(draft.title, 'title', INCIDENT_LIMITS.titleMaxLength, problems);
  const message = text(draft.message, 'message', INCIDENT_LIMITS.messageMaxLength, problems);
  const services = affected(draft.services, 'services', problems);
  const signals = signalIds(draft.signals ?? [], 'signals', problems);
  const status = draft.status ?? 'investigating';
  if (!oneOf(OPEN_STATUSES, status))
    problems.push({
      path: 'status',
      message: `'${String(status)}' is not an open status (investigating, identified, monitoring)`,
    });
  const visibility = draft.visibility ?? 'internal';
  if (!oneOf(INCIDENT_VISIBILITIES, visibility))
    problems.push({
      path: 'visibility',
      message: `'${String(visibility)}' is not internal or public`,
    });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { title, message, services, signals, status, visibility } };
}

/** The change with texts trimmed and lists sorted, or every problem found. */
export function validateFieldChange(change: IncidentFieldChange): Result<IncidentFieldChange> {
  const problems: Problem[] = [];
  const value: IncidentFieldChange = {};
  if (change.title !== undefined)
    value.title = text(change.title, 'title', INCIDENT_LIMITS.titleMaxLength, problems);
  if (change.visibility !== undefined) {
    if (oneOf(INCIDENT_VISIBILITIES, change.visibility)) value.visibility = change.visibility;
    else
      problems.push({
        path: 'visibility',
        message: `'${String(change.visibility)}' is not internal or public`,
      });
  }
  if (change.services !== undefined)
    value.services = affected(change.services, 'services', problems);
  if (change.signals !== undefined) value.signals = signalIds(change.signals, 'signals', problems);
  if (problems.length > 0) return { ok: false, problems };
  if (Object.keys(value).length === 0)
    return {
      ok: false,
      problems: [{ message: 'nothing to change: give title, visibility, services or signals' }],
    };
  return { ok: true, value };
}

/** The update with its message trimmed, or every problem found. */
export function validateUpdateRequest(request: UpdateRequest): Result<UpdateRequest> {
  const problems: Problem[] = [];
  const message = text(request.message, 'message', INCIDENT_LIMITS.messageMaxLength, problems);
  if (request.status !== undefined && !oneOf(INCIDENT_STATUSES, request.status))
    problems.push({
      path: 'status',
      message: `'${String(request.status)}' is not one of ${INCIDENT_STATUSES.join(', ')}`,
    });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      message,
      ...(request.status !== undefined && { status: request.status }),
      ...(request.reopen === true && { reopen: true }),
    },
  };
}

/** The postmortem as stored: trimmed, null when empty (which removes it), or the problem. */
export function validatePostmortem(value: string): Result<string | null> {
  if (typeof value !== 'string')
    return { ok: false, problems: [{ path: 'postmortem', message: 'is not text' }] };
  const trimmed = value.trim();
  if (trimmed.length > INCIDENT_LIMITS.postmortemMaxLength)
    return {
      ok: false,
      problems: [
        {
          path: 'postmortem',
          message: `is ${trimmed.length} characters long (${INCIDENT_LIMITS.postmortemMaxLength} at most)`,
        },
      ],
    };
  return { ok: true, value: trimmed === '' ? null : trimmed };
}

const OPEN_STATUSES: readonly OpenIncidentStatus[] = ['investigating', 'identified', 'monitoring'];

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function text(value: unknown, path: string, max: number, problems: Problem[]): string {
  if (typeof value !== 'string') {
    problems.push({ path, message: 'is required' });
    return '';
  }
  const trimmed = value.trim();
  if (trimmed === '') problems.push({ path, message: 'is empty' });
  else if (trimmed.length > max)
    problems.push({ path, message: `is ${trimmed.length} characters long (${max} at most)` });
  return trimmed;
}

function affected(value: unknown, path: string, problems: Problem[]): AffectedService[] {
  if (!Array.isArray(value)) {
    problems.push({ path, message: 'is not a list of { service, impact }' });
    return [];
  }
  if (value.length > INCIDENT_LIMITS.servicesMax)
    problems.push({
      path,
      message: `names ${value.length} services (${INCIDENT_LIMITS.servicesMax} at most)`,
    });
  const seen = new Set<string>();
  const services: AffectedService[] = [];
  value.forEach((entry: Partial<AffectedService> | null, i) => {
    const service = entry?.service;
    const impact = entry?.impact;
    const idIssue = typeof service === 'string' ? idProblem(service) : 'service is required';
    if (idIssue) problems.push({ path: `${path}[${i}].service`, message: idIssue });
    else if (seen.has(service as string))
      problems.push({ path: `${path}[${i}].service`, message: `'${service}' is named twice` });
    if (!oneOf(INCIDENT_IMPACTS, impact))
      problems.push({
        path: `${path}[${i}].impact`,
        message: `'${String(impact)}' is not one of ${INCIDENT_IMPACTS.join(', ')}`,
      });
    if (!idIssue && oneOf(INCIDENT_IMPACTS, impact) && !seen.has(service as string)) {
      seen.add(service as string);
      services.push({ service: service as string, impact });
    }
  });
  return services.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

function signalIds(value: unknown, path: string, problems: Problem[]): number[] {
  if (!Array.isArray(value)) {
    problems.push({ path, message: 'is not a list of signal ids' });
    return [];
  }
  if (value.length > INCIDENT_LIMITS.signalsMax)
    problems.push({
      path,
      message: `links ${value.length} signals (${INCIDENT_LIMITS.signalsMax} at most)`,
    });
  const ids = new Set<number>();
  value.forEach((id: unknown, i) => {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
      problems.push({ path: `${path}[${i}]`, message: `${String(id)} is not a signal id` });
    else if (ids.has(id))
      problems.push({ path: `${path}[${i}]`, message: `${id} is linked twice` });
    else ids.add(id);
  });
  return [...ids].sort((a, b) => a - b);
}
