import { InputError, type Problem } from '../model/errors.js';
import { isTimeZone } from '../time/zone.js';
import { MAINTENANCE_LIMITS } from './limits.js';
import { occurrencesOf, parseWallTime, spanOf } from './occurrences.js';
import { recurrenceProblems } from './recurrence.js';
import { formatRRule, parseRRule, type RRule } from './rrule.js';
import type { WindowSchedule } from './types.js';

/** A recurring schedule as it is asked for. */
export interface RecurrenceDraft {
  /** DTSTART, a wall time in `zone`: `2026-12-01T09:00`. */
  start: string;
  zone: string;
  durationMinutes: number;
  rrule: string;
}

/**
 * A window as someone asks for it: `start` and `end` (ISO 8601 instants with a zone or offset)
 * for a one-off window, or `recurrence` for a recurring one.
 */
export interface WindowDraft {
  title: string;
  description?: string;
  services: string[];
  start?: string;
  end?: string;
  recurrence?: RecurrenceDraft;
}

/** A draft that passed every check, ready to store. */
export interface CheckedWindow {
  title: string;
  description: string;
  services: string[];
  schedule: WindowSchedule;
  firstStart: number;
  lastEnd: number;
}

const MINUTE = 60_000;
/** An instant must say where it is: `Z` or an offset, never a bare local time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks a draft and gives the window to store, or throws InputError listing every problem with
 * its path: the title, the services (`unknown` are those the model lacks), the schedule (end
 * at or before start, unknown zone, duration limits, the rule and its expansion), and a window
 * that is over at `now`.
 */
export function checkWindowDraft(
  draft: WindowDraft,
  context: { unknown: ReadonlySet<string>; now: number },
): CheckedWindow {
  const problems: Problem[] = [];
  const title = draft.title.trim();
  if (title.length === 0) problems.push({ path: 'title', message: 'is empty' });
  if (title.length > MAINTENANCE_LIMITS.titleMaxLength)
    problems.push({
      path: 'title',
      message: `is longer than ${MAINTENANCE_LIMITS.titleMaxLength} characters`,
    });
  const description = draft.description ?? '';
  if (description.length > MAINTENANCE_LIMITS.descriptionMaxLength)
    problems.push({
      path: 'description',
      message: `is longer than ${MAINTENANCE_LIMITS.descriptionMaxLength} characters`,
    });
  problems.push(...serviceProblems(draft.services, context.unknown));
  const schedule = checkSchedule(draft, problems);
  if (schedule && problems.length === 0) {
    const span = spanOf(schedule);
    if (span.lastEnd <= context.now)
      problems.push({
        path: schedule.kind === 'once' ? 'end' : 'recurrence',
        message: `${schedule.kind === 'once' ? 'is' : 'every occurrence is'} over (it ends ${new Date(span.lastEnd).toISOString()}): plan maintenance ahead`,
      });
  }
  if (problems.length > 0 || !schedule) throw windowError(problems);
  return {
    title,
    description,
    services: [...new Set(draft.services)].sort(),
    schedule,
    ...spanOf(schedule),
  };
}

function windowError(problems: Problem[]): InputError {
  const first = problems[0] as Problem;
  const where = first.path ? `${first.path}: ` : '';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new InputError(`the window is refused: ${where}${first.message}${more}`, problems);
}

function serviceProblems(services: readonly string[], unknown: ReadonlySet<string>): Problem[] {
  if (services.length === 0)
    return [{ path: 'services', message: 'name at least one service the window covers' }];
  if (services.length > MAINTENANCE_LIMITS.servicesMax)
    return [
      {
        path: 'services',
        message: `${services.length} services; a window covers at most ${MAINTENANCE_LIMITS.servicesMax}`,
      },
    ];
  const problems: Problem[] = [];
  services.forEach((service, i) => {
    if (unknown.has(service))
      problems.push({ path: `services[${i}]`, message: `no service '${service}'` });
  });
  return problems;
}

function checkSchedule(draft: WindowDraft, problems: Problem[]): WindowSchedule | undefined {
  const oneOff = draft.start !== undefined || draft.end !== undefined;
  if (oneOff && draft.recurrence !== undefined) {
    problems.push({
      path: 'recurrence',
      message: 'give start and end for a one-off window, or recurrence, not both',
    });
    return undefined;
  }
  if (draft.recurrence !== undefined) return checkRecurrence(draft.recurrence, problems);
  return checkOneOff(draft.start, draft.end, problems);
}

function checkOneOff(
  startText: string | undefined,
  endText: string | undefined,
  problems: Problem[],
): WindowSchedule | undefined {
  const start = readInstant('start', startText, problems);
  const end = readInstant('end', endText, problems);
  if (start === undefined || end === undefined) return undefined;
  if (end <= start) {
    problems.push({ path: 'end', message: `${endText} is not after start ${startText}` });
    return undefined;
  }
  const minutes = (end - start) / MINUTE;
  if (
    minutes < MAINTENANCE_LIMITS.durationMinMinutes ||
    minutes > MAINTENANCE_LIMITS.durationMaxMinutes
  ) {
    problems.push({ path: 'end', message: durationMessage(minutes) });
    return undefined;
  }
  return { kind: 'once', start, end };
}

function readInstant(
  path: string,
  text: string | undefined,
  problems: Problem[],
): number | undefined {
  if (text === undefined) {
    problems.push({ path, message: 'is required for a one-off window (or give recurrence)' });
    return undefined;
  }
  // Date.parse rolls impossible dates forward (31 February becomes 3 March): refuse them.
  const ms = INSTANT.test(text) && realDate(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    problems.push({
      path,
      message: `'${text}' is not a time with its zone (2026-12-05T22:00:00Z or 2026-12-05T23:00:00+01:00)`,
    });
    return undefined;
  }
  return ms;
}

/** Whether the `YYYY-MM-DD` the text starts with is a day the calendar has. */
function realDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
  );
}

function durationMessage(minutes: number): string {
  const { durationMinMinutes, durationMaxMinutes } = MAINTENANCE_LIMITS;
  return `lasts ${minutes} minutes; a window lasts from ${durationMinMinutes} minute to ${durationMaxMinutes / 1440} days`;
}

function checkRecurrence(draft: RecurrenceDraft, problems: Problem[]): WindowSchedule | undefined {
  const before = problems.length;
  const start = parseWallTime(draft.start);
  if (!start)
    problems.push({
      path: 'recurrence.start',
      message: `'${draft.start}' is not a local date and time (2026-12-01T09:00)`,
    });
  if (!isTimeZone(draft.zone))
    problems.push({
      path: 'recurrence.zone',
      message: `'${draft.zone}' is not a known time zone (IANA names: Europe/Berlin, UTC)`,
    });
  const minutes = draft.durationMinutes;
  if (
    !Number.isInteger(minutes) ||
    minutes < MAINTENANCE_LIMITS.durationMinMinutes ||
    minutes > MAINTENANCE_LIMITS.durationMaxMinutes
  )
    problems.push({ path: 'recurrence.durationMinutes', message: durationMessage(minutes) });
  let rule: RRule | undefined;
  try {
    rule = parseRRule(draft.rrule);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const problem of error.details as Problem[])
      problems.push({ ...problem, path: `recurrence.${problem.path}` });
  }
  if (problems.length > before || !start || !rule) return undefined;
  const recurrence = { start, zone: draft.zone, durationMs: minutes * MINUTE, rule };
  const ruleProblems = recurrenceProblems(recurrence, 'recurrence');
  if (ruleProblems.length > 0) {
    problems.push(...ruleProblems);
    return undefined;
  }
  const schedule: WindowSchedule = {
    kind: 'recurring',
    start: draft.start,
    zone: draft.zone,
    durationMinutes: minutes,
    rrule: formatRRule(rule),
  };
  // Fills the expansion cache the store and the scheduler read next.
  occurrencesOf(schedule);
  return schedule;
}
