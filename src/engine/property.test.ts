import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../model/entities.js';
import { STATUS_LEVELS, type StatusLevel } from '../model/levels.js';
import { createEngine, type StatusEngine } from './engine.js';
import { type DependencySketch, sketchModel } from './model-builder.test-helper.js';
import { ReferenceModel } from './reference.test-helper.js';
import type { EngineInput, ServiceState } from './types.js';

const level = fc.constantFrom(...STATUS_LEVELS);
const known = fc.constantFrom('operational', 'degraded', 'partial_outage', 'major_outage');
const quota = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
);
const measure = fc.constantFrom('count', 'percent', 'weight', 'weightPercent');

const rule = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  fc.constant('best'),
  fc
    .record({ ok: quota, degraded: fc.option(quota, { nil: undefined }) })
    .map(({ ok, degraded }) => ({ atLeast: degraded === undefined ? { ok } : { ok, degraded } })),
  fc
    .array(
      fc.record({ measure, amount: fc.integer({ min: 0, max: 100 }), of: level, then: level }),
      { minLength: 1, maxLength: 3 },
    )
    .map((lines) => ({
      thresholds: lines.map((l) => ({
        [l.measure]: l.measure === 'count' || l.measure === 'weight' ? l.amount % 5 : l.amount,
        of: l.of,
        then: l.then,
      })),
    })),
);

const impact = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  fc.constant('ignore'),
  level.map((l) => `cap:${l}`),
  fc.integer({ min: -3, max: 3 }).map((n) => `shift:${n >= 0 ? '+' : ''}${n}`),
  known.map((l) => `fixed:${l}`),
  fc.dictionary(level, level, { minKeys: 1, maxKeys: 3 }),
);

/** A random DAG: service i may depend on any service with a smaller number. */
function modelOf(size: number, density: number) {
  return fc
    .record({
      rules: fc.array(rule, { minLength: size, maxLength: size }),
      edges: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: size - 1 }),
          below: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          impact,
          weight: fc.oneof(
            { weight: 3, arbitrary: fc.constant(1) },
            fc.integer({ min: 0, max: 3 }),
          ),
        }),
        { maxLength: Math.floor(size * density) },
      ),
    })
    .map(({ rules, edges }) => {
      const seen = new Set<string>();
      const dependsOn: DependencySketch[] = [];
      for (const e of edges) {
        if (e.from === 0) continue;
        const from = `s${e.from}`;
        const to = `s${Math.floor(e.below * e.from)}`;
        if (seen.has(`${from}->${to}`)) continue;
        seen.add(`${from}->${to}`);
        dependsOn.push({ from, to, impact: e.impact, weight: e.weight });
      }
      return sketchModel({
        services: Object.fromEntries(rules.map((r, i) => [`s${i}`, { rule: r }])),
        dependsOn,
      });
    });
}

function inputOf(size: number): fc.Arbitrary<EngineInput> {
  const service = fc.integer({ min: 0, max: size - 1 }).map((i) => `s${i}`);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('signal' as const),
        service,
        key: fc.constantFrom('a', 'b'),
        level: fc.option(level, { nil: null }),
      }),
    },
    fc.record({
      type: fc.constant('override' as const),
      service,
      level: fc.option(level, { nil: null }),
    }),
    fc.record({
      type: fc.constant('maintenance' as const),
      service,
      key: fc.constantFrom('w1', 'w2'),
      active: fc.boolean(),
    }),
    fc.record({ type: fc.constant('acknowledge' as const), service, acknowledged: fc.boolean() }),
  );
}

function statesOf(engine: StatusEngine): Map<string, ServiceState> {
  return new Map(
    [...engine.statuses()].map((s) => [
      s.service,
      { level: s.level, maintenance: s.maintenance, acknowledged: s.acknowledged },
    ]),
  );
}

function scenario(maxSize: number, density: number) {
  return fc.integer({ min: 1, max: maxSize }).chain((size) =>
    fc.record({
      model: modelOf(size, density),
      batches: fc.array(fc.array(inputOf(size), { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
      probe: fc.record({
        service: fc.integer({ min: 0, max: size - 1 }).map((i) => `s${i}`),
        level,
      }),
    }),
  );
}

/** Runs the batches, checking each step against the reference and a full recompute. */
function runChecked(model: Model, batches: EngineInput[][]) {
  const engine = createEngine(model);
  const reference = new ReferenceModel(model);
  const log: unknown[] = [];
  batches.forEach((batch, step) => {
    const before = statesOf(engine);
    const transitions = engine.apply(batch, step);
    log.push(transitions);
    reference.apply(batch);
    const after = statesOf(engine);
    expect(after).toEqual(reference.states());
    expect(engine.recompute()).toBe(0);
    const changed = new Set(transitions.map((t) => t.service));
    for (const t of transitions) {
      expect(t.from).toEqual(before.get(t.service));
      expect(t.to).toEqual(after.get(t.service));
    }
    for (const [id, state] of after) if (!changed.has(id)) expect(state).toEqual(before.get(id));
  });
  return { engine, log };
}

describe('engine against the reference evaluator', () => {
  it('incremental states equal a recompute from scratch after every batch, on small dense DAGs', () => {
    fc.assert(
      fc.property(scenario(9, 3), ({ model, batches }) => {
        runChecked(model, batches);
      }),
      { numRuns: 400 },
    );
  });

  it('incremental states equal a recompute from scratch on wide sparse DAGs (queue path)', () => {
    fc.assert(
      fc.property(scenario(160, 1.2), ({ model, batches }) => {
        runChecked(model, batches);
      }),
      { numRuns: 60 },
    );
  });

  it('one batch of everything gives the same states as the batches one by one', () => {
    fc.assert(
      fc.property(scenario(12, 2.5), ({ model, batches }) => {
        const { engine } = runChecked(model, batches);
        const once = createEngine(model);
        once.apply(batches.flat(), 0);
        expect(statesOf(once)).toEqual(statesOf(engine));
      }),
      { numRuns: 200 },
    );
  });

  it('two runs give the same transitions and the same states', () => {
    fc.assert(
      fc.property(scenario(12, 2.5), ({ model, batches }) => {
        const first = runChecked(model, batches);
        const second = runChecked(model, batches);
        expect(second.log).toEqual(first.log);
        expect(statesOf(second.engine)).toEqual(statesOf(first.engine));
      }),
      { numRuns: 100 },
    );
  });

  it('what-if equals applying the inputs to a copy, and leaves live state untouched', () => {
    fc.assert(
      fc.property(scenario(12, 2.5), ({ model, batches }) => {
        const [hypothesis = [], ...live] = batches;
        const { engine } = runChecked(model, live);
        const before = statesOf(engine);
        const report = engine.whatIf(hypothesis);
        expect(statesOf(engine)).toEqual(before);
        expect(engine.recompute()).toBe(0);
        const copy = createEngine(model);
        copy.apply(live.flat(), 0);
        copy.apply(hypothesis, 1);
        const expected = [...statesOf(copy)]
          .filter(([id, s]) => s.level !== before.get(id)?.level)
          .map(([id, s]) => ({ service: id, from: before.get(id)?.level, to: s.level }));
        const sorted = (list: { service: string }[]) =>
          [...list].sort((a, b) => a.service.localeCompare(b.service));
        expect(sorted(report.changes)).toEqual(sorted(expected));
      }),
      { numRuns: 200 },
    );
  });

  it('impact equals what-if of an override at that level, with hops along changed services', () => {
    fc.assert(
      fc.property(scenario(12, 2.5), ({ model, batches, probe }) => {
        const { engine } = runChecked(model, batches);
        const before = statesOf(engine);
        const report = engine.impact(probe.service, probe.level as StatusLevel);
        expect(statesOf(engine)).toEqual(before);
        const changes = engine.whatIf([
          { type: 'override', service: probe.service, level: probe.level },
        ]).changes;
        expect(new Set(report.services.map((s) => `${s.service}:${s.from}:${s.to}`))).toEqual(
          new Set(changes.map((c) => `${c.service}:${c.from}:${c.to}`)),
        );
        const hops = new Map(report.services.map((s) => [s.service, s.hop]));
        for (const s of report.services) {
          if (s.service === probe.service) {
            expect(s.hop).toBe(0);
            continue;
          }
          const changedDeps = model.dependencies
            .filter((d) => d.from === s.service && (hops.has(d.to) || d.to === probe.service))
            .map((d) => (d.to === probe.service ? 0 : (hops.get(d.to) as number)));
          expect(s.hop).toBe(Math.min(...changedDeps) + 1);
        }
        const hopsInOrder = report.services.map((s) => s.hop);
        expect(hopsInOrder).toEqual([...hopsInOrder].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });
});
