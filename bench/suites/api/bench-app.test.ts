import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../../src/engine/index.js';
import { generateModel } from '../../generate.js';
import { BENCH_PRINCIPAL, createBenchApps, sampleIds } from './bench-app.js';
import { readApiConfig } from './config.js';
import { chooseImpactService, impactTarget, timeImpact } from './impact-sample.js';

describe('the bench apps', () => {
  it('answer the status route from the generated model, signed in as the bench reader', async () => {
    const { compact } = generateModel({ scale: 0.001, seed: 1 });
    const apps = await createBenchApps(compact);
    const id = compact.serviceIds[5] as string;
    const response = await apps.api.inject({ method: 'GET', url: `/api/v1/services/${id}/status` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      service: id,
      level: 'operational',
      maintenance: false,
      acknowledged: false,
      acknowledgement: null,
      since: null,
    });
    expect(response.headers['x-ratelimit-limit']).toBe('1000000000');
    const ping = await apps.trivial.inject({ method: 'GET', url: '/ping' });
    expect(ping.json()).toEqual({ ok: true });
    expect(BENCH_PRINCIPAL.scopes).toEqual(['read']);
    await apps.api.close();
    await apps.trivial.close();
  });

  it('sample ids deterministically from the seed', () => {
    const ids = ['a', 'b', 'c', 'd'];
    expect(sampleIds(ids, 6, 1)).toEqual(sampleIds(ids, 6, 1));
    expect(sampleIds(ids, 6, 1).every((id) => ids.includes(id))).toBe(true);
  });
});

describe('the impact sample', () => {
  it('is the hub whose closure is nearest the target, timed with its report', () => {
    const generated = generateModel({ scale: 0.01, seed: 1 });
    const engine = buildEngine(generated.compact);
    const target = impactTarget(generated.compact.serviceIds.length);
    expect(target).toBe(1000);
    const chosen = chooseImpactService(engine, generated.hubs, target);
    expect(chosen.size).toBe(engine.closureCompact(chosen.service, 'up').services.length);
    for (const layer of generated.hubs)
      for (const hub of layer.subarray(0, 200))
        expect(
          Math.abs(engine.closureCompact(hub, 'up').services.length - target),
        ).toBeGreaterThanOrEqual(Math.abs(chosen.size - target));
    const timed = timeImpact(engine, chosen.service, 3);
    expect(timed.engine?.count).toBe(3);
    expect(timed.bytes).toBe(JSON.stringify(engine.impact(chosen.service)).length);
  });
});

describe('readApiConfig', () => {
  it('reads the suite settings with their defaults', () => {
    expect(readApiConfig({})).toMatchObject({
      connections: 100,
      durationSeconds: 10,
      impactRuns: 30,
    });
    expect(readApiConfig({ BENCH_API_CONNECTIONS: '8', BENCH_SCALES: '0.01' })).toMatchObject({
      connections: 8,
      scales: [0.01],
    });
    expect(() => readApiConfig({ BENCH_API_DURATION: '0' })).toThrow(/BENCH_API_DURATION/);
  });
});
