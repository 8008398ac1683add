import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../model/errors.js';
import { STATUS_LEVELS } from '../model/levels.js';
import { createEngine } from './engine.js';
import { sketchModel } from './model-builder.test-helper.js';
import type { EngineInput, InputAt } from './types.js';

/** shop -> app -> db, app -> cache (soft), shop -> cdn; model order as listed. */
function shop() {
  return createEngine(
    sketchModel({
      services: ['shop', 'app', 'db', 'cache', 'cdn'],
      dependsOn: [
        'shop->app',
        'shop->cdn',
        'app->db',
        { from: 'app', to: 'cache', impact: 'cap:degraded' },
      ],
    }),
  );
}

const IDS = ['shop', 'app', 'db', 'cache', 'cdn'];

describe('calls by model position', () => {
  it('positionOf gives the index in the model, and NotFoundError for an unknown id', () => {
    const engine = shop();
    expect(IDS.map((id) => engine.positionOf(id))).toEqual([0, 1, 2, 3, 4]);
    expect(() => engine.positionOf('nope')).toThrow(NotFoundError);
  });

  it('applyAt changes what apply changes, read by index, names built on demand', () => {
    const engine = shop();
    const changes = engine.applyAt(
      [{ type: 'signal', service: 2, key: 'k', level: 'major_outage' }],
      7,
    );
    expect(changes.count).toBe(3);
    expect([0, 1, 2].map((i) => changes.position(i))).toEqual([2, 1, 0]);
    expect([0, 1, 2].map((i) => changes.service(i))).toEqual(['db', 'app', 'shop']);
    expect([0, 1, 2].map((i) => changes.cause(i))).toEqual([
      'signal:k',
      'dependency:db',
      'dependency:app',
    ]);
    expect(changes.from(0).level).toBe('operational');
    expect(changes.to(2).level).toBe('major_outage');
    expect(changes.transition(1)).toEqual({
      service: 'app',
      from: { level: 'operational', maintenance: false, acknowledged: false },
      to: { level: 'major_outage', maintenance: false, acknowledged: false },
      at: 7,
      cause: 'dependency:db',
    });
    expect(engine.status('shop').since).toBe(7);
  });

  it('a Changes read after a later apply throws instead of showing the later run', () => {
    const engine = shop();
    const first = engine.applyAt([{ type: 'override', service: 4, level: 'degraded' }], 1);
    expect(first.service(0)).toBe('cdn');
    engine.replay([{ type: 'override', service: 'cdn', level: null }], 2);
    expect(() => first.service(0)).toThrow(/replaced by a later apply/);
    const second = engine.applyAt([{ type: 'acknowledge', service: 0, acknowledged: true }], 3);
    expect(() => second.cause(5)).toThrow(RangeError);
  });

  it('rejects a bad position or a bad field, naming the input, and applies none of the batch', () => {
    const engine = shop();
    const bad = [
      { type: 'signal', service: 1, key: 'k', level: 'major_outage' },
      { type: 'signal', service: 5, key: 'k', level: 'major_outage' },
      { type: 'override', service: 1.5, level: 'degraded' },
      { type: 'signal', service: 0, key: 'k', level: 'down' },
    ] as unknown as InputAt[];
    let error: unknown;
    try {
      engine.applyAt(bad, 1);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).details).toEqual([
      { path: 'inputs[1].service', message: 'no service at position 5' },
      { path: 'inputs[2].service', message: 'no service at position 1.5' },
      { path: 'inputs[3]', message: "'down' is not a level" },
    ]);
    expect(engine.status('app').level).toBe('operational');
  });

  it('closureAt walks like closureCompact, leaving the members in the engine', () => {
    const engine = shop();
    const count = engine.closureAt(2, 'up');
    const members = Array.from({ length: count }, (_, i) => [
      engine.closureMember(i),
      engine.closureHop(i),
    ]);
    expect(members).toEqual([
      [1, 1],
      [0, 2],
    ]);
    const compact = engine.closureCompact('db', 'up');
    expect([...compact.services]).toEqual([1, 0]);
    expect(engine.closureAt(0, 'down')).toBe(4);
    expect(() => engine.closureMember(4)).toThrow(RangeError);
    expect(() => engine.closureAt(9, 'up')).toThrow(NotFoundError);
  });

  it('applyAt and apply give the same transitions and states for random batches', () => {
    const input = fc.oneof(
      fc.record({
        type: fc.constant('signal' as const),
        service: fc.integer({ min: 0, max: 4 }),
        key: fc.constantFrom('a', 'b'),
        level: fc.option(fc.constantFrom(...STATUS_LEVELS), { nil: null }),
      }),
      fc.record({
        type: fc.constant('maintenance' as const),
        service: fc.integer({ min: 0, max: 4 }),
        key: fc.constant('w'),
        active: fc.boolean(),
      }),
      fc.record({
        type: fc.constant('acknowledge' as const),
        service: fc.integer({ min: 0, max: 4 }),
        acknowledged: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(input, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        (batches) => {
          const byId = shop();
          const byPosition = shop();
          batches.forEach((batch, step) => {
            const named = batch.map((i) => ({ ...i, service: IDS[i.service] }) as EngineInput);
            const expected = byId.apply(named, step);
            const changes = byPosition.applyAt(batch, step);
            expect(changes.transitions()).toEqual(expected);
            expect(Array.from({ length: changes.count }, (_, i) => changes.transition(i))).toEqual(
              expected,
            );
          });
          expect([...byPosition.statuses()]).toEqual([...byId.statuses()]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
