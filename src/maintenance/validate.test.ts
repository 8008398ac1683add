import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../model/errors.js';
import { checkWindowDraft, type WindowDraft } from './validate.js';

const now = Date.parse('2026-11-28T12:00:00Z');
const unknown = new Set(['db-01']);

function problemsOf(draft: WindowDraft): Problem[] {
  try {
    checkWindowDraft(draft, { unknown, now });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).details as Problem[];
  }
  throw new Error('the draft was accepted');
}

const base = { title: 'SAP kernel upgrade', services: ['sap-erp'] };

describe('checkWindowDraft', () => {
  it('gives a one-off window its instants, services sorted and unique', () => {
    expect(
      checkWindowDraft(
        {
          ...base,
          services: ['sap-erp', 'db01', 'sap-erp'],
          start: '2026-12-05T23:00:00+01:00',
          end: '2026-12-06T02:00:00Z',
        },
        { unknown, now },
      ),
    ).toEqual({
      title: 'SAP kernel upgrade',
      description: '',
      services: ['db01', 'sap-erp'],
      schedule: {
        kind: 'once',
        start: Date.parse('2026-12-05T22:00:00Z'),
        end: Date.parse('2026-12-06T02:00:00Z'),
      },
      firstStart: Date.parse('2026-12-05T22:00:00Z'),
      lastEnd: Date.parse('2026-12-06T02:00:00Z'),
    });
  });

  it('gives a recurring window its normalised rule and the span of its occurrences', () => {
    const checked = checkWindowDraft(
      {
        ...base,
        recurrence: {
          start: '2026-12-01T09:00',
          zone: 'Europe/Berlin',
          durationMinutes: 90,
          rrule: 'RRULE:byday=TU;freq=weekly;count=3',
        },
      },
      { unknown, now },
    );
    expect(checked.schedule).toEqual({
      kind: 'recurring',
      start: '2026-12-01T09:00',
      zone: 'Europe/Berlin',
      durationMinutes: 90,
      rrule: 'FREQ=WEEKLY;COUNT=3;BYDAY=TU',
    });
    expect([checked.firstStart, checked.lastEnd].map((ms) => new Date(ms).toISOString())).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-15T09:30:00.000Z',
    ]);
  });

  it('refuses an end at or before the start, and a time without its zone', () => {
    expect(
      problemsOf({ ...base, start: '2026-12-05T22:00:00Z', end: '2026-12-05T22:00:00Z' }),
    ).toEqual([
      { path: 'end', message: '2026-12-05T22:00:00Z is not after start 2026-12-05T22:00:00Z' },
    ]);
    expect(problemsOf({ ...base, start: '2026-12-05T22:00', end: '2026-12-06T22:00:00Z' })).toEqual(
      [
        {
          path: 'start',
          message:
            "'2026-12-05T22:00' is not a time with its zone (2026-12-05T22:00:00Z or 2026-12-05T23:00:00+01:00)",
        },
      ],
    );
  });

  it('refuses a day the calendar does not have rather than moving it', () => {
    expect(
      problemsOf({ ...base, start: '2027-02-29T22:00:00Z', end: '2027-03-01T02:00:00Z' }),
    ).toEqual([
      {
        path: 'start',
        message:
          "'2027-02-29T22:00:00Z' is not a time with its zone (2026-12-05T22:00:00Z or 2026-12-05T23:00:00+01:00)",
      },
    ]);
  });

  it('refuses a window longer than 31 days or over already', () => {
    expect(
      problemsOf({ ...base, start: '2026-12-01T00:00:00Z', end: '2027-01-02T00:00:00Z' }),
    ).toEqual([
      { path: 'end', message: 'lasts 46080 minutes; a window lasts from 1 minute to 31 days' },
    ]);
    expect(
      problemsOf({ ...base, start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' }),
    ).toEqual([
      {
        path: 'end',
        message: 'is over (it ends 2026-11-02T00:00:00.000Z): plan maintenance ahead',
      },
    ]);
  });

  it('refuses unknown services, an unknown zone, a bad duration and a rule, all at once', () => {
    expect(
      problemsOf({
        title: ' ',
        services: ['sap-erp', 'db-01'],
        recurrence: {
          start: '2026-02-30T09:00',
          zone: 'Europe/Paris-ish',
          durationMinutes: 0,
          rrule: 'FREQ=HOURLY',
        },
      }),
    ).toEqual([
      { path: 'title', message: 'is empty' },
      { path: 'services[1]', message: "no service 'db-01'" },
      {
        path: 'recurrence.start',
        message: "'2026-02-30T09:00' is not a local date and time (2026-12-01T09:00)",
      },
      {
        path: 'recurrence.zone',
        message: "'Europe/Paris-ish' is not a known time zone (IANA names: Europe/Berlin, UTC)",
      },
      {
        path: 'recurrence.durationMinutes',
        message: 'lasts 0 minutes; a window lasts from 1 minute to 31 days',
      },
      {
        path: 'recurrence.rrule.FREQ',
        message: 'HOURLY is too frequent for maintenance: use DAILY or longer',
      },
      { path: 'recurrence.rrule', message: 'never ends: give COUNT or UNTIL' },
    ]);
  });

  it('refuses overlapping occurrences, naming the duration', () => {
    expect(
      problemsOf({
        ...base,
        recurrence: {
          start: '2026-12-01T09:00',
          zone: 'UTC',
          durationMinutes: 1500,
          rrule: 'FREQ=DAILY;COUNT=2',
        },
      }),
    ).toEqual([
      {
        path: 'recurrence.durationMinutes',
        message:
          "occurrences at 2026-12-01T09:00:00.000Z and 2026-12-02T09:00:00.000Z are 1440 minutes apart, less than the window's 1500: they would overlap",
      },
    ]);
  });

  it('refuses both schedules at once, and none', () => {
    expect(
      problemsOf({
        ...base,
        start: '2026-12-05T22:00:00Z',
        end: '2026-12-05T23:00:00Z',
        recurrence: {
          start: '2026-12-01T09:00',
          zone: 'UTC',
          durationMinutes: 60,
          rrule: 'FREQ=DAILY;COUNT=2',
        },
      }),
    ).toEqual([
      {
        path: 'recurrence',
        message: 'give start and end for a one-off window, or recurrence, not both',
      },
    ]);
    expect(problemsOf({ ...base, services: [] })).toEqual([
      { path: 'services', message: 'name at least one service the window covers' },
      { path: 'start', message: 'is required for a one-off window (or give recurrence)' },
      { path: 'end', message: 'is required for a one-off window (or give recurrence)' },
    ]);
  });
});
