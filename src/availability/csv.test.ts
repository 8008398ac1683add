import { describe, expect, it } from 'vitest';
import { availabilityCsv, CSV_HEADER } from './csv.js';
import type { CustomerAvailability, ServiceAvailability } from './report.js';
import type { AvailabilityFigures } from './tally.js';

const FIGURES: AvailabilityFigures = {
  availability: 99.5,
  serviceMinutes: 1440,
  plannedMinutes: 30,
  downtimeMinutes: 7.05,
  downtimeByLevel: { major_outage: 6, partial_outage: 3.5, degraded: 0, unknown: 0 },
  slo: 99.9,
  met: false,
  errorBudget: { allowedMinutes: 1.41, usedMinutes: 7.05, leftMinutes: -5.64, leftPercent: -400 },
  burnRate: 5,
  incidents: 1,
  mttrMinutes: 9.5,
  mtbfMinutes: null,
};

describe('availability as CSV', () => {
  it('writes a header and a row per service, numbers as they are and empty for none', () => {
    const text = availabilityCsv([{ service: 'crm', name: 'CRM, EU', ...FIGURES }], []);
    expect(text).toBe(
      `${CSV_HEADER.join(',')}\r\nservice,crm,"CRM, EU",,99.5,99.9,false,1440,30,7.05,6,3.5,0,0,1.41,7.05,-5.64,-400,5,1,9.5,\r\n`,
    );
  });

  it('guards names and ids a spreadsheet would run as formulas', () => {
    const services: ServiceAvailability[] = [
      { service: 'x', name: '=HYPERLINK("http://evil")', ...FIGURES },
      { service: 'y', name: '+1', ...FIGURES },
      { service: 'z', name: '-2', ...FIGURES },
      { service: 'w', name: '@SUM(A1)', ...FIGURES },
    ];
    const names = availabilityCsv(services, [])
      .split('\r\n')
      .slice(1, 5)
      .map((line) => line.split(',')[2]);
    expect(names).toEqual(['"\'=HYPERLINK(""http://evil"")"', "'+1", "'-2", "'@SUM(A1)"]);
  });

  it('writes a customer row and a row per subscription', () => {
    const customer: CustomerAvailability = {
      party: 'acme',
      name: 'ACME',
      combined: FIGURES,
      subscriptions: [{ service: 'crm', name: 'CRM', sloFrom: 'service', ...FIGURES }],
    };
    const lines = availabilityCsv([], [customer]).split('\r\n');
    expect(lines[1]?.startsWith('customer,acme,ACME,,99.5,')).toBe(true);
    expect(lines[2]?.startsWith('subscription,acme,ACME,crm,99.5,')).toBe(true);
  });
});
