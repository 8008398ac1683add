import type { StatusAt } from './ops-types.js';
import type { StatusItem } from './types.js';

/** The quick steps back the time control offers, in ms. */
export const STEPS = [
  { label: '1 hour', ms: 3600_000 },
  { label: '1 day', ms: 24 * 3600_000 },
  { label: '1 week', ms: 7 * 24 * 3600_000 },
] as const;

/**
 * Every service's status at a past moment from the `/status/at` pages: the answer lists only the
 * services that were not operational or carried a flag, so every other one was operational.
 */
export function pastStatuses(
  serviceIds: readonly string[],
  items: readonly StatusAt['items'][number][],
): Map<string, StatusItem> {
  const statuses = new Map<string, StatusItem>();
  for (const id of serviceIds)
    statuses.set(id, {
      service: id,
      level: 'operational',
      maintenance: false,
      acknowledged: false,
      since: null,
    });
  for (const item of items) statuses.set(item.service, { ...item });
  return statuses;
}

/**
 * `ms` steps back from the moment shown (now when live). Never later than now: the API refuses
 * the future, and a step forward past now means live again (null).
 */
export function stepFrom(at: string | null, deltaMs: number, now: number): string | null {
  const from = at === null ? now : Date.parse(at);
  const next = from + deltaMs;
  if (next >= now) return null;
  return new Date(next).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` input shows it, in the browser's zone, to the second. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A `datetime-local` value (browser zone) as an ISO instant; null when it is not a time. */
export function fromLocalInput(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(y as number, (mo as number) - 1, d, h, mi, s || 0);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
