import type { IncidentStatus } from '../../api/ops-types.js';
import { INCIDENT_STATUS_TEXT } from './incident-model.js';

/** An incident's status in words, marked open or resolved by a symbol as well as by colour. */
export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const open = status !== 'resolved';
  return (
    <span className={`incident-status ${open ? 'open' : 'resolved'}`} data-status={status}>
      <span aria-hidden="true">{open ? '●' : '✓'}</span> {INCIDENT_STATUS_TEXT[status]}
    </span>
  );
}

/** A time as the reader's locale writes it, machine-readable too. */
export function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;
}
