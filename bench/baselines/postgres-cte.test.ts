import { describe, expect, it } from 'vitest';
import { generateModel } from '../generate.js';
import { PostgresClosure } from './postgres-cte.js';
import { upstreamClosure } from './raw-closure.js';
import { buildRawKernel } from './raw-kernel.js';

const url = process.env.BENCH_DATABASE_URL;

describe.skipIf(url === undefined)('PostgreSQL recursive CTE baseline', () => {
  it('finds the same upstream closure sizes as the raw kernel, and drops its schema', async () => {
    const { compact, hubs } = generateModel({ scale: 0.01, seed: 5 });
    const kernel = buildRawKernel(compact);
    const cte = await PostgresClosure.load(url as string, compact);
    try {
      for (const s of [hubs[7]?.[0] as number, hubs[5]?.[0] as number, 1, 999]) {
        expect(await cte.upstream(s)).toBe(upstreamClosure(kernel, s));
      }
    } finally {
      await cte.close();
    }
  });
});
