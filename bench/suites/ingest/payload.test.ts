import { describe, expect, it } from 'vitest';
import { alertmanagerSource } from '../../../src/ingest/alertmanager/alertmanager.js';
import type { IncomingSignal } from '../../../src/ingest/signal.js';
import { PayloadMaker } from './payload.js';

function signalsOf(body: string): IncomingSignal[] {
  const outcome = alertmanagerSource.parse(JSON.parse(body), 0);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.signals;
}

describe('the ingest benchmark payloads', () => {
  it('are Alertmanager v4 groups of the asked size: the first 8 all firing, then half and half', () => {
    const maker = new PayloadMaker(50, 1000, 'run');
    const bodies = Array.from({ length: 12 }, () => signalsOf(maker.next()));
    for (const signals of bodies) expect(signals).toHaveLength(50);
    expect(bodies[7]?.filter((s) => s.state === 'firing')).toHaveLength(50);
    expect(bodies[8]?.filter((s) => s.state === 'firing')).toHaveLength(25);
    expect(bodies[8]?.filter((s) => s.state === 'resolved')).toHaveLength(25);
  });

  it('resolve exactly what the request 8 before fired, with its start; every firing alert is new', () => {
    const maker = new PayloadMaker(50, 1000, 'run');
    const bodies = Array.from({ length: 40 }, () => signalsOf(maker.next()));
    const fired = new Map<string, number>();
    for (const [n, signals] of bodies.entries()) {
      for (const s of signals.filter((s) => s.state === 'firing')) {
        expect(fired.has(s.key)).toBe(false);
        fired.set(s.key, s.startsAt);
      }
      const resolved = signals.filter((s) => s.state === 'resolved');
      const firedBefore = n >= 8 ? (bodies[n - 8] ?? []).filter((s) => s.state === 'firing') : [];
      expect(resolved.map((s) => [s.key, s.startsAt])).toEqual(
        firedBefore.slice(0, 25).map((s) => [s.key, s.startsAt]),
      );
    }
  });

  it('map each alert to one of the services, and a second maker of another run repeats no key', () => {
    const keys = (run: string) => {
      const maker = new PayloadMaker(7, 13, run);
      return Array.from({ length: 20 }, () => signalsOf(maker.next())).flat();
    };
    const a = keys('a');
    for (const s of a) expect(s.labels.service).toMatch(/^svc-(\d|1[0-2])$/);
    const seen = new Set(a.map((s) => s.key));
    expect(keys('b').filter((s) => seen.has(s.key))).toEqual([]);
  });
});
