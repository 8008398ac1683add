import { describe, expect, it } from 'vitest';
import { isValidId } from '../src/model/ids.js';
import { BENCH_RULES, generateModel, LAYERS, layerSizes, SOFT_IMPACT } from './generate.js';

describe('generateModel at scale 0.01', () => {
  const model = generateModel({ scale: 0.01, seed: 7 });
  const { compact } = model;
  const n = compact.serviceIds.length;

  it('gives the same columns for the same seed, and different ones for another seed', () => {
    const again = generateModel({ scale: 0.01, seed: 7 });
    expect(again.compact.serviceIds).toEqual(compact.serviceIds);
    expect(again.compact.edgeFrom).toEqual(compact.edgeFrom);
    expect(again.compact.edgeTo).toEqual(compact.edgeTo);
    expect([...again.compact.serviceRules.keys()]).toEqual([...compact.serviceRules.keys()]);
    expect([...again.compact.edgeImpacts.keys()]).toEqual([...compact.edgeImpacts.keys()]);
    expect(again.compact.subscriptionService).toEqual(compact.subscriptionService);
    expect(again.hubs).toEqual(model.hubs);
    const other = generateModel({ scale: 0.01, seed: 8 });
    expect(other.compact.edgeTo).not.toEqual(compact.edgeTo);
  });

  it('has the layer sizes of the scale: 10 business down to 10 core, 10,000 services', () => {
    expect(layerSizes(0.01)).toEqual([10, 100, 1000, 4450, 3000, 1200, 230, 10]);
    expect(model.layers.map((l) => l.count)).toEqual(layerSizes(0.01));
    expect(n).toBe(10_000);
    const perLayer = new Array(LAYERS.length).fill(0);
    for (const layer of model.serviceLayer) perLayer[layer]++;
    expect(perLayer).toEqual(layerSizes(0.01));
  });

  it('gives every service a unique slug id named after its layer', () => {
    expect(new Set(compact.serviceIds).size).toBe(n);
    for (let s = 0; s < n; s++) {
      const id = compact.serviceIds[s] as string;
      expect(isValidId(id)).toBe(true);
      expect(id.startsWith(`${LAYERS[model.serviceLayer[s] as number]?.prefix}-`)).toBe(true);
    }
  });

  it('makes each service but the core depend on 2 to 8 distinct services of the layer below', () => {
    const degree = new Int32Array(n);
    const seen = new Set<string>();
    for (let e = 0; e < compact.edgeFrom.length; e++) {
      const from = compact.edgeFrom[e] as number;
      const to = compact.edgeTo[e] as number;
      expect(model.serviceLayer[to]).toBe((model.serviceLayer[from] as number) + 1);
      const key = `${from}>${to}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      degree[from]++;
    }
    const last = LAYERS.length - 1;
    for (let s = 0; s < n; s++) {
      if (model.serviceLayer[s] === last) expect(degree[s]).toBe(0);
      else {
        expect(degree[s]).toBeGreaterThanOrEqual(2);
        expect(degree[s]).toBeLessThanOrEqual(8);
      }
    }
    const mean = compact.edgeFrom.length / (n - 10);
    expect(mean).toBeGreaterThan(4.8);
    expect(mean).toBeLessThan(5.2);
  });

  it('makes a few hubs far more popular than the median service of their layer', () => {
    const inDegree = new Int32Array(n);
    for (const to of compact.edgeTo) inDegree[to]++;
    for (const layer of [3, 4, 5, 6]) {
      const degrees = [...inDegree.filter((_, s) => model.serviceLayer[s] === layer)].sort(
        (a, b) => a - b,
      );
      const median = degrees[degrees.length >> 1] as number;
      const top = inDegree[model.hubs[layer]?.[0] as number] as number;
      expect(top).toBeGreaterThan(4 * median);
    }
  });

  it('sprinkles non-default rules and soft impacts on the layers that take them', () => {
    const ruled = new Map<string, number>();
    for (const [s, rule] of compact.serviceRules) {
      const layer = LAYERS[model.serviceLayer[s] as number]?.name as string;
      ruled.set(layer, (ruled.get(layer) ?? 0) + 1);
      if (layer === 'it') expect(rule).toBe(BENCH_RULES.itQuorum);
      if (layer === 'application') expect(rule).toBe(BENCH_RULES.appPair);
      if (layer === 'platform') expect(rule).toBe(BENCH_RULES.redundant);
    }
    expect([...ruled.keys()].sort()).toEqual(['application', 'it', 'platform']);
    expect(compact.edgeImpacts.size).toBeGreaterThan(0.01 * compact.edgeFrom.length);
    expect(compact.edgeImpacts.size).toBeLessThan(0.03 * compact.edgeFrom.length);
    for (const impact of compact.edgeImpacts.values()) expect(impact).toBe(SOFT_IMPACT);
  });

  it('gives every service a provider and subscribes customers to valid services', () => {
    const parties = compact.partyIds.length;
    expect(parties).toBe(compact.partyKinds.length);
    expect(compact.partyKinds.filter((k) => k === 'external').length).toBe(5);
    for (const p of compact.serviceProvider) expect(p >= 0 && p < parties).toBe(true);
    expect(compact.subscriptionParty.length).toBe(compact.subscriptionService.length);
    for (let s = 0; s < compact.subscriptionParty.length; s++) {
      const party = compact.subscriptionParty[s] as number;
      const service = compact.subscriptionService[s] as number;
      const layer = model.serviceLayer[service];
      expect(layer).toBe(compact.partyKinds[party] === 'external' ? 0 : 1);
    }
    for (let s = 0; s < n; s++) {
      if (model.serviceLayer[s] === 0) expect(compact.serviceCost[s]).toBeGreaterThanOrEqual(1000);
      if ((model.serviceLayer[s] as number) > 1) expect(compact.serviceCost[s]).toBe(0);
    }
  });

  it('numbers services layer by layer when shuffle is off', () => {
    const ordered = generateModel({ scale: 0.01, seed: 7, shuffle: false });
    expect(ordered.compact.serviceIds.slice(0, 3)).toEqual(['biz-0', 'biz-1', 'biz-2']);
    expect(ordered.compact.serviceIds[10]).toBe('it-0');
  });
});
