import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import {
  parseMoment,
  TIMELINE_DEFAULT_MS,
  TIMELINE_MAX_MS,
  timelineWindow,
} from './history-queries.js';

const NOW = Date.parse('2026-11-28T19:00:00Z');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `ms` written in the zone `offset` minutes east of UTC, as ISO 8601 with that zone. */
function inZone(ms: number, offset: number): string {
  const local = new Date(ms + offset * 60_000);
  const zone =
    offset === 0
      ? 'Z'
      : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}${zone}`;
}

const past = fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: NOW });
const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseMoment', () => {
  it('reads any past moment written in any zone back to the same ms', () => {
    fc.assert(
      fc.property(past, offset, (ms, minutes) => {
        expect(parseMoment(inZone(ms, minutes), 'time', NOW)).toBe(ms);
      }),
    );
  });

  it('refuses the same moment without its zone, naming the parameter', () => {
    fc.assert(
      fc.property(past, (ms) => {
        const text = inZone(ms, 0).slice(0, -1);
        expect(refusal(() => parseMoment(text, 'time', NOW)).details).toStrictEqual([
          {
            path: 'time',
            message: `'${text}' is not an ISO 8601 time with a zone, e.g. 2026-11-28T19:00:00Z`,
          },
        ]);
      }),
    );
  });

  it('takes now and refuses anything after it', () => {
    expect(parseMoment('2026-11-28T19:00:00Z', 'time', NOW)).toBe(NOW);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), offset, (later, minutes) => {
        const text = inZone(NOW + later, minutes);
        expect(refusal(() => parseMoment(text, 'to', NOW)).message).toBe(
          `to: '${text}' is in the future`,
        );
      }),
    );
  });
});

describe('timelineWindow', () => {
  it('defaults to the week before now', () => {
    expect(timelineWindow({}, NOW)).toStrictEqual({ from: NOW - TIMELINE_DEFAULT_MS, to: NOW });
  });

  it('takes every window up to 366 days that runs forwards, and refuses the rest', () => {
    fc.assert(
      fc.property(past, fc.integer({ min: -1e11, max: 1e11 }), (from, length) => {
        const to = from + length;
        fc.pre(to <= NOW);
        const query = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
        if (length > 0 && length <= TIMELINE_MAX_MS)
          expect(timelineWindow(query, NOW)).toStrictEqual({ from, to });
        else
          expect(refusal(() => timelineWindow(query, NOW)).details).toStrictEqual([
            {
              path: 'from',
              message: length <= 0 ? 'is not before to' : 'the window is longer than 366 days',
            },
          ]);
      }),
    );
  });
});
