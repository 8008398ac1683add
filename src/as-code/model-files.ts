import type { Model } from '../model/entities.js';
import type { Problem } from '../model/errors.js';
import { validateModel } from '../model/validate-model.js';
import { compileModel, placeModelProblems } from './compile-model.js';
import { mergeModel, type Plan, planChanges } from './plan.js';
import { readSources, type SourceFile } from './source-files.js';

export type FilesOutcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/**
 * What applying the files at `path` (or already-read sources) to `current` would do. Every problem
 * in the files, and in the model they would produce, is reported at once.
 */
export function planSources(
  sources: readonly SourceFile[],
  current: Model,
  options: { prune: boolean },
): FilesOutcome<{ plan: Plan; desired: Model; declared: Model }> {
  const compiled = compileModel(sources);
  const desired = mergeModel(current, compiled.model, options.prune);
  const problems = [
    ...compiled.problems,
    ...placeModelProblems(validateModel(desired), compiled.origins),
  ];
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return {
    ok: true,
    value: { plan: planChanges(current, desired), desired, declared: compiled.model },
  };
}

export async function planFiles(path: string, current: Model, options: { prune: boolean }) {
  const read = await readSources(path);
  if (read.problems.length > 0) return { ok: false as const, problems: read.problems };
  return planSources(read.sources, current, options);
}

/** Problems in file order, then line; those without a file last. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => {
    if (a.file !== b.file)
      return a.file === undefined ? 1 : b.file === undefined ? -1 : a.file < b.file ? -1 : 1;
    return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  });
}
