import type { EngineInput } from '../engine/types.js';

/** What an input sets: a signal's key within its service, an override, a maintenance window. */
function slot(input: EngineInput): string {
  switch (input.type) {
    case 'signal':
      return `signal\u0000${input.service}\u0000${input.key}`;
    case 'maintenance':
      return `maintenance\u0000${input.service}\u0000${input.key}`;
    case 'override':
      return `override\u0000${input.service}`;
    case 'acknowledge':
      return `acknowledge\u0000${input.service}`;
  }
}

/** The input that takes back what `input` set. */
function cleared(input: EngineInput): EngineInput {
  switch (input.type) {
    case 'signal':
      return { type: 'signal', service: input.service, key: input.key, level: null };
    case 'maintenance':
      return { type: 'maintenance', service: input.service, key: input.key, active: false };
    case 'override':
      return { type: 'override', service: input.service, level: null };
    case 'acknowledge':
      return { type: 'acknowledge', service: input.service, acknowledged: false };
  }
}

function same(a: EngineInput, b: EngineInput): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The inputs that take an engine told `before` (every input in force, as ActiveInputs.all()
 * gives them) to `after`: what `after` no longer has is cleared, what it sets anew or otherwise
 * is told; what both say alike is left out, so an unchanged state costs no propagation.
 */
export function inputDifference(
  before: readonly EngineInput[],
  after: readonly EngineInput[],
): EngineInput[] {
  const previous = new Map<string, EngineInput>();
  for (const input of before) previous.set(slot(input), input);
  const next = new Map<string, EngineInput>();
  for (const input of after) next.set(slot(input), input);
  const inputs: EngineInput[] = [];
  for (const [key, input] of previous) if (!next.has(key)) inputs.push(cleared(input));
  for (const [key, input] of next) {
    const was = previous.get(key);
    if (!was || !same(was, input)) inputs.push(input);
  }
  return inputs;
}
