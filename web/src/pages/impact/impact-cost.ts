import type { ServiceItem, WhatIfReport } from '../../api/types.js';

/** Cost per hour of a what-if: the summed costPerHour of the services that would reach major_outage. */
export function costPerHour(
  report: WhatIfReport,
  services: ReadonlyMap<string, ServiceItem>,
): number {
  let total = 0;
  for (const change of report.changes)
    if (change.to === 'major_outage') total += services.get(change.service)?.costPerHour ?? 0;
  return total;
}
