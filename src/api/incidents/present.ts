import type { Incident, IncidentSummary } from '../../incidents/types.js';
import { entityTag } from '../rest/etag.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** An incident in a list, as the API and `incident list --json` show it. */
export function presentIncidentSummary(incident: IncidentSummary) {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    visibility: incident.visibility,
    services: incident.services,
    signals: incident.signals,
    author: incident.author,
    createdAt: iso(incident.createdAt),
    updatedAt: iso(incident.updatedAt),
    resolvedAt: isoOrNull(incident.resolvedAt),
    version: incident.version,
    updateCount: incident.updateCount,
  };
}

/** A whole incident, as the API and `incident show --json` show it. */
export function presentIncident(incident: Incident) {
  const { updateCount: _count, ...fields } = presentIncidentSummary({
    ...incident,
    updateCount: incident.updates.length,
  });
  return {
    ...fields,
    updates: incident.updates.map((u) => ({ ...u, at: iso(u.at) })),
    rootCause: incident.rootCause,
    postmortem: incident.postmortem,
  };
}

/** The incident's ETag: its version, with its creation time as the other entities' tags have. */
export function incidentTag(incident: Pick<Incident, 'version' | 'createdAt'>): string {
  return entityTag({ version: incident.version, createdAt: iso(incident.createdAt) });
}
