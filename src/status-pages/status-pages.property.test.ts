import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../api/status-pages/render-atom.js';
import { loadTimelines } from '../availability/history-reader.js';
import { measureService } from '../availability/measure.js';
import { MemoryHistory } from '../availability/memory-history.test-helper.js';
import { DEFAULT_WEIGHTS } from '../availability/weights.js';
import { STATUS_LEVELS } from '../model/levels.js';
import { availabilityOver, DAY_MS, DailyUptime } from './daily-uptime.js';
import { audienceText, type StatusPage } from './types.js';
import { decodeStatusPage } from './validate.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const FIRST = Date.parse('2026-08-31T00:00:00Z');

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const page: fc.Arbitrary<StatusPage> = fc
  .record({
    slug,
    title: text,
    audience: fc.oneof(
      fc.constant({ kind: 'public' as const }),
      fc.constant({ kind: 'internal' as const }),
      slug.map((party) => ({ kind: 'customer' as const, party })),
    ),
    services: fc.uniqueArray(
      fc.record({
        service: slug,
        key: slug,
        name: text,
        group: fc.option(text, { nil: undefined }),
      }),
      { maxLength: 8, selector: (s) => s.service },
    ),
    showRootCause: fc.boolean(),
    showInternalIncidents: fc.boolean(),
    branding: fc.string({ maxLength: 60 }),
  })
  .filter((p) => new Set(p.services.map((s) => s.key)).size === p.services.length)
  .map((p) => ({
    ...p,
    showInternalIncidents: p.audience.kind !== 'public' && p.showInternalIncidents,
    services: p.services.map(({ group, ...s }) => (group === undefined ? s : { ...s, group })),
  }));

describe('status page properties', () => {
  it('decodes what the API writes back to the same page', () => {
    fc.assert(
      fc.property(page, (p) => {
        const body = JSON.parse(JSON.stringify({ ...p, audience: audienceText(p.audience) }));
        expect(decodeStatusPage(body)).toEqual({ ok: true, value: p });
      }),
    );
  });

  it('escapes XML so that no markup and no control character survives', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeXml(s);
        expect(out).not.toMatch(/[<>"']|&(?!#\d+;)/);
        const controls = Array.from(out).filter((c) => {
          const code = c.codePointAt(0) as number;
          return code < 0x20 && code !== 9 && code !== 10 && code !== 13;
        });
        expect(controls).toEqual([]);
      }),
    );
  });

  it('adds the daily figures up to what the availability module measures over the 90 days', async () => {
    const change = fc.record({
      at: fc.integer({ min: FIRST - 5 * DAY_MS, max: NOW - 1 }),
      level: fc.constantFrom(...STATUS_LEVELS),
      maintenance: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { maxLength: 30 }), async (changes) => {
        const history = new MemoryHistory();
        for (const c of [...changes].sort((a, b) => a.at - b.at))
          history.record('svc', c.at, {
            level: c.level,
            maintenance: c.maintenance,
            acknowledged: false,
          });
        const days = (await new DailyUptime(history).figures(['svc'], NOW)).get('svc') ?? [];
        expect(days.map((d) => d.day)).toEqual(
          Array.from({ length: 90 }, (_, i) => FIRST + i * DAY_MS),
        );
        const timeline = (await loadTimelines(history, FIRST, NOW, ['svc'])).get('svc') ?? {
          initial: { level: 'operational' as const, maintenance: false },
          changes: [],
        };
        const whole = measureService(
          { timeline, hours: [FIRST, NOW], slo: undefined },
          { from: FIRST, end: NOW },
          DEFAULT_WEIGHTS,
        );
        const expected =
          whole.availability === null ? null : Math.round(whole.availability * 1000) / 1000;
        const got = availabilityOver(days);
        if (expected === null || got === null) expect(got).toBe(expected);
        else expect(Math.abs(got - expected)).toBeLessThanOrEqual(0.0011);
      }),
      { numRuns: 60 },
    );
  });
});
