import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompactModel } from '../../src/engine/compact-model.js';
import type { EdgeImpact } from '../../src/model/impact.js';
import { levelAt, levelRank, type StatusLevel } from '../../src/model/levels.js';
import type { NodeRule } from '../../src/model/rule.js';
import { downstreamClosure, lastClosureMembers, upstreamClosure } from './raw-closure.js';
import { buildRawKernel, rawKernelBytes } from './raw-kernel.js';
import { levelOf, recomputeAll, setOwn } from './raw-propagate.js';

interface SmallGraph {
  n: number;
  edges: [number, number][];
  rules: Map<number, NodeRule>;
  impacts: Map<number, EdgeImpact>;
}

function compactOf(g: SmallGraph): CompactModel {
  return {
    serviceIds: Array.from({ length: g.n }, (_, i) => `s${i}`),
    serviceProvider: new Int32Array(g.n).fill(-1),
    serviceCost: new Float64Array(g.n),
    serviceRules: g.rules,
    edgeFrom: Int32Array.from(g.edges.map((e) => e[0])),
    edgeTo: Int32Array.from(g.edges.map((e) => e[1])),
    edgeImpacts: g.impacts,
    edgeWeights: new Map(),
    partyIds: [],
    partyKinds: [],
    subscriptionParty: new Int32Array(0),
    subscriptionService: new Int32Array(0),
  };
}

const LEVELS: StatusLevel[] = [
  'operational',
  'unknown',
  'degraded',
  'partial_outage',
  'major_outage',
];
const level = fc.constantFrom(...LEVELS);
const known = fc.constantFrom('degraded', 'partial_outage', 'major_outage' as const);
const quota = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map((value) => ({ kind: 'count' as const, value })),
  fc.integer({ min: 0, max: 100 }).map((value) => ({ kind: 'percent' as const, value })),
);
const rule: fc.Arbitrary<NodeRule> = fc.oneof(
  fc.constant({ kind: 'best' } as NodeRule),
  fc
    .record({ ok: quota, degraded: fc.option(quota, { nil: undefined }) })
    .map(
      ({ ok, degraded }) =>
        (degraded ? { kind: 'atLeast', ok, degraded } : { kind: 'atLeast', ok }) as NodeRule,
    ),
);
const impact: fc.Arbitrary<EdgeImpact> = fc.oneof(
  fc.constant({ kind: 'ignore' } as EdgeImpact),
  level.map((l) => ({ kind: 'cap', level: l }) as EdgeImpact),
  fc.integer({ min: -3, max: 3 }).map((by) => ({ kind: 'shift', by }) as EdgeImpact),
  known.map((l) => ({ kind: 'fixed', level: l }) as EdgeImpact),
  fc.tuple(level, level).map(([a, b]) => ({ kind: 'map', map: { [a]: b } }) as EdgeImpact),
);

/** A random DAG: edges go from a lower to a higher number, then numbers are permuted. */
const smallGraph: fc.Arbitrary<SmallGraph> = fc
  .integer({ min: 1, max: 24 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      pairs: fc.uniqueArray(
        fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })),
        { maxLength: n * 3, selector: ([a, b]) => `${Math.min(a, b)}:${Math.max(a, b)}` },
      ),
      perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      rules: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), rule), { maxLength: n }),
      impacts: fc.array(fc.tuple(fc.nat(), impact), { maxLength: n }),
    }),
  )
  .map(({ n, pairs, perm, rules, impacts }) => {
    const edges = pairs
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => [perm[Math.min(a, b)], perm[Math.max(a, b)]] as [number, number]);
    const impactMap = new Map<number, EdgeImpact>();
    if (edges.length > 0) for (const [e, i] of impacts) impactMap.set(e % edges.length, i);
    return { n, edges, rules: new Map(rules), impacts: impactMap };
  });

// The naive reference: objects, sets and recursion, written from the semantics, not the kernel.
function naiveClosure(g: SmallGraph, start: number, upward: boolean): Set<number> {
  const seen = new Set<number>();
  const visit = (v: number) => {
    for (const [from, to] of g.edges) {
      const next = upward ? (to === v ? from : -1) : from === v ? to : -1;
      if (next >= 0 && !seen.has(next)) {
        seen.add(next);
        visit(next);
      }
    }
  };
  visit(start);
  seen.delete(start);
  return seen;
}

function naiveImpact(impact: EdgeImpact | undefined, l: StatusLevel): StatusLevel | undefined {
  const scale: StatusLevel[] = ['operational', 'degraded', 'partial_outage', 'major_outage'];
  const isKnownTrouble = l === 'degraded' || l === 'partial_outage' || l === 'major_outage';
  switch (impact?.kind ?? 'as-is') {
    case 'as-is':
      return l;
    case 'ignore':
      return undefined;
    case 'cap':
      return levelRank(l) > levelRank((impact as { level: StatusLevel }).level)
        ? (impact as { level: StatusLevel }).level
        : l;
    case 'fixed':
      return isKnownTrouble ? (impact as { level: StatusLevel }).level : l;
    case 'shift': {
      if (!isKnownTrouble) return l;
      const i = scale.indexOf(l) + (impact as { by: number }).by;
      return scale[Math.max(0, Math.min(3, i))] as StatusLevel;
    }
    default:
      return (impact as { map: Partial<Record<StatusLevel, StatusLevel>> }).map[l] ?? l;
  }
}

function enough(q: { kind: string; value: number }, have: number, of: number): boolean {
  return q.kind === 'count' ? have >= q.value : have >= Math.ceil((q.value * of) / 100);
}

function naiveLevels(g: SmallGraph, own: StatusLevel[]): StatusLevel[] {
  const memo = new Map<number, StatusLevel>();
  const worst = (ls: StatusLevel[]) => levelAt(Math.max(0, ...ls.map(levelRank)));
  const get = (v: number): StatusLevel => {
    const cached = memo.get(v);
    if (cached) return cached;
    const contributions = g.edges
      .map(([from, to], e) => (from === v ? naiveImpact(g.impacts.get(e), get(to)) : undefined))
      .filter((l): l is StatusLevel => l !== undefined);
    const r = g.rules.get(v) ?? { kind: 'worst' };
    let combined: StatusLevel = worst(contributions);
    if (contributions.length > 0 && r.kind === 'best')
      combined = levelAt(Math.min(...contributions.map(levelRank)));
    if (contributions.length > 0 && r.kind === 'atLeast') {
      const ok = contributions.filter((l) => l === 'operational').length;
      const fair = contributions.filter((l) => levelRank(l) <= levelRank('degraded')).length;
      if (enough(r.ok, ok, contributions.length)) combined = 'operational';
      else if (r.degraded && enough(r.degraded, fair, contributions.length)) combined = 'degraded';
    }
    const result = worst([own[v] as StatusLevel, combined]);
    memo.set(v, result);
    return result;
  };
  return own.map((_, v) => get(v));
}

const steps = fc.array(fc.tuple(fc.nat(), level), { minLength: 1, maxLength: 30 });

describe('raw kernel', () => {
  it('finds the same upstream and downstream closures as a naive search', () => {
    fc.assert(
      fc.property(smallGraph, (g) => {
        const k = buildRawKernel(compactOf(g));
        for (let v = 0; v < g.n; v++) {
          const up = naiveClosure(g, v, true);
          const count = upstreamClosure(k, v);
          expect(count).toBe(up.size);
          expect(new Set(lastClosureMembers(k, count))).toEqual(up);
          expect(downstreamClosure(k, v)).toBe(naiveClosure(g, v, false).size);
        }
      }),
    );
  });

  it('recomputes every level as the naive recursive evaluation does', () => {
    fc.assert(
      fc.property(smallGraph, fc.array(level, { minLength: 24, maxLength: 24 }), (g, owns) => {
        const k = buildRawKernel(compactOf(g));
        const own = owns.slice(0, g.n);
        own.forEach((l, v) => {
          k.own[k.positionOf[v] as number] = levelRank(l);
        });
        recomputeAll(k);
        const expected = naiveLevels(g, own);
        for (let v = 0; v < g.n; v++) expect(levelAt(levelOf(k, v))).toBe(expected[v]);
      }),
    );
  });

  it('propagates single changes to the levels of a full recompute, counting the changes', () => {
    fc.assert(
      fc.property(smallGraph, steps, (g, changes) => {
        const k = buildRawKernel(compactOf(g));
        recomputeAll(k);
        const own: StatusLevel[] = new Array(g.n).fill('operational');
        let before = naiveLevels(g, own);
        for (const [target, l] of changes) {
          const v = target % g.n;
          own[v] = l;
          const changed = setOwn(k, v, levelRank(l));
          const after = naiveLevels(g, own);
          expect(changed).toBe(after.filter((x, i) => x !== before[i]).length);
          for (let u = 0; u < g.n; u++) expect(levelAt(levelOf(k, u))).toBe(after[u]);
          before = after;
        }
        expect(k.mark.every((m) => m === 0)).toBe(true);
      }),
    );
  });

  it('numbers every dependency before its consumers, one height per contiguous range', () => {
    fc.assert(
      fc.property(smallGraph, (g) => {
        const k = buildRawKernel(compactOf(g));
        for (let p = 0; p < k.n; p++) {
          for (let i = k.depStart[p] as number; i < (k.depStart[p + 1] as number); i++) {
            expect(k.heightOf[k.deps[i] as number]).toBeLessThan(k.heightOf[p] as number);
          }
          const h = k.heightOf[p] as number;
          expect(p >= (k.heightStart[h] as number) && p < (k.heightStart[h + 1] as number)).toBe(
            true,
          );
        }
      }),
    );
  });

  it('rejects a dependency cycle', () => {
    const g: SmallGraph = {
      n: 3,
      edges: [
        [0, 1],
        [1, 2],
        [2, 0],
      ],
      rules: new Map(),
      impacts: new Map(),
    };
    expect(() => buildRawKernel(compactOf(g))).toThrow('dependency cycle among 3 services');
  });

  it('counts the bytes of its typed arrays', () => {
    const g: SmallGraph = { n: 2, edges: [[0, 1]], rules: new Map(), impacts: new Map() };
    const k = buildRawKernel(compactOf(g));
    const int32OfN = 4 * 2 * 4; // serviceAt, positionOf, dirty, queue
    const rowStarts = 2 * 3 * 4; // depStart, useStart
    const heights = 3 * 4 + 2 * 4 + 2 * 2; // heightStart, dirtyCount, heightOf
    const edges = 2 * 4 + 1; // deps, uses, depImpact
    const bytesOfN = 4 * 2 + 2 * 4; // general, own, level, mark; stamp
    const scratchAndTable = 1 + 5;
    expect(rawKernelBytes(k)).toBe(
      int32OfN + rowStarts + heights + edges + bytesOfN + scratchAndTable,
    );
  });
});
