import { formatCsv, guardCell } from '../interop/csv/csv-text.js';
import type { CustomerAvailability, ServiceAvailability } from './report.js';
import type { AvailabilityFigures } from './tally.js';

/** The columns of the CSV export, in order; docs/availability.md explains each. */
export const CSV_HEADER = [
  'kind',
  'id',
  'name',
  'service',
  'availability_percent',
  'slo_percent',
  'met',
  'service_minutes',
  'planned_minutes',
  'downtime_minutes',
  'major_outage_minutes',
  'partial_outage_minutes',
  'degraded_minutes',
  'unknown_minutes',
  'budget_allowed_minutes',
  'budget_used_minutes',
  'budget_left_minutes',
  'budget_left_percent',
  'burn_rate',
  'incidents',
  'mttr_minutes',
  'mtbf_minutes',
] as const;

/**
 * Availability as CSV: a header, a row per service, and for a customer a `customer` row (the
 * combined figures) followed by a `subscription` row per service it consumes. Names and ids are
 * guarded against formula injection (a leading `=`, `+`, `-` or `@` gets an apostrophe);
 * numbers are written by this code and left as they are, so a negative budget stays a number.
 */
export function availabilityCsv(
  services: readonly ServiceAvailability[],
  customers: readonly CustomerAvailability[],
): string {
  const rows: string[][] = [[...CSV_HEADER]];
  for (const s of services) rows.push(row('service', s.service, s.name, '', s));
  for (const c of customers) {
    rows.push(row('customer', c.party, c.name, '', c.combined));
    for (const s of c.subscriptions) rows.push(row('subscription', c.party, c.name, s.service, s));
  }
  return formatCsv(rows);
}

function row(
  kind: string,
  id: string,
  name: string,
  service: string,
  f: AvailabilityFigures,
): string[] {
  const n = (value: number | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  return [
    kind,
    guardCell(id),
    guardCell(name),
    guardCell(service),
    n(f.availability),
    n(f.slo),
    f.met === null ? '' : String(f.met),
    n(f.serviceMinutes),
    n(f.plannedMinutes),
    n(f.downtimeMinutes),
    n(f.downtimeByLevel.major_outage),
    n(f.downtimeByLevel.partial_outage),
    n(f.downtimeByLevel.degraded),
    n(f.downtimeByLevel.unknown),
    n(f.errorBudget?.allowedMinutes),
    n(f.errorBudget?.usedMinutes),
    n(f.errorBudget?.leftMinutes),
    n(f.errorBudget?.leftPercent),
    n(f.burnRate),
    n(f.incidents),
    n(f.mttrMinutes),
    n(f.mtbfMinutes),
  ];
}
