import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { buildGraph } from './graph.js';
import { IdIndex } from './id-index.js';
import { sketchModel } from './model-builder.test-helper.js';
import { modelToCompact } from './model-to-compact.js';

function graphOf(services: string[], dependsOn: string[]) {
  return buildGraph(modelToCompact(sketchModel({ services, dependsOn })));
}

describe('graph', () => {
  it('numbers services by depth, each depth a contiguous range, stable in model order', () => {
    const g = graphOf(
      ['top', 'mid', 'leaf-a', 'leaf-b'],
      ['top->mid', 'mid->leaf-a', 'top->leaf-b'],
    );
    expect([...g.depthStart]).toEqual([0, 2, 3, 4]);
    expect([...g.toExternal]).toEqual([2, 3, 1, 0]);
    expect([...g.toInternal]).toEqual([3, 2, 0, 1]);
  });

  it('keeps dependencies and consumers in CSR arrays both ways', () => {
    const g = graphOf(
      ['top', 'mid', 'leaf-a', 'leaf-b'],
      ['top->mid', 'mid->leaf-a', 'top->leaf-b'],
    );
    const depsOf = (v: number) => [...g.downTo.subarray(g.downStart[v], g.downStart[v + 1])];
    const usersOf = (v: number) => [...g.upFrom.subarray(g.upStart[v], g.upStart[v + 1])];
    expect(depsOf(3)).toEqual([2, 1]);
    expect(depsOf(2)).toEqual([0]);
    expect(usersOf(0)).toEqual([2]);
    expect(usersOf(1)).toEqual([3]);
    expect(g.maxDegree).toBe(2);
    expect(g.slotTransform).toBeNull();
    expect(g.slotWeight).toBeNull();
  });

  it('rejects a cycle, spelling it out', () => {
    expect(() => graphOf(['a', 'b', 'c', 'd'], ['d->a', 'a->b', 'b->c', 'c->a'])).toThrow(
      new InputError('dependency cycle: a -> b -> c -> a'),
    );
    expect(() => graphOf(['a'], ['a->a'])).toThrow(new InputError('dependency cycle: a -> a'));
  });

  it('handles an empty model and a long chain without recursion', () => {
    expect(graphOf([], []).size).toBe(0);
    const ids = Array.from({ length: 100_000 }, (_, i) => `s${i}`);
    const g = graphOf(
      ids,
      ids.slice(1).map((id, i) => `${id}->s${i}`),
    );
    expect(g.depthStart.length).toBe(100_001);
  });
});

describe('id index', () => {
  it('finds every id and nothing else', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `svc-${i}`);
    const index = new IdIndex(ids);
    expect(ids.every((id, i) => index.get(id) === i)).toBe(true);
    expect(index.get('svc-5000')).toBe(-1);
    expect(index.get('')).toBe(-1);
  });

  it('rejects an id that appears twice', () => {
    expect(() => new IdIndex(['a', 'b', 'a'])).toThrow(InputError);
  });
});
