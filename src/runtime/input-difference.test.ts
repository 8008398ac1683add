import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/index.js';
import type { EngineInput } from '../engine/types.js';
import { STATUS_LEVELS } from '../model/levels.js';
import { chainModel } from '../store/test-model.js';
import { inputDifference } from './input-difference.js';

const model = chainModel();
const services = model.services.map((s) => s.id);
const T = Date.parse('2026-11-28T12:00:00Z');

/** A set of inputs in force, at most one per slot, as ActiveInputs.all() gives them. */
const inForce = fc
  .array(
    fc.oneof(
      fc.record({
        type: fc.constant('signal' as const),
        service: fc.constantFrom(...services),
        key: fc.constantFrom('a/1', 'a/2', 'incident/3'),
        level: fc.constantFrom(...STATUS_LEVELS),
      }),
      fc.record({
        type: fc.constant('override' as const),
        service: fc.constantFrom(...services),
        level: fc.constantFrom(...STATUS_LEVELS),
        reason: fc.constantFrom('checking', 'known issue'),
      }),
      fc.record({
        type: fc.constant('maintenance' as const),
        service: fc.constantFrom(...services),
        key: fc.constantFrom('1@x', '2@y'),
        active: fc.constant(true),
      }),
    ),
    { maxLength: 12 },
  )
  .map((inputs) => {
    const bySlot = new Map<string, EngineInput>();
    for (const input of inputs)
      bySlot.set(`${input.type}/${input.service}/${'key' in input ? input.key : ''}`, input);
    return [...bySlot.values()];
  });

function statusesAfter(...batches: EngineInput[][]) {
  const engine = createEngine(model);
  for (const batch of batches) engine.apply(batch, T);
  return [...engine.statuses()].map(({ service, level, own, maintenance }) => ({
    service,
    level,
    own,
    maintenance,
  }));
}

describe('inputDifference', () => {
  it('takes an engine told one set of inputs to the statuses of one told only the other', () => {
    fc.assert(
      fc.property(inForce, inForce, (before, after) => {
        expect(statusesAfter(before, inputDifference(before, after))).toStrictEqual(
          statusesAfter(after),
        );
      }),
    );
  });

  it('is empty when nothing changed, and clears what is gone', () => {
    const signal: EngineInput = { type: 'signal', service: 'db01', key: 'a/1', level: 'degraded' };
    const override: EngineInput = { type: 'override', service: 'db01', level: 'major_outage' };
    expect(inputDifference([signal, override], [signal, override])).toEqual([]);
    expect(inputDifference([signal, override], [{ ...signal, level: 'partial_outage' }])).toEqual([
      { type: 'override', service: 'db01', level: null },
      { type: 'signal', service: 'db01', key: 'a/1', level: 'partial_outage' },
    ]);
  });
});
