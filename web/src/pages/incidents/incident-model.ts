import type { IncidentImpact, IncidentStatus, IncidentSummary } from '../../api/ops-types.js';

/** How an incident status reads, in words. */
export const INCIDENT_STATUS_TEXT: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const OPEN_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
export const IMPACTS: readonly IncidentImpact[] = ['degraded', 'partial_outage', 'major_outage'];

/** Open incidents first, each group the most recently changed first (ties: the newer id). */
export function sortIncidents(items: readonly IncidentSummary[]): IncidentSummary[] {
  return [...items].sort((a, b) => {
    const open = Number(b.status !== 'resolved') - Number(a.status !== 'resolved');
    if (open !== 0) return open;
    return b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id;
  });
}

/** The client-side search of the list: words of the title, an id, or an affected service. */
export function matchesSearch(incident: IncidentSummary, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [incident.title, `#${incident.id}`, ...incident.services.map((s) => s.service)]
    .join(' ')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** One row of the affected-services editor; an empty service is a row not filled in yet. */
export interface AffectedRow {
  service: string;
  impact: IncidentImpact;
}

/**
 * The `services` the API takes from the editor's rows: empty rows left out, and a service named
 * twice kept once with its last impact (the API would refuse the repeat; the form means the last).
 */
export function affectedBody(rows: readonly AffectedRow[]): AffectedRow[] {
  const byService = new Map<string, IncidentImpact>();
  for (const row of rows) {
    const service = row.service.trim();
    if (service === '') continue;
    byService.delete(service);
    byService.set(service, row.impact);
  }
  return [...byService].map(([service, impact]) => ({ service, impact }));
}

/** How long between two instants, in the largest units that say it: "2 h 5 min", "3 d 4 h". */
export function durationText(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
