import { describe, expect, it } from 'vitest';
import { upstreamClosure } from '../../baselines/raw-closure.js';
import { buildRawKernel } from '../../baselines/raw-kernel.js';
import { generateModel } from '../../generate.js';
import { readConfig } from './config.js';
import { chooseSamples, SMALL_WARM_UP_CALLS, timedSet, warmUpSet } from './samples.js';

describe('chooseSamples at scale 0.01', () => {
  const model = generateModel({ scale: 0.01, seed: 1 });
  const kernel = buildRawKernel(model.compact);
  const config = { ...readConfig({}), closuresPerBucket: 8, singles: 50 };
  const samples = chooseSamples(model, kernel, config);

  it('fills closure buckets with services of the stated closure size', () => {
    expect(samples.buckets.map((b) => b.label)).toEqual(['<10', '10-99', '100-999', '1k-10k']);
    for (const bucket of samples.buckets) {
      expect(bucket.services.length).toBeLessThanOrEqual(8);
      bucket.services.forEach((s, i) => {
        const size = upstreamClosure(kernel, s);
        expect(size).toBe(bucket.sizes[i]);
        expect(size >= bucket.min && size < bucket.max).toBe(true);
      });
    }
    expect(samples.buckets[0]?.services.length).toBe(8);
  });

  it('picks as hub the sampled hub nearest two thirds of the model', () => {
    expect(samples.hub.closure).toBe(upstreamClosure(kernel, samples.hub.service));
    const n = kernel.n;
    for (const hub of model.hubs.flatMap((h) => [...h])) {
      const distance = Math.abs(upstreamClosure(kernel, hub) - (2 * n) / 3);
      expect(Math.abs(samples.hub.closure - (2 * n) / 3)).toBeLessThanOrEqual(distance);
    }
  });

  it('takes single inputs from the infrastructure layers only, the same for the same seed', () => {
    expect(samples.singles).toHaveLength(50);
    for (const s of samples.singles) expect(model.serviceLayer[s]).toBeGreaterThanOrEqual(3);
    for (const s of samples.downstream) expect(model.serviceLayer[s]).toBeLessThan(3);
    expect(chooseSamples(model, kernel, config)).toEqual(samples);
  });

  it('warms small closure buckets up with many calls over their samples, large ones with five', () => {
    const [small] = samples.buckets;
    const warm = warmUpSet(small as (typeof samples.buckets)[number]);
    expect(warm).toHaveLength(SMALL_WARM_UP_CALLS);
    expect(new Set(warm)).toEqual(new Set(small?.services));
    const large = {
      label: '1k-10k',
      min: 1_000,
      max: 10_000,
      services: [1, 2, 3, 4, 5, 6],
      sizes: [],
    };
    expect(warmUpSet(large)).toEqual([1, 2, 3, 4, 5]);
  });

  it('times each sample ten times below 1k services, three times below 100k, once above', () => {
    const bucket = (min: number) => ({
      label: '',
      min,
      max: min * 10,
      services: [7, 8],
      sizes: [],
    });
    expect(timedSet(bucket(100))).toEqual(Array.from({ length: 10 }, () => [7, 8]).flat());
    expect(timedSet(bucket(1_000))).toEqual([7, 8, 7, 8, 7, 8]);
    expect(timedSet(bucket(10_000))).toEqual([7, 8, 7, 8, 7, 8]);
    expect(timedSet(bucket(100_000))).toEqual([7, 8]);
  });
});
