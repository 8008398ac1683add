import { isTimeZone, zonedToUtc } from '../../../../src/time/zone.js';
import type { MaintenanceWindow } from '../../api/ops-types.js';
import { buildRrule, type RepeatChoice } from './rrule-model.js';

/** What the scheduling form holds, as typed. */
export interface WindowForm {
  title: string;
  description: string;
  services: string[];
  kind: 'once' | 'recurring';
  zone: string;
  /** `datetime-local` values: wall times in `zone`. */
  start: string;
  end: string;
  durationMinutes: string;
  repeat: RepeatChoice;
}

/**
 * A wall time in `zone` as an instant with its zone, as the API takes one-off windows; the text
 * unchanged when it is not a wall time or the zone is unknown, so the API names the problem.
 */
export function wallToInstant(wall: string, zone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wall);
  if (!match || !isTimeZone(zone)) return wall;
  const [, year, month, day, hour, minute] = match.map(Number) as number[];
  const ms = zonedToUtc(
    {
      year: year as number,
      month: month as number,
      day: day as number,
      hour: hour as number,
      minute: minute as number,
    },
    zone,
  );
  return new Date(ms).toISOString();
}

/** The draft body (POST /maintenance and /maintenance/preview) for the form. */
export function draftBody(form: WindowForm): Record<string, unknown> {
  const common = {
    title: form.title,
    ...(form.description.trim() !== '' && { description: form.description }),
    services: form.services,
  };
  if (form.kind === 'once')
    return {
      ...common,
      start: wallToInstant(form.start, form.zone),
      end: wallToInstant(form.end, form.zone),
    };
  const minutes = Number(form.durationMinutes);
  return {
    ...common,
    recurrence: {
      start: form.start,
      zone: form.zone,
      // Not a whole number: sent as typed, so the API's message names the field.
      durationMinutes: Number.isInteger(minutes) ? minutes : form.durationMinutes,
      rrule: buildRrule(form.repeat),
    },
  };
}

/** The time zones the browser knows, the given ones first (the browser's own, UTC). */
export function zoneChoices(first: readonly string[]): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const rest = known.filter((z) => !first.includes(z));
  return [...new Set([...first.filter(Boolean), ...rest])];
}

/** An occurrence as the reader's clock says it, and in the window's zone when that differs. */
export function occurrenceText(
  occurrence: { start: string; end: string },
  zone: string | undefined,
  localZone: string,
): string {
  const format = (iso: string, timeZone?: string) =>
    new Date(iso).toLocaleString(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone && { timeZone }),
    });
  const here = `${format(occurrence.start)} – ${format(occurrence.end)}`;
  if (!zone || zone === localZone || !isTimeZone(zone)) return here;
  return `${here} (${format(occurrence.start, zone)} – ${format(occurrence.end, zone)} ${zone})`;
}

/** How the window's schedule reads in a list. */
export function scheduleText(window: MaintenanceWindow, localZone: string): string {
  const s = window.schedule;
  if (s.kind === 'once') return occurrenceText(s, undefined, localZone);
  const recurring = s as { start: string; zone: string; durationMinutes: number; rrule: string };
  return `${recurring.rrule}, from ${recurring.start.replace('T', ' ')} ${recurring.zone}, ${recurring.durationMinutes} min each`;
}
