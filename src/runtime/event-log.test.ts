import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog, type LiveEventData } from './event-log.js';

const model = (n: number): LiveEventData => ({
  type: 'model',
  at: '2026-11-28T12:00:00.000Z',
  changes: [{ audit: n, op: 'create', kind: 'service', key: `s${n}` }],
  truncated: false,
});

const auditOf = (event: { type: string; changes?: { audit: number }[] }) =>
  event.changes?.[0]?.audit;

describe('EventLog', () => {
  it('keeps events numbered elsewhere, skipping those it has and starting afresh after a gap', () => {
    const log = new EventLog({ firstId: 10, capacity: 5 });
    expect(log.appendNumbered(10, [model(1), model(2)]).map((e) => e.id)).toEqual([10, 11]);
    // 11 is kept already: only 12 is new.
    expect(log.appendNumbered(11, [model(2), model(3)]).map((e) => e.id)).toEqual([12]);
    expect(log.since(9)).toEqual({
      ok: true,
      events: [10, 11, 12].map((id, i) => ({ ...model(i + 1), id })),
    });
    // 13 and 14 never arrived: a client at 12 must reload.
    expect(log.appendNumbered(15, [model(6)]).map((e) => e.id)).toEqual([15]);
    expect(log.since(12)).toEqual({ ok: false, reason: 'gone' });
    expect(log.since(14)).toEqual({ ok: true, events: [{ ...model(6), id: 15 }] });
    expect(log.size).toBe(1);
  });

  it('numbers events from the first id, one more each', () => {
    const log = new EventLog({ firstId: 10, capacity: 5 });
    expect(log.newestId).toBe(9);
    expect(log.oldestId).toBe(10);
    const events = log.append([model(1), model(2)]);
    expect(events.map((e) => e.id)).toEqual([10, 11]);
    expect(log.newestId).toBe(11);
    expect(log.size).toBe(2);
  });

  it('starts ids at the start time in milliseconds times 1000 by default', () => {
    const before = Date.now() * 1000;
    const log = new EventLog();
    expect(log.newestId + 1).toBeGreaterThanOrEqual(before);
    expect(log.newestId + 1).toBeLessThanOrEqual(Date.now() * 1000);
  });

  it('resumes after an id with the events that followed it', () => {
    const log = new EventLog({ firstId: 1, capacity: 5 });
    log.append([model(1), model(2), model(3)]);
    const resumed = log.since(1);
    expect(resumed.ok && resumed.events.map((e) => e.id)).toEqual([2, 3]);
    expect(log.since(3)).toEqual({ ok: true, events: [] });
    // The id before the first is still a valid place to resume from: nothing was missed.
    const all = log.since(0);
    expect(all.ok && all.events.map(auditOf)).toEqual([1, 2, 3]);
  });

  it('keeps only the newest events: an id that dropped out is gone', () => {
    const log = new EventLog({ firstId: 1, capacity: 3 });
    log.append([model(1), model(2), model(3), model(4), model(5)]);
    expect(log.size).toBe(3);
    expect(log.oldestId).toBe(3);
    const resumed = log.since(2);
    expect(resumed.ok && resumed.events.map(auditOf)).toEqual([3, 4, 5]);
    expect(log.since(1)).toEqual({ ok: false, reason: 'gone' });
    expect(log.eventAt(2)).toBe(undefined);
    expect(log.eventAt(3)?.id).toBe(3);
    expect(log.eventAt(5)?.id).toBe(5);
    expect(log.eventAt(6)).toBe(undefined);
  });

  it('calls an id it never gave unknown', () => {
    const log = new EventLog({ firstId: 100 });
    log.append([model(1)]);
    expect(log.since(101)).toEqual({ ok: false, reason: 'unknown' });
    expect(log.since(Number.NaN)).toEqual({ ok: false, reason: 'unknown' });
    expect(log.since(1.5)).toEqual({ ok: false, reason: 'unknown' });
    expect(log.since(50)).toEqual({ ok: false, reason: 'gone' });
  });

  it('tells listeners each batch once, until they stop', () => {
    const log = new EventLog({ firstId: 1 });
    const seen: number[][] = [];
    const stop = log.subscribe((events) => seen.push(events.map((e) => e.id)));
    expect(log.listenerCount).toBe(1);
    log.append([model(1), model(2)]);
    log.append([]);
    stop();
    log.append([model(3)]);
    expect(seen).toEqual([[1, 2]]);
    expect(log.listenerCount).toBe(0);
  });

  it('refuses a capacity below one', () => {
    expect(() => new EventLog({ capacity: 0 })).toThrow(RangeError);
  });

  it('resumes like a plain list of everything appended (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 30 }),
        fc.integer({ min: -3, max: 120 }),
        (capacity, batches, from) => {
          const log = new EventLog({ firstId: 0, capacity });
          const all: number[] = [];
          for (const size of batches) {
            const batch = Array.from({ length: size }, (_, i) => model(all.length + i));
            for (const event of log.append(batch)) all.push(event.id);
          }
          const resumed = log.since(from);
          const kept = all.slice(-capacity);
          const oldest = kept[0] ?? all.length;
          if (from >= all.length) expect(resumed).toEqual({ ok: false, reason: 'unknown' });
          else if (from < oldest - 1) expect(resumed).toEqual({ ok: false, reason: 'gone' });
          else
            expect(resumed.ok && resumed.events.map((e) => e.id)).toEqual(
              all.filter((id) => id > from),
            );
        },
      ),
    );
  });
});
