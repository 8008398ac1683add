import type { Figures } from '../../api/ops-types.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the API's periods write it: `2026-11-28`, in the browser's zone. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last `count` days up to and including today, oldest first. */
export function lastDays(count: number, now: Date): string[] {
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--)
    days.push(isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - i)));
  return days;
}

/** The period of the last `count` days, today included (running, so the API reports to now). */
export function lastDaysPeriod(count: number, now: Date): string {
  const days = lastDays(count, now);
  return `${days[0]}..${days.at(-1)}`;
}

/** The periods the SLA report offers, by name, for the moment `now` (browser zone). */
export function periodChoices(now: Date): { value: string; label: string }[] {
  const y = now.getFullYear();
  const m = now.getMonth(); // 0-11
  const q = Math.floor(m / 3) + 1;
  const lastMonth = new Date(y, m - 1, 1);
  const lastQuarter = q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  return [
    { value: `${y}-${pad(m + 1)}`, label: 'This month' },
    { value: `${lastMonth.getFullYear()}-${pad(lastMonth.getMonth() + 1)}`, label: 'Last month' },
    { value: `${y}-Q${q}`, label: 'This quarter' },
    { value: lastQuarter, label: 'Last quarter' },
    { value: `${y}`, label: 'This year' },
    { value: lastDaysPeriod(30, now), label: 'Last 30 days' },
    { value: lastDaysPeriod(90, now), label: 'Last 90 days' },
  ];
}

/** A percentage to the precision availability needs (99.95 is not 100). */
export function percentText(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return '—';
  return `${Number(value.toFixed(digits))} %`;
}

/** Minutes as hours and minutes: "1 h 5 min", "42 min", "0 min". */
export function minutesText(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const minutes = Math.round(Math.abs(value));
  const sign = value < 0 ? '−' : '';
  if (minutes < 60) return `${sign}${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return (
    sign +
    [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : '']
      .filter(Boolean)
      .join(' ')
  );
}

/** Whether the figures break their promise: an SLO that was not met. */
export function breached(f: Pick<Figures, 'met'>): boolean {
  return f.met === false;
}

export type SortKey =
  | 'name'
  | 'availability'
  | 'slo'
  | 'budget'
  | 'burnRate'
  | 'downtime'
  | 'incidents';

const VALUE: Record<Exclude<SortKey, 'name'>, (f: Figures) => number | null> = {
  availability: (f) => f.availability,
  slo: (f) => f.slo,
  budget: (f) => f.errorBudget?.leftPercent ?? null,
  burnRate: (f) => f.burnRate,
  downtime: (f) => f.downtimeMinutes,
  incidents: (f) => f.incidents,
};

/**
 * Rows of the SLA report in order: breaches first when asked, then by the column (missing
 * values last either way), then by name.
 */
export function sortRows<T extends { name: string; figures: Figures }>(
  rows: readonly T[],
  key: SortKey,
  direction: 'asc' | 'desc',
  breachesFirst: boolean,
): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (breachesFirst) {
      const breach = Number(breached(b.figures)) - Number(breached(a.figures));
      if (breach !== 0) return breach;
    }
    if (key !== 'name') {
      const x = VALUE[key](a.figures);
      const y = VALUE[key](b.figures);
      if (x === null && y !== null) return 1;
      if (y === null && x !== null) return -1;
      if (x !== null && y !== null && x !== y) return sign * (x - y);
    }
    const byName = a.name.localeCompare(b.name);
    return key === 'name' ? sign * byName : byName;
  });
}

/**
 * Runs `task` over `items` with at most `limit` at once, results in the items' order: the daily
 * chart asks the API one day at a time without flooding it.
 */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
