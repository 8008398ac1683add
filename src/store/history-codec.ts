import { ACKNOWLEDGED_BIT, MAINTENANCE_BIT, stateOfByte } from '../engine/state-bits.js';
import type { ServiceState } from '../engine/types.js';
import { InputError, type Problem } from '../model/errors.js';
import { isStatusLevel, levelRank } from '../model/levels.js';
import { type HistoricState, type NewStatusChange, STATE_CHANGES_MAX } from './history-store.js';

/** A state in one small number, laid out as the engine's state byte; 0 is the default. */
export function stateCode(state: ServiceState): number {
  return (
    levelRank(state.level) |
    (state.maintenance ? MAINTENANCE_BIT : 0) |
    (state.acknowledged ? ACKNOWLEDGED_BIT : 0)
  );
}

export function stateOfCode(code: number): ServiceState {
  return stateOfByte(code);
}

/** What a service's state is at some moment, coded: the state and when it was taken. */
export interface CodedState {
  code: number;
  since: number;
}

/**
 * A snapshot's states as text: a JSON array of `service, code, since` triples in a row. One flat
 * array parses several times faster than an array of objects, which matters at a million entries.
 */
export function encodeSnapshot(states: ReadonlyMap<string, CodedState>): string {
  const flat: (string | number)[] = [];
  for (const [service, { code, since }] of states) flat.push(service, code, since);
  return JSON.stringify(flat);
}

export function decodeSnapshot(text: string): Map<string, CodedState> {
  const flat = JSON.parse(text) as (string | number)[];
  const states = new Map<string, CodedState>();
  for (let i = 0; i + 2 < flat.length; i += 3)
    states.set(flat[i] as string, { code: flat[i + 1] as number, since: flat[i + 2] as number });
  return states;
}

/** The non-default states of `states`, of `services` when given, sorted by service id. */
export function historicStates(
  states: ReadonlyMap<string, CodedState>,
  services?: readonly string[],
): HistoricState[] {
  const ids = services ? [...new Set(services)].filter((id) => states.has(id)) : [...states.keys()];
  ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.map((service) => {
    const { code, since } = states.get(service) as CodedState;
    return { service, ...stateOfCode(code), since };
  });
}

/** Refuses a batch with any change that could not be read back (nothing of it is stored). */
export function checkChanges(changes: readonly NewStatusChange[]): void {
  const problems: Problem[] = [];
  changes.forEach((change, i) => {
    const path = `changes[${i}]`;
    if (typeof change.service !== 'string' || change.service === '')
      problems.push({ path: `${path}.service`, message: 'is not a service id' });
    if (!Number.isSafeInteger(change.at))
      problems.push({ path: `${path}.at`, message: `'${String(change.at)}' is not a time in ms` });
    for (const side of ['from', 'to'] as const) {
      const state = change[side];
      if (!isServiceState(state))
        problems.push({ path: `${path}.${side}`, message: 'is not a level with two flags' });
    }
    if (typeof change.cause !== 'string')
      problems.push({ path: `${path}.cause`, message: 'is not text' });
  });
  if (problems.length > 0) throw refusal(problems);
}

function isServiceState(value: unknown): value is ServiceState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<ServiceState>;
  return (
    isStatusLevel(state.level) &&
    typeof state.maintenance === 'boolean' &&
    typeof state.acknowledged === 'boolean'
  );
}

/** Refuses a time that is not a whole number of ms (a moment asked about, or a window's end). */
export function checkTime(value: number, path: string): void {
  if (!Number.isSafeInteger(value))
    throw refusal([{ path, message: `'${String(value)}' is not a time in ms` }]);
}

export function refusal(problems: readonly Problem[]): InputError {
  const first = problems[0] as Problem;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return new InputError(`${first.path ? `${first.path}: ` : ''}${first.message}${more}`, problems);
}

/** The refusal of a range holding more changes than one listStateChanges answers. */
export function tooManyStateChanges(from: number, to: number): InputError {
  return refusal([
    {
      path: 'from',
      message: `the changes from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} are more than ${STATE_CHANGES_MAX}; ask for a shorter range`,
    },
  ]);
}
