import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { collectOps } from './run-scale.js';
import type { Samples } from './samples.js';

describe('collectOps', () => {
  const samples: Samples = {
    buckets: [
      { label: '<10', min: 0, max: 10, services: [1, 2, 3], sizes: [2, 4, 9] },
      { label: '10-99', min: 10, max: 100, services: [4], sizes: [40] },
    ],
    singles: [],
    hub: { service: 0, closure: 1 },
    down: [],
    downstream: [],
  };
  const config = { ...readConfig({}), slowClosuresPerBucket: 2 };

  it('orders the row sets per bucket, sizes them, and takes the engine on the slow samples', () => {
    const ops = collectOps(
      {
        raw: {
          'closure <10': [1, 1, 1],
          'closure 10-99': [2],
          'level-aware impact <10': [3, 3, 3],
          'level-aware impact 10-99': [4],
          'single input': [0.1],
          'hub outage: replay': [5],
        },
        engine: {
          'closure <10': [1, 2, 9],
          'closure 10-99': [3],
          'level-aware impact <10': [4, 4, 4],
          'level-aware impact 10-99': [5],
          'impact report <10': [6],
          'impact report 10-99': [7],
          'single input': [0.2],
          'hub outage: replay': [6],
        },
      },
      samples,
      config,
    );
    expect(Object.keys(ops)).toEqual([
      'closure <10',
      'closure 10-99',
      'level-aware impact <10',
      'level-aware impact 10-99',
      'impact report <10',
      'impact report 10-99',
      'single input',
      'hub outage: replay',
    ]);
    expect(ops['closure <10']?.size).toBe(5);
    expect(ops['level-aware impact 10-99']?.size).toBe(40);
    expect(ops['impact report <10']?.size).toBe(5);
    expect(ops['single input']?.size).toBeUndefined();
    expect(ops['closure <10']?.engineSlow?.max).toBe(2);
    expect(ops['closure <10']?.engine?.max).toBe(9);
    expect(ops['level-aware impact <10']?.engineSlow).toBeUndefined();
  });
});
