import type { ServiceState } from '../../../src/engine/types.js';
import type { Service, ServiceHours } from '../../../src/model/entities.js';
import type { NewStatusChange } from '../../../src/store/history-store.js';
import { Prng } from '../../lib/prng.js';

const HOUR = 3_600_000;

/** Trouble an episode brings, and how often (the last is a maintenance window). */
const EPISODES: readonly { state: ServiceState; share: number }[] = [
  { state: { level: 'degraded', maintenance: false, acknowledged: false }, share: 0.4 },
  { state: { level: 'partial_outage', maintenance: false, acknowledged: false }, share: 0.3 },
  { state: { level: 'major_outage', maintenance: false, acknowledged: false }, share: 0.2 },
  { state: { level: 'major_outage', maintenance: true, acknowledged: false }, share: 0.1 },
];
const OPERATIONAL: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };

const OFFICE: ServiceHours = {
  timeZone: 'Europe/Berlin',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['08:00-18:00']])),
  holidays: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-12-25', '2025-12-26'],
};
const WEEKDAYS_NEW_YORK: ServiceHours = {
  timeZone: 'America/New_York',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['00:00-24:00']])),
  holidays: ['2025-07-04', '2025-11-27', '2025-12-25'],
};

/**
 * `count` services `svc-00000`…: seven in ten around the clock, two office hours in Berlin (with
 * holidays), one weekdays in New York; SLOs 99, 99.5, 99.9 in turn.
 */
export function benchServices(count: number): Service[] {
  const slos = [99, 99.5, 99.9];
  return Array.from({ length: count }, (_, i) => {
    const service: Service = {
      id: `svc-${String(i).padStart(5, '0')}`,
      name: `Service ${i}`,
      labels: {},
      tags: [],
      links: [],
      label: 'application',
      lifecycle: 'live',
      rule: { kind: 'worst' },
      signals: [],
      slo: slos[i % 3] as number,
    };
    if (i % 10 === 7 || i % 10 === 8) service.hours = OFFICE;
    if (i % 10 === 9) service.hours = WEEKDAYS_NEW_YORK;
    return service;
  });
}

/**
 * About `changes` status changes over `[start, start + span)`, in time order (ties by service),
 * deterministic from the seed. Each service lives through episodes one after another: operational
 * for an exponential time, then degraded, partial or major outage or a maintenance window for an
 * exponential time (mean 2 hours; one in twenty lasts days), then operational again; each
 * episode is two changes. `from` is the service's state before, as the engine would say.
 */
export function benchHistory(
  services: readonly string[],
  changes: number,
  start: number,
  span: number,
  seed: number,
): NewStatusChange[] {
  const prng = new Prng(seed);
  const perService = changes / services.length / 2;
  const meanGap = span / perService;
  // Episodes average about two hours: the time between them makes up the rest.
  const meanUp = Math.max(meanGap - 2 * HOUR, meanGap / 2);
  const at: number[] = [];
  const who: number[] = [];
  const kind: number[] = [];
  services.forEach((_, s) => {
    let t = start + prng.next() * meanGap;
    while (t < start + span) {
      const pick = prng.next();
      let episode = EPISODES.length - 1;
      for (let k = 0, sum = 0; k < EPISODES.length; k++) {
        sum += (EPISODES[k] as { share: number }).share;
        if (pick < sum) {
          episode = k;
          break;
        }
      }
      const mean = prng.next() < 0.05 ? 48 * HOUR : 2 * HOUR;
      const length = Math.max(60_000, Math.round(-Math.log(1 - prng.next()) * mean));
      at.push(Math.round(t));
      who.push(s);
      kind.push(episode);
      const end = Math.round(t) + length;
      if (end < start + span) {
        at.push(end);
        who.push(s);
        kind.push(-1);
      }
      t = end + Math.max(60_000, -Math.log(1 - prng.next()) * meanUp);
    }
  });
  const order = Uint32Array.from(at.keys()).sort(
    (a, b) => (at[a] as number) - (at[b] as number) || (who[a] as number) - (who[b] as number),
  );
  const state: ServiceState[] = services.map(() => OPERATIONAL);
  const out: NewStatusChange[] = new Array(order.length);
  order.forEach((i, n) => {
    const s = who[i] as number;
    const k = kind[i] as number;
    const to = k < 0 ? OPERATIONAL : (EPISODES[k] as { state: ServiceState }).state;
    out[n] = {
      service: services[s] as string,
      at: at[i] as number,
      from: state[s] as ServiceState,
      to,
      cause: k < 0 ? 'signal:resolved' : `signal:bench/${i}`,
    };
    state[s] = to;
  });
  return out;
}
