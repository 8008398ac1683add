import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validModel } from '../../test/model-arbitrary.js';
import { emptyModel } from '../model/entities.js';
import { formatProblem } from '../model/errors.js';
import { modelToYaml } from './export-model.js';
import { planSources } from './model-files.js';
import { isEmptyPlan } from './plan.js';

describe('export then apply', () => {
  it('changes nothing, for random models', () => {
    fc.assert(
      fc.property(validModel, (model) => {
        const yaml = modelToYaml(model).all;
        const outcome = planSources([{ file: 'export.yaml', text: yaml }], model, { prune: true });
        if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
        expect(isEmptyPlan(outcome.value.plan)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('recreates every entity into an empty store', () => {
    fc.assert(
      fc.property(validModel, (model) => {
        const outcome = planSources(
          [{ file: 'export.yaml', text: modelToYaml(model).all }],
          emptyModel(),
          { prune: false },
        );
        if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
        const count =
          model.parties.length +
          model.services.length +
          model.dependencies.length +
          model.subscriptions.length;
        expect(outcome.value.plan.created).toHaveLength(count);
      }),
      { numRuns: 100 },
    );
  });
});
