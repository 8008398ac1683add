import { InputError, type Problem } from '../model/errors.js';
import { STATUS_LEVELS } from '../model/levels.js';
import { clearSignal, type InputRecord, setSignal } from './input-record.js';
import type { EngineInput, InputAt, InputFields } from './types.js';

/** Changes the record as the input says. */
export function applyInput(record: InputRecord, input: InputFields): void {
  switch (input.type) {
    case 'signal':
      if (input.level === null) clearSignal(record, input.key);
      else setSignal(record, input.key, input.level, input.summary);
      return;
    case 'override':
      record.override =
        input.level === null
          ? undefined
          : { level: input.level, author: input.author, reason: input.reason };
      return;
    case 'maintenance':
      if (input.active) {
        record.windows ??= new Set();
        record.windows.add(input.key);
      } else record.windows?.delete(input.key);
      return;
    case 'acknowledge':
      record.acknowledged = input.acknowledged;
      return;
  }
}

/** The cause a transition carries when an input made it: `signal:KEY`, `override`, `maintenance:KEY`, `acknowledge`. */
export function causeOf(input: InputFields): string {
  switch (input.type) {
    case 'signal':
      return `signal:${input.key}`;
    case 'maintenance':
      return `maintenance:${input.key}`;
    default:
      return input.type;
  }
}

/**
 * Checks a batch before any of it is applied (known services, known input types, valid levels)
 * and returns the number `ids` gives each input's service (-1: none), written to `positions`
 * (at least as long as the batch; a new array when not given). Services are ids (EngineInput) or
 * model positions (InputAt), as `ids` takes them. Throws InputError listing every problem, so a
 * bad batch changes nothing.
 */
export function resolveInputs<I extends EngineInput | InputAt>(
  inputs: readonly I[],
  ids: { get(service: I['service']): number },
  positions: Int32Array = new Int32Array(inputs.length),
): Int32Array {
  let problems: Problem[] | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as I;
    if (typeof input !== 'object' || input === null) {
      problems ??= [];
      problems.push({ path: `inputs[${i}]`, message: 'an input must be an object' });
      continue;
    }
    const position = ids.get(input.service);
    positions[i] = position;
    if (position < 0) {
      problems ??= [];
      problems.push({
        path: `inputs[${i}].service`,
        message:
          typeof input.service === 'number'
            ? `no service at position ${input.service}`
            : `no service '${String(input.service)}'`,
      });
    }
    const problem = fieldProblem(input);
    if (problem) {
      problems ??= [];
      problems.push({ path: `inputs[${i}]`, message: problem });
    }
  }
  if (problems !== null) {
    const first = problems[0] as Problem;
    throw new InputError(`${first.path}: ${first.message}`, problems);
  }
  return positions;
}

const LEVELS: ReadonlySet<unknown> = new Set(STATUS_LEVELS);

/** Whether a value is a status level (a set lookup: this runs for every input of every batch). */
function isLevel(value: unknown): boolean {
  return LEVELS.has(value);
}

function fieldProblem(input: InputFields): string | undefined {
  switch (input.type) {
    case 'signal':
      if (typeof input.key !== 'string') return 'a signal needs a key';
      return input.level === null || isLevel(input.level)
        ? undefined
        : `'${String(input.level)}' is not a level`;
    case 'override':
      return input.level === null || isLevel(input.level)
        ? undefined
        : `'${String(input.level)}' is not a level`;
    case 'maintenance':
      if (typeof input.key !== 'string') return 'a maintenance input needs a key';
      return typeof input.active === 'boolean' ? undefined : 'active must be true or false';
    case 'acknowledge':
      return typeof input.acknowledged === 'boolean'
        ? undefined
        : 'acknowledged must be true or false';
    default:
      return `unknown input type '${String((input as { type: unknown }).type)}'`;
  }
}
