import { describe, expect, it } from 'vitest';
import { sketchModel } from '../engine/model-builder.test-helper.js';
import { emptyModel, type Model } from '../model/entities.js';
import { formatProblem } from '../model/errors.js';
import { type ImportSource, leaveOut, mergeImport, planImport } from './import-plan.js';

const source = (model: Model): ImportSource => ({
  model,
  origins: new Map(),
  problems: [],
  read: 0,
  skipped: [],
});

describe('planImport', () => {
  it('breaks a dependency cycle by leaving out the edge it is reported at, with allowPartial', () => {
    const model = sketchModel({ services: ['a', 'b', 'c'], dependsOn: ['a->b', 'b->c', 'c->a'] });
    const refused = planImport(source(model), emptyModel(), { prune: false, allowPartial: false });
    expect(refused.ok).toBe(false);
    const partial = planImport(source(model), emptyModel(), { prune: false, allowPartial: true });
    if (!partial.ok) throw new Error('expected a partial import');
    expect(partial.desired.dependencies.map((d) => `${d.from}->${d.to}`)).toEqual(['b->c', 'c->a']);
    expect(partial.leftOut.map(formatProblem)).toEqual([
      "dependency 'a->b' (in the store) service: dependency cycle: a -> b -> c -> a",
    ]);
  });

  it('leaves out dependants of a dropped service in later rounds', () => {
    const model = sketchModel({
      services: { a: {}, b: { rule: { atLeast: { ok: 3 } } } },
      dependsOn: ['a->b'],
    });
    const partial = planImport(source(model), emptyModel(), { prune: false, allowPartial: true });
    if (!partial.ok) throw new Error('expected a partial import');
    expect(partial.desired.services.map((s) => s.id)).toEqual(['a']);
    expect(partial.desired.dependencies).toEqual([]);
    expect(partial.leftOut.map(formatProblem)).toEqual([
      "service 'b' (in the store) spec.rule.atLeast.ok: asks for 3 dependencies but the service has 0 that count",
      "dependency 'a->b' (in the store) service: no service 'b' (did you mean 'a'?)",
    ]);
  });

  it('cannot help when the problem is in the store, and refuses', () => {
    const current = sketchModel({ services: ['a'], dependsOn: ['a->gone'] });
    const outcome = planImport(source(sketchModel({ services: ['x'] })), current, {
      prune: false,
      allowPartial: true,
    });
    expect(outcome.ok).toBe(false);
  });
});

describe('mergeImport', () => {
  it('lets an imported relation replace a stored one with the same key', () => {
    const current = sketchModel({ services: ['a', 'b'], dependsOn: ['a->b'] });
    const declared = sketchModel({
      services: ['b'],
      dependsOn: [{ from: 'a', to: 'b', impact: 'ignore' }],
    });
    declared.services = [current.services[1] as Model['services'][number]];
    const merged = mergeImport(current, declared, false);
    expect(merged.dependencies).toEqual([
      { from: 'a', to: 'b', impact: { kind: 'ignore' }, weight: 1 },
    ]);
  });
});

describe('leaveOut', () => {
  it('clears a bad provider or parent instead of dropping the entity', () => {
    const model = sketchModel({ services: { a: { provider: 'nobody' } }, parties: { t: 'team' } });
    (model.parties[0] as Model['parties'][number]).parent = 'gone';
    const next = leaveOut(model, [
      { kind: 'service', key: 'a', field: ['spec', 'provider'], message: '' },
      { kind: 'party', key: 't', field: ['spec', 'parent'], message: '' },
    ]);
    expect(next?.services[0]?.provider).toBeUndefined();
    expect(next?.services[0]?.id).toBe('a');
    expect(next?.parties[0]).not.toHaveProperty('parent');
    expect(
      leaveOut(model, [{ kind: 'service', key: 'zz', field: [], message: '' }]),
    ).toBeUndefined();
  });
});
