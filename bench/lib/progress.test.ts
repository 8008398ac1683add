import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

describe('createProgress', () => {
  it('prefixes lines and throttles fractions, always printing completion', () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = createProgress(
      'engine',
      (l) => lines.push(l),
      1000,
      () => clock,
    );
    const report = progress.child('1').track('generate');
    report(0);
    clock = 500;
    report(0.3);
    clock = 1500;
    report(0.6);
    report(1);
    progress.note('done');
    expect(lines).toEqual([
      '[engine 1] generate: 0% (0.0 s)',
      '[engine 1] generate: 60% (1.5 s)',
      '[engine 1] generate: 100% (1.5 s)',
      '[engine] done',
    ]);
  });
});
