import type { IncidentStatus } from '../../incidents/types.js';
import type { DisplayStatus } from '../../status-pages/page-view.js';

/** The words a page uses for a status: status is always said, never shown by colour alone. */
export const STATUS_WORDS: Record<DisplayStatus, string> = {
  operational: 'Operational',
  unknown: 'Status unknown',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  maintenance: 'Under maintenance',
};

/** The page's headline for its overall status. */
export const OVERALL_WORDS: Record<DisplayStatus, string> = {
  operational: 'All systems operational',
  unknown: 'Some statuses are unknown',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  maintenance: 'Maintenance in progress',
};

export const INCIDENT_WORDS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** `2026-11-28 14:05 UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-11-28`. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `99.982%`, trimmed: `100%`, `99.5%`. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(3))}%`;
}
