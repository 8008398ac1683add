import { describe, expect, it } from 'vitest';
import { levelAt, levelRank, type StatusLevel } from '../model/levels.js';
import { parseNodeRule } from '../model/rule.js';
import { compileRule, evaluateRule, quotaNeed } from './rules.js';

function combine(spec: unknown, levels: StatusLevel[], weights?: number[]): StatusLevel {
  const rule = parseNodeRule(spec);
  if (!rule.ok) throw new Error(rule.error);
  const ranks = Uint8Array.from(levels.map(levelRank));
  const w = Float64Array.from(weights ?? levels.map(() => 1));
  return levelAt(evaluateRule(compileRule(rule.value), ranks, w, levels.length));
}

type Row = [string, unknown, StatusLevel[], StatusLevel, number[]?];

const O = 'operational';
const U = 'unknown';
const D = 'degraded';
const P = 'partial_outage';
const M = 'major_outage';

const ROWS: Row[] = [
  ['worst: no contributions', 'worst', [], O],
  ['worst: all operational', 'worst', [O, O], O],
  ['worst: the worst one', 'worst', [O, D, P], P],
  ['worst: unknown above operational', 'worst', [O, U], U],
  ['worst: degraded above unknown', 'worst', [U, D], D],
  ['best: no contributions', 'best', [], O],
  ['best: one healthy is enough', 'best', [M, O, M], O],
  ['best: the best one', 'best', [M, P, D], D],
  ['best: unknown is better than degraded', 'best', [U, D], U],
  ['best: all down', 'best', [M, M], M],
  ['atLeast count: enough operational', { atLeast: { ok: 2 } }, [O, O, M], O],
  ['atLeast count: too few gives the worst', { atLeast: { ok: 2 } }, [O, M, P], M],
  ['atLeast count: unknown is not operational', { atLeast: { ok: 2 } }, [O, U], U],
  ['atLeast count: ok 0 is always operational', { atLeast: { ok: 0 } }, [M, M], O],
  ['atLeast: degraded threshold holds', { atLeast: { ok: 3, degraded: 2 } }, [O, D, M], D],
  ['atLeast: degraded counts unknown as fair', { atLeast: { ok: 3, degraded: 2 } }, [O, U, M], D],
  ['atLeast: degraded threshold fails', { atLeast: { ok: 3, degraded: 2 } }, [O, P, M], M],
  ['atLeast: ok larger than the count gives the worst', { atLeast: { ok: 3 } }, [O, O], O],
  ['atLeast: no contributions', { atLeast: { ok: 2 } }, [], O],
  ['atLeast percent: 60% of 5 is 3, met', { atLeast: { ok: '60%' } }, [O, O, O, M, M], O],
  ['atLeast percent: 60% of 5 is 3, missed', { atLeast: { ok: '60%' } }, [O, O, M, M, M], M],
  ['atLeast percent: 50% of 3 rounds up to 2', { atLeast: { ok: '50%' } }, [O, M, M], M],
  [
    'atLeast percent: degraded 30% of 5 is 2',
    { atLeast: { ok: '60%', degraded: '30%' } },
    [O, D, M, M, M],
    D,
  ],
  [
    'atLeast percent: degraded 30% of 5 missed',
    { atLeast: { ok: '60%', degraded: '30%' } },
    [O, P, M, M, M],
    M,
  ],
  ['thresholds count: fires', { thresholds: [{ count: 2, of: P, then: M }] }, [P, M, O], M],
  ['thresholds count: does not fire', { thresholds: [{ count: 2, of: P, then: M }] }, [P, D, O], O],
  [
    'thresholds percent: 50% of 4 fires at 2',
    { thresholds: [{ percent: 50, of: D, then: P }] },
    [D, M, O, O],
    P,
  ],
  [
    'thresholds percent: 50% of 4 does not fire at 1',
    { thresholds: [{ percent: 50, of: D, then: P }] },
    [M, O, O, O],
    O,
  ],
  [
    'thresholds weight: sums the weights at or worse',
    { thresholds: [{ weight: 3, of: M, then: M }] },
    [M, M, O],
    M,
    [2, 1, 5],
  ],
  [
    'thresholds weight: below the sum',
    { thresholds: [{ weight: 4, of: M, then: M }] },
    [M, M, O],
    O,
    [2, 1, 5],
  ],
  [
    'thresholds weightPercent: 25% of 8 is 2',
    { thresholds: [{ weightPercent: 25, of: P, then: D }] },
    [P, O, O],
    D,
    [2, 1, 5],
  ],
  [
    'thresholds weightPercent: below',
    { thresholds: [{ weightPercent: 30, of: P, then: D }] },
    [P, O, O],
    O,
    [2, 1, 5],
  ],
  [
    'thresholds weightPercent: all weights 0 never fires',
    { thresholds: [{ weightPercent: 0, of: P, then: D }] },
    [P],
    O,
    [0],
  ],
  [
    'thresholds: the worst line that fires',
    {
      thresholds: [
        { count: 1, of: D, then: D },
        { count: 2, of: P, then: M },
        { count: 3, of: D, then: P },
      ],
    },
    [D, P, P],
    M,
  ],
  [
    'thresholds: none fires gives operational even when contributions are bad',
    { thresholds: [{ count: 3, of: M, then: M }] },
    [M, M],
    O,
  ],
  ['thresholds: no contributions', { thresholds: [{ count: 0, of: O, then: M }] }, [], O],
];

describe('node rules', () => {
  it.each(ROWS)('%s', (_name, spec, levels, expected, weights) => {
    expect(combine(spec, levels, weights)).toBe(expected);
  });

  it('a quota asks for the ceiling of percent × count / 100', () => {
    expect(quotaNeed({ kind: 'count', value: 3 }, 10)).toBe(3);
    expect(quotaNeed({ kind: 'percent', value: 60 }, 5)).toBe(3);
    expect(quotaNeed({ kind: 'percent', value: 61 }, 5)).toBe(4);
    expect(quotaNeed({ kind: 'percent', value: 70 }, 10)).toBe(7);
    expect(quotaNeed({ kind: 'percent', value: 0 }, 10)).toBe(0);
    expect(quotaNeed({ kind: 'percent', value: 100 }, 7)).toBe(7);
    expect(quotaNeed({ kind: 'percent', value: 14.3 }, 100)).toBe(15);
  });
});
