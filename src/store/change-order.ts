import type { EntityKind } from '../model/entities.js';
import { ConflictError, InputError, type Problem } from '../model/errors.js';
import type { Actor, ChangeConflict, ModelChange } from './store.js';
import { isEntityKind, TABLES } from './tables.js';

/**
 * The order a change set runs in, whatever order it came in: deletes first, referrers before
 * what they refer to; then creates and updates, referred-to before referrers. With foreign keys
 * checked at commit the order is not needed for correctness, but it keeps every intermediate
 * state as close to valid as a change set allows, and the audit log in a readable order.
 */
const PHASES: readonly (readonly [group: 'delete' | 'write', kind: EntityKind])[] = [
  ['delete', 'subscription'],
  ['delete', 'dependency'],
  ['delete', 'service'],
  ['delete', 'party'],
  ['write', 'party'],
  ['write', 'service'],
  ['write', 'dependency'],
  ['write', 'subscription'],
];

const OPS = new Set(['create', 'update', 'delete']);

/**
 * Checks each change's shape (op, kind, key matching its entity, actor) and returns the changes
 * in phase order, stable within a phase. Throws InputError listing every malformed change.
 */
export function orderChanges(changes: readonly ModelChange[], actor: Actor): ModelChange[] {
  const problems: Problem[] = [];
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    problems.push({ path: 'actor', message: 'an actor id is required' });
  const buckets = PHASES.map(() => [] as ModelChange[]);
  changes.forEach((change, index) => {
    const problem = shapeProblem(change);
    if (problem !== undefined) {
      problems.push({ path: `changes[${index}]`, message: problem });
      return;
    }
    const group = change.op === 'delete' ? 'delete' : 'write';
    const phase = PHASES.findIndex(([g, k]) => g === group && k === change.kind);
    buckets[phase]?.push(change);
  });
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.path}: ${p.message}`);
    throw new InputError(`invalid change set: ${summarise(lines)}`, problems);
  }
  return buckets.flat();
}

function shapeProblem(change: ModelChange): string | undefined {
  if (!OPS.has(change?.op)) return `unknown op '${String(change?.op)}'`;
  if (!isEntityKind(change.kind)) return `unknown kind '${String(change.kind)}'`;
  const spec = TABLES[change.kind];
  if (typeof change.key !== 'string' || spec.keyValues(change.key) === undefined)
    return `${change.kind} key '${String(change.key)}' is malformed`;
  if (change.op === 'delete') return undefined;
  if (typeof change.after !== 'object' || change.after === null)
    return `${change.op} of ${change.kind} '${change.key}' has no entity`;
  const actual = spec.keyOf(change.after as never);
  if (actual !== change.key)
    return `${change.op} of ${change.kind} '${change.key}' carries the entity '${actual}'`;
  return undefined;
}

/** One conflict, its message naming the change: `delete service 'db01': does not exist`. */
export function conflict(change: Pick<ChangeConflict, 'op' | 'kind' | 'key'>, reason: string) {
  const { op, kind, key } = change;
  return { op, kind, key, message: `${op} ${kind} '${key}': ${reason}` } satisfies ChangeConflict;
}

/** A ConflictError whose message names the first problems and whose details list them all. */
export function conflictError(conflicts: readonly ChangeConflict[]): ConflictError {
  const lines = conflicts.map((c) => c.message);
  return new ConflictError(`change set refused: ${summarise(lines)}`, conflicts);
}

function summarise(lines: readonly string[]): string {
  const shown = lines.slice(0, 10).join('; ');
  return lines.length > 10 ? `${shown}; and ${lines.length - 10} more` : shown;
}
