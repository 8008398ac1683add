import { describe, expect, it } from 'vitest';
import type { Party, Service, ServiceHours, Subscription } from '../model/entities.js';
import { buildService, type ChangeSpec, MemoryHistory } from './memory-history.test-helper.js';
import { parsePeriod } from './period.js';
import { customerAvailability, servicesAvailability } from './report.js';
import { DEFAULT_WEIGHTS, parseWeights } from './weights.js';

const NOW = Date.parse('2027-01-01T00:00:00Z');
const OFFICE: ServiceHours = {
  timeZone: 'UTC',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['08:00-18:00']])),
  holidays: [],
};

const service = buildService;

async function one(
  specs: ChangeSpec[],
  target: Service,
  period = '2026-10-05',
  { now = NOW, zone = 'UTC', weights = DEFAULT_WEIGHTS } = {},
) {
  const request = {
    history: MemoryHistory.of(specs),
    period: parsePeriod(period, zone, now),
    weights,
  };
  const [figures] = await servicesAvailability(request, [target]);
  return figures;
}

describe('availability of a service', () => {
  it('weights overlapping outages by level and counts them as one', async () => {
    // Monday 5 October 2026, around the clock (1440 min). Partial 10:00-12:00 with a major
    // outage 11:00-11:30 inside it: 90 min x 0.3 + 30 min x 1 = 57 min of downtime.
    const figures = await one(
      [
        ['crm', '2026-10-05T10:00Z', 'partial_outage'],
        ['crm', '2026-10-05T11:00Z', 'major_outage'],
        ['crm', '2026-10-05T11:30Z', 'partial_outage'],
        ['crm', '2026-10-05T12:00Z', 'operational'],
      ],
      service('crm', { slo: 99.9 }),
    );
    expect(figures).toEqual({
      service: 'crm',
      name: 'CRM',
      // 100 x (1 - 57/1440) = 96.0416666…
      availability: 96.041667,
      serviceMinutes: 1440,
      plannedMinutes: 0,
      downtimeMinutes: 57,
      downtimeByLevel: { major_outage: 30, partial_outage: 90, degraded: 0, unknown: 0 },
      slo: 99.9,
      met: false,
      // 0.1% of 1440 min = 1.44 min allowed; 57 used; left 1.44 - 57 = -55.56, -3858.33%.
      errorBudget: {
        allowedMinutes: 1.44,
        usedMinutes: 57,
        leftMinutes: -55.56,
        leftPercent: -3858.333333,
      },
      // 57 / 1.44 over the whole period.
      burnRate: 39.5833,
      incidents: 1,
      mttrMinutes: 120,
      // (1440 - 120) / 1
      mtbfMinutes: 1320,
    });
  });

  it('charges nothing for maintenance inside an outage, which splits it in two', async () => {
    // Major 10:00-11:30 with maintenance 10:30-11:00: 60 min down, 30 planned, 1410 counted.
    const figures = await one(
      [
        ['crm', '2026-10-05T10:00Z', 'major_outage'],
        ['crm', '2026-10-05T10:30Z', 'major_outage', true],
        ['crm', '2026-10-05T11:00Z', 'major_outage'],
        ['crm', '2026-10-05T11:30Z', 'operational'],
      ],
      service('crm', { slo: 99 }),
    );
    expect(figures).toMatchObject({
      // 100 x (1 - 60/1410) = 95.7446808…
      availability: 95.744681,
      serviceMinutes: 1440,
      plannedMinutes: 30,
      downtimeMinutes: 60,
      // 1% of (1440 - 30) = 14.1 min
      errorBudget: { allowedMinutes: 14.1, usedMinutes: 60, leftMinutes: -45.9 },
      incidents: 2,
      mttrMinutes: 30,
      // (1410 - 60) / 2
      mtbfMinutes: 675,
    });
  });

  it('counts only service hours, and an outage outside them not at all', async () => {
    // Office hours Monday 08:00-18:00 (600 min): major 07:00-09:00 costs 60 min of it; the
    // outage 19:00-20:00 is outside and is no incident.
    const figures = await one(
      [
        ['crm', '2026-10-05T07:00Z', 'major_outage'],
        ['crm', '2026-10-05T09:00Z', 'operational'],
        ['crm', '2026-10-05T19:00Z', 'major_outage'],
        ['crm', '2026-10-05T20:00Z', 'operational'],
      ],
      service('crm', { hours: OFFICE, slo: 95 }),
    );
    expect(figures).toMatchObject({
      availability: 90,
      serviceMinutes: 600,
      downtimeMinutes: 60,
      met: false,
      errorBudget: { allowedMinutes: 30, usedMinutes: 60, leftMinutes: -30, leftPercent: -100 },
      burnRate: 2,
      incidents: 1,
      mttrMinutes: 60,
      mtbfMinutes: 540,
    });
    // Saturday 10 October: no service hours, nothing to count.
    expect(await one([], service('crm', { hours: OFFICE, slo: 95 }), '2026-10-10')).toMatchObject({
      availability: null,
      serviceMinutes: 0,
      met: null,
      errorBudget: { allowedMinutes: 0, leftPercent: null },
      burnRate: null,
    });
  });

  it('starts from the state at the period start and reports a running period up to now', async () => {
    // Down since Sunday 23:00; the day is read at 12:00, so 720 of its 1440 min have passed:
    // 00:00-01:00 down (still the outage from Sunday), and 10:00-11:00.
    const now = Date.parse('2026-10-05T12:00Z');
    const figures = await one(
      [
        ['crm', '2026-10-04T23:00Z', 'major_outage'],
        ['crm', '2026-10-05T01:00Z', 'operational'],
        ['crm', '2026-10-05T10:00Z', 'major_outage'],
        ['crm', '2026-10-05T11:00Z', 'operational'],
      ],
      service('crm', { slo: 99 }),
      '2026-10-05',
      { now },
    );
    expect(figures).toMatchObject({
      // 100 x (1 - 120/720)
      availability: 83.333333,
      serviceMinutes: 720,
      downtimeMinutes: 120,
      // The whole day's budget: 1% of 1440 = 14.4 min; burn (120/14.4) / (720/1440) = 16.6667.
      errorBudget: { allowedMinutes: 14.4, usedMinutes: 120, leftMinutes: -105.6 },
      burnRate: 16.6667,
      incidents: 2,
      mttrMinutes: 60,
    });
  });

  it('follows the weights asked for, and counts unknown as downtime only when weighted', async () => {
    const specs: ChangeSpec[] = [
      ['crm', '2026-10-05T06:00Z', 'degraded'],
      ['crm', '2026-10-05T08:00Z', 'unknown'],
      ['crm', '2026-10-05T09:00Z', 'operational'],
    ];
    const plain = await one(specs, service('crm'));
    expect(plain).toMatchObject({ availability: 100, downtimeMinutes: 0, incidents: 0 });
    expect(plain.downtimeByLevel).toEqual({
      major_outage: 0,
      partial_outage: 0,
      degraded: 120,
      unknown: 60,
    });
    // 120 x 0.5 + 60 x 0.25 = 75 min; one stretch from 06:00 to 09:00.
    const weighted = await one(specs, service('crm'), '2026-10-05', {
      weights: parseWeights('degraded:0.5,unknown:0.25'),
    });
    expect(weighted).toMatchObject({ downtimeMinutes: 75, incidents: 1, mttrMinutes: 180 });
  });

  it('follows the Berlin clock change: 25 hours of service on 25 October 2026', async () => {
    const hours: ServiceHours = {
      timeZone: 'Europe/Berlin',
      weekly: { sun: ['00:00-24:00'] },
      holidays: [],
    };
    // Down the whole repeated hour and the one after it: 00:00Z to 02:00Z = 120 of 1500 min.
    const figures = await one(
      [
        ['crm', '2026-10-25T00:00Z', 'major_outage'],
        ['crm', '2026-10-25T02:00Z', 'operational'],
      ],
      service('crm', { hours }),
      '2026-10-25',
      { zone: 'Europe/Berlin' },
    );
    expect(figures).toMatchObject({ serviceMinutes: 1500, downtimeMinutes: 120, availability: 92 });
  });

  it('counts the leap day in February 2024 and the month end', async () => {
    // Down 29 February 23:00 to 1 March 01:00: 60 min in February (41760 min = 29 days).
    const figures = await one(
      [
        ['crm', '2024-02-29T23:00Z', 'major_outage'],
        ['crm', '2024-03-01T01:00Z', 'operational'],
      ],
      service('crm', { slo: 99.9 }),
      '2024-02',
    );
    expect(figures).toMatchObject({
      serviceMinutes: 41760,
      downtimeMinutes: 60,
      // 100 x (1 - 60/41760) = 99.8563218…
      availability: 99.856322,
      met: false,
      errorBudget: { allowedMinutes: 41.76, usedMinutes: 60, leftMinutes: -18.24 },
      incidents: 1,
    });
  });
});

describe('availability of a customer', () => {
  const party = { id: 'acme', name: 'ACME' } as Party;
  const all = service('web', { slo: 99.9 });
  const office = service('erp', { hours: OFFICE, slo: 99 });
  const subscriptions = [
    { subscription: { party: 'acme', service: 'web', slo: 99.5 } as Subscription, service: all },
    { subscription: { party: 'acme', service: 'erp' } as Subscription, service: office },
  ];

  it('combines services with different hours, each counting only in its own', async () => {
    // Monday 5 October 2026. web (around the clock): major 06:00-07:00 and 12:30-13:30.
    // erp (08:00-18:00): partial 09:00-10:00, maintenance 12:00-13:00 (while major).
    const history = MemoryHistory.of([
      ['web', '2026-10-05T06:00Z', 'major_outage'],
      ['web', '2026-10-05T07:00Z', 'operational'],
      ['erp', '2026-10-05T09:00Z', 'partial_outage'],
      ['erp', '2026-10-05T10:00Z', 'operational'],
      ['erp', '2026-10-05T12:00Z', 'major_outage', true],
      ['web', '2026-10-05T12:30Z', 'major_outage'],
      ['erp', '2026-10-05T13:00Z', 'operational'],
      ['web', '2026-10-05T13:30Z', 'operational'],
    ]);
    const request = {
      history,
      period: parsePeriod('2026-10-05', 'UTC', NOW),
      weights: DEFAULT_WEIGHTS,
    };
    const report = await customerAvailability(request, party, subscriptions);
    // Combined over 1440 min (web is always in hours): 06:00-07:00 major (60), 09:00-10:00
    // partial (60 x 0.3 = 18), 12:00-12:30 web up while erp is planned: up, 12:30-13:30 major
    // (60). 138 min; erp's maintenance is not planned for the customer, who still has web.
    expect(report.combined).toMatchObject({
      // 100 x (1 - 138/1440) = 90.4166…
      availability: 90.416667,
      serviceMinutes: 1440,
      plannedMinutes: 0,
      downtimeMinutes: 138,
      downtimeByLevel: { major_outage: 120, partial_outage: 60, degraded: 0, unknown: 0 },
      // the lower of 99.5 (promised for web) and 99 (erp's own SLO)
      slo: 99,
      incidents: 3,
      mttrMinutes: 60,
      // (1440 - 180) / 3
      mtbfMinutes: 420,
    });
    expect(report.subscriptions.map((s) => [s.service, s.slo, s.sloFrom, s.availability])).toEqual([
      // web: 120 of 1440 min down
      ['web', 99.5, 'subscription', 91.666667],
      // erp: 600 min of hours, 60 planned, 18 down of 540: 100 x (1 - 18/540)
      ['erp', 99, 'service', 96.666667],
    ]);
    expect(report.subscriptions[1]).toMatchObject({ serviceMinutes: 600, plannedMinutes: 60 });
  });

  it('plans a moment only when every service in hours is in maintenance', async () => {
    // 12:00-13:00 both in maintenance: planned. 18:00-19:00 web in maintenance, erp out of
    // hours: planned too (web is the only service counting then).
    const history = MemoryHistory.of([
      ['web', '2026-10-05T12:00Z', 'major_outage', true],
      ['erp', '2026-10-05T12:00Z', 'major_outage', true],
      ['web', '2026-10-05T13:00Z', 'operational'],
      ['erp', '2026-10-05T13:00Z', 'operational'],
      ['web', '2026-10-05T18:00Z', 'major_outage', true],
      ['web', '2026-10-05T19:00Z', 'operational'],
    ]);
    const request = {
      history,
      period: parsePeriod('2026-10-05', 'UTC', NOW),
      weights: DEFAULT_WEIGHTS,
    };
    const report = await customerAvailability(request, party, subscriptions);
    expect(report.combined).toMatchObject({
      availability: 100,
      serviceMinutes: 1440,
      plannedMinutes: 120,
      downtimeMinutes: 0,
      incidents: 0,
    });
  });

  it('has no figures for a customer that consumes nothing', async () => {
    const request = {
      history: new MemoryHistory(),
      period: parsePeriod('2026-10-05', 'UTC', NOW),
      weights: DEFAULT_WEIGHTS,
    };
    const report = await customerAvailability(request, party, []);
    expect(report.combined).toMatchObject({ availability: null, serviceMinutes: 0, slo: null });
    expect(report.subscriptions).toEqual([]);
  });
});
