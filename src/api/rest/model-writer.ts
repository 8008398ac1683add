import { stableJson } from '../../as-code/canonical.js';
import { formatPath } from '../../as-code/field-reader.js';
import {
  dependencyKey,
  type EntityKind,
  type Model,
  subscriptionKey,
} from '../../model/entities.js';
import { ConflictError, NotFoundError } from '../../model/errors.js';
import { type ModelProblem, validateModel } from '../../model/validate-model.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Actor, EntityOf, ModelChange, Store, Versioned } from '../../store/store.js';
import { invalidModel, preconditionFailed, preconditionRequired } from '../errors.js';
import { entityTag, ifMatchHolds, parseIfMatch } from './etag.js';

type Entity = EntityOf<EntityKind>;

/** Checks that the caller may make a change (throws a ForbiddenError when not). */
export type Authorize = (
  before: Entity | undefined,
  after: Entity | undefined,
) => Promise<void> | void;

const KEY_OF: Record<EntityKind, (entity: Entity) => string> = {
  party: (e) => (e as EntityOf<'party'>).id,
  service: (e) => (e as EntityOf<'service'>).id,
  dependency: (e) => dependencyKey(e as EntityOf<'dependency'>),
  subscription: (e) => subscriptionKey(e as EntityOf<'subscription'>),
};

const LIST_OF: Record<EntityKind, keyof Model> = {
  party: 'parties',
  service: 'services',
  dependency: 'dependencies',
  subscription: 'subscriptions',
};

/** The model with one change made, for validating it before it is written. */
export function withChange(model: Model, change: ModelChange): Model {
  const list = LIST_OF[change.kind];
  const keyOf = KEY_OF[change.kind];
  const kept = (model[list] as Entity[]).filter((entity) => keyOf(entity) !== change.key);
  const next = change.op === 'delete' ? kept : [...kept, change.after];
  return { ...model, [list]: next };
}

/** A model problem as a field detail: the path is the field in the entity's API body. */
function problemDetail(problem: ModelProblem) {
  let field = problem.field[0] === 'spec' ? problem.field.slice(1) : problem.field;
  if (problem.kind === 'dependency' && field[0] === 'service') field = ['to', ...field.slice(1)];
  return {
    path: formatPath(field),
    message: problem.message,
    kind: problem.kind,
    key: problem.key,
  };
}

/**
 * Every model write of the API goes through here: one at a time in this process (so that two
 * writes validated apart cannot together make a cycle), validated as a whole model (422 with
 * each problem's field path), conditional on If-Match for updates and deletes (428 without it,
 * 412 when stale, checked atomically by the store through `expectVersion`), audited as the
 * caller, and followed by the engine catching up.
 */
export class ModelWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly runtime: StatusRuntime,
  ) {}

  /** Runs `task` after every write started before it has finished. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  create<K extends EntityKind>(
    kind: K,
    after: EntityOf<K>,
    actor: Actor,
    authorize: Authorize,
  ): Promise<Versioned<EntityOf<K>>> {
    const key = KEY_OF[kind](after);
    return this.exclusive(async () => {
      if (await this.store.getEntity(kind, key))
        throw new ConflictError(`${kind} '${key}' already exists; change it with PUT or PATCH`);
      await authorize(undefined, after);
      await this.commit({ op: 'create', kind, key, after }, actor);
      return this.reread(kind, key);
    });
  }

  /** `next` makes the new entity from the current one (for PATCH) or ignores it (PUT). */
  update<K extends EntityKind>(
    kind: K,
    key: string,
    ifMatch: string | undefined,
    next: (current: EntityOf<K>) => EntityOf<K> | Promise<EntityOf<K>>,
    actor: Actor,
    authorize: Authorize,
  ): Promise<Versioned<EntityOf<K>>> {
    const condition = parseIfMatch(ifMatch);
    if (!condition) throw preconditionRequired(`changing ${kind} '${key}'`);
    return this.exclusive(async () => {
      const current = await this.current(kind, key);
      if (!ifMatchHolds(condition, current))
        throw preconditionFailed(`${kind} '${key}'`, entityTag(current));
      const after = await next(current.entity);
      await authorize(current.entity, after);
      const change: ModelChange = {
        op: 'update',
        kind,
        key,
        after,
        expectVersion: current.version,
      };
      await this.commit(change, actor, current);
      return this.reread(kind, key);
    });
  }

  remove(
    kind: EntityKind,
    key: string,
    ifMatch: string | undefined,
    actor: Actor,
    authorize: Authorize,
  ): Promise<void> {
    const condition = parseIfMatch(ifMatch);
    if (!condition) throw preconditionRequired(`deleting ${kind} '${key}'`);
    return this.exclusive(async () => {
      const current = await this.current(kind, key);
      if (!ifMatchHolds(condition, current))
        throw preconditionFailed(`${kind} '${key}'`, entityTag(current));
      await authorize(current.entity, undefined);
      await this.commit(
        { op: 'delete', kind, key, expectVersion: current.version },
        actor,
        current,
      );
    });
  }

  private async current<K extends EntityKind>(kind: K, key: string) {
    const current = await this.store.getEntity(kind, key);
    if (!current) throw new NotFoundError(`no ${kind} '${key}'`);
    return current;
  }

  private async reread<K extends EntityKind>(kind: K, key: string) {
    const stored = await this.store.getEntity(kind, key);
    if (!stored) throw new ConflictError(`${kind} '${key}' was deleted just after this change`);
    return stored;
  }

  private async commit(change: ModelChange, actor: Actor, read?: Versioned<unknown>) {
    // Deleting a service or party the store refuses itself while anything refers to it (409);
    // deleting a dependency may leave a rule asking for more dependencies than remain (422).
    if (change.op !== 'delete' || change.kind === 'dependency') await this.validate(change);
    try {
      await this.store.applyChanges([change], actor);
    } catch (error) {
      if (error instanceof ConflictError && read) {
        const now = await this.store.getEntity(change.kind, change.key);
        if (!now || now.version !== read.version || now.createdAt !== read.createdAt)
          throw preconditionFailed(`${change.kind} '${change.key}'`, now && entityTag(now));
      }
      throw error;
    }
    await this.runtime.modelChanged();
  }

  /** Refuses a change that adds problems to the model; problems already there do not block. */
  private async validate(change: ModelChange): Promise<void> {
    const model = await this.store.loadModel();
    const before = new Set(validateModel(model).map((p) => stableJson(p)));
    const added = validateModel(withChange(model, change)).filter(
      (p) => !before.has(stableJson(p)),
    );
    if (added.length === 0) return;
    const details = added.map(problemDetail);
    throw invalidModel(
      `the change would leave the model invalid: ${(details[0] as { message: string }).message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      details,
    );
  }
}
