import { type Origin, placeModelProblems } from '../as-code/compile-model.js';
import { sortProblems } from '../as-code/model-files.js';
import { mergeModel, type Plan, planChanges } from '../as-code/plan.js';
import { dependencyKey, type Model, subscriptionKey } from '../model/entities.js';
import { formatProblem, type Problem } from '../model/errors.js';
import { type ModelProblem, validateModel } from '../model/validate-model.js';

/**
 * What an importer read from a foreign format: the model it declares, where each entity came from
 * (keys as in `originKey`), and what it could not read. Entities with problems are left out of
 * `model` already; `problems` says why.
 */
export interface ImportSource {
  model: Model;
  origins: Map<string, Origin>;
  problems: Problem[];
  /** How many input entities were read, for the summary line. */
  read: number;
  /** Things read but deliberately not imported (e.g. a Backstage Location), one line each. */
  skipped: string[];
}

export interface ImportOptions {
  prune: boolean;
  /** Import what is sound and report the rest, instead of refusing everything. */
  allowPartial: boolean;
}

export type ImportOutcome =
  | { ok: false; problems: Problem[] }
  | {
      ok: true;
      plan: Plan;
      desired: Model;
      declared: Model;
      /** Problems whose entities or references were left out (only with allowPartial). */
      leftOut: Problem[];
    };

/**
 * The plan for importing `source` into `current`, made exactly as `apply` makes it (merge, then
 * validate the whole result), with one difference: a relation the import declares replaces a
 * stored one with the same key instead of doubling it, since foreign formats state a relation
 * from either end. Without `allowPartial`, any problem refuses the whole import. With it, the
 * entities, fields and relations that problems point at are left out until the rest validates.
 */
export function planImport(
  source: ImportSource,
  current: Model,
  options: ImportOptions,
): ImportOutcome {
  let declared = source.model;
  const leftOut: Problem[] = [...source.problems];
  const seen = new Set(leftOut.map(formatProblem));
  for (;;) {
    const desired = mergeImport(current, declared, options.prune);
    const modelProblems = validateModel(desired);
    if (modelProblems.length === 0) {
      if (leftOut.length > 0 && !options.allowPartial)
        return { ok: false, problems: sortProblems(leftOut) };
      return {
        ok: true,
        plan: planChanges(current, desired),
        desired,
        declared,
        leftOut: sortProblems(leftOut),
      };
    }
    for (const problem of placeModelProblems(modelProblems, source.origins)) {
      const text = formatProblem(problem);
      if (!seen.has(text)) {
        seen.add(text);
        leftOut.push(problem);
      }
    }
    const next = options.allowPartial ? leaveOut(declared, modelProblems) : undefined;
    if (!next) return { ok: false, problems: sortProblems(leftOut) };
    declared = next;
  }
}

/** `mergeModel`, then declared relations replace stored ones with the same key. */
export function mergeImport(current: Model, declared: Model, prune: boolean): Model {
  const merged = mergeModel(current, declared, prune);
  const edges = new Set(declared.dependencies.map(dependencyKey));
  const subscriptions = new Set(declared.subscriptions.map(subscriptionKey));
  const declaredEdges = new Set(declared.dependencies);
  const declaredSubscriptions = new Set(declared.subscriptions);
  return {
    ...merged,
    dependencies: merged.dependencies.filter(
      (d) => declaredEdges.has(d) || !edges.has(dependencyKey(d)),
    ),
    subscriptions: merged.subscriptions.filter(
      (s) => declaredSubscriptions.has(s) || !subscriptions.has(subscriptionKey(s)),
    ),
  };
}

/**
 * The declared model without what the problems point at: a bad provider or parent is cleared, a
 * bad relation dropped, any other bad party or service dropped with its relations. Undefined when
 * no problem concerns a declared entity, so leaving things out cannot help.
 */
export function leaveOut(declared: Model, problems: readonly ModelProblem[]): Model | undefined {
  const dropParties = new Set<string>();
  const dropServices = new Set<string>();
  const clearParents = new Set<string>();
  const clearProviders = new Set<string>();
  const dropEdges = new Set<string>();
  const dropSubscriptions = new Set<string>();
  const partyIds = new Set(declared.parties.map((p) => p.id));
  const serviceIds = new Set(declared.services.map((s) => s.id));
  const edgeKeys = new Set(declared.dependencies.map(dependencyKey));
  const subscriptionKeys = new Set(declared.subscriptions.map(subscriptionKey));
  let useful = false;
  for (const problem of problems) {
    const field = problem.field.join('.');
    if (problem.kind === 'party' && partyIds.has(problem.key)) {
      (field === 'spec.parent' ? clearParents : dropParties).add(problem.key);
      useful = true;
    } else if (problem.kind === 'service' && serviceIds.has(problem.key)) {
      (field === 'spec.provider' ? clearProviders : dropServices).add(problem.key);
      useful = true;
    } else if (problem.kind === 'dependency' && edgeKeys.has(problem.key)) {
      dropEdges.add(problem.key);
      useful = true;
    } else if (problem.kind === 'subscription' && subscriptionKeys.has(problem.key)) {
      dropSubscriptions.add(problem.key);
      useful = true;
    }
  }
  if (!useful) return undefined;
  return {
    parties: declared.parties
      .filter((p) => !dropParties.has(p.id))
      .map((p) => (clearParents.has(p.id) ? withoutKey(p, 'parent') : p)),
    services: declared.services
      .filter((s) => !dropServices.has(s.id))
      .map((s) => (clearProviders.has(s.id) ? withoutKey(s, 'provider') : s)),
    dependencies: declared.dependencies.filter(
      (d) => !dropEdges.has(dependencyKey(d)) && !dropServices.has(d.from),
    ),
    subscriptions: declared.subscriptions.filter(
      (s) => !dropSubscriptions.has(subscriptionKey(s)) && !dropParties.has(s.party),
    ),
  };
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
