import type { CompactModel } from '../src/engine/compact-model.js';
import type { PartyKind } from '../src/model/entities.js';
import type { EdgeImpact } from '../src/model/impact.js';
import type { NodeRule } from '../src/model/rule.js';
import { Prng, ZipfSampler } from './lib/prng.js';

/** One layer of the generated chain, from business services (first) down to core infrastructure. */
export interface LayerSpec {
  name: string;
  /** The conventional service label of the layer. */
  label: string;
  /** Services in the layer at scale 1. */
  count: number;
  prefix: string;
  /** Share of this layer's dependency choices that go to a popular (Zipf-chosen) service below. */
  popularShare: number;
}

/**
 * The layers at scale 1: 1k business -> 10k IT -> 100k applications -> 889k infrastructure in five
 * tiers (platform instances, hosts, clusters, sites, core), one million services in all. Each service
 * but the last layer's depends on 2 to 8 services of the layer below, about 5M dependencies.
 */
export const LAYERS: readonly LayerSpec[] = [
  { name: 'business', label: 'business', count: 1_000, prefix: 'biz', popularShare: 0.1 },
  { name: 'it', label: 'technical', count: 10_000, prefix: 'it', popularShare: 0.1 },
  { name: 'application', label: 'application', count: 100_000, prefix: 'app', popularShare: 0.1 },
  { name: 'platform', label: 'infrastructure', count: 445_000, prefix: 'plat', popularShare: 0.1 },
  { name: 'host', label: 'infrastructure', count: 300_000, prefix: 'host', popularShare: 0.1 },
  { name: 'cluster', label: 'infrastructure', count: 120_000, prefix: 'clu', popularShare: 0.1 },
  { name: 'site', label: 'infrastructure', count: 23_000, prefix: 'site', popularShare: 0.1 },
  { name: 'core', label: 'infrastructure', count: 1_000, prefix: 'core', popularShare: 0 },
];

export interface GenerateOptions {
  /** 1 gives a million services; 0.01 ten thousand. */
  scale: number;
  seed?: number;
  /** Number services in a random order, as a store would, rather than layer by layer (default true). */
  shuffle?: boolean;
  /** Zipf exponent of the choice of popular services (default 1). */
  zipfExponent?: number;
  /** Called now and then with the fraction done. */
  onProgress?: (fraction: number) => void;
}

export interface GeneratedLayer {
  name: string;
  label: string;
  count: number;
}

export interface GeneratedModel {
  compact: CompactModel;
  layers: GeneratedLayer[];
  /** Layer index of each service, by service index. */
  serviceLayer: Uint8Array;
  /** Per layer, its most popular services (service indices), most popular first. */
  hubs: Int32Array[];
  seed: number;
  scale: number;
}

/** The rules and impacts the generator sprinkles, shared objects so a million services cost nothing. */
export const BENCH_RULES = {
  itQuorum: Object.freeze({
    kind: 'atLeast',
    ok: { kind: 'percent', value: 60 },
    degraded: { kind: 'percent', value: 30 },
  }) as NodeRule,
  appPair: Object.freeze({ kind: 'atLeast', ok: { kind: 'count', value: 2 } }) as NodeRule,
  redundant: Object.freeze({ kind: 'best' }) as NodeRule,
} as const;

export const SOFT_IMPACT: EdgeImpact = Object.freeze({ kind: 'cap', level: 'degraded' });

const HUBS_PER_LAYER = 16;
const RULE_SHARE: readonly (readonly [string, NodeRule, number])[] = [
  ['it', BENCH_RULES.itQuorum, 0.02],
  ['application', BENCH_RULES.appPair, 0.02],
  ['platform', BENCH_RULES.redundant, 0.01],
];
const SOFT_EDGE_SHARE = 0.02;

/** Layer sizes at a scale (at least one service per layer). */
export function layerSizes(scale: number): number[] {
  return LAYERS.map((l) => Math.max(1, Math.round(l.count * scale)));
}

/**
 * Generates a layered service model straight into columns, deterministically from `seed`: the
 * same options give the same model, byte for byte. Choices of a dependency are mostly local (a
 * window of the layer below around the service's proportional position, as teams and sites
 * cluster), and a share goes to popular services by a Zipf-like law, so a few hubs carry huge
 * upstream closures.
 */
export function generateModel(options: GenerateOptions): GeneratedModel {
  const seed = options.seed ?? 1;
  const prng = new Prng(seed);
  const sizes = layerSizes(options.scale);
  const starts = prefixSums(sizes);
  const n = starts[sizes.length] as number;
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) position[i] = i;
  if (options.shuffle ?? true) prng.shuffle(position);

  const degrees = new Uint8Array(n);
  let edgeCount = 0;
  for (let layer = 0; layer < sizes.length - 1; layer++) {
    const below = sizes[layer + 1] as number;
    for (let p = starts[layer] as number; p < (starts[layer + 1] as number); p++) {
      const d = Math.min(below, prng.between(2, 8));
      degrees[p] = d;
      edgeCount += d;
    }
  }
  const edgeFrom = new Int32Array(edgeCount);
  const edgeTo = new Int32Array(edgeCount);
  const popular = sizes.map((size) => prng.shuffle(new Int32Array(size).map((_, i) => i)));
  const zipf = options.zipfExponent ?? 1;
  let e = 0;
  for (let layer = 0; layer < sizes.length - 1; layer++) {
    const picker = new TargetPicker(
      sizes[layer] as number,
      sizes[layer + 1] as number,
      popular[layer + 1] as Int32Array,
      (LAYERS[layer] as LayerSpec).popularShare,
      zipf,
    );
    const lowerStart = starts[layer + 1] as number;
    for (let p = starts[layer] as number; p < (starts[layer + 1] as number); p++) {
      const local = p - (starts[layer] as number);
      const from = position[p] as number;
      const first = e;
      for (let k = 0; k < (degrees[p] as number); k++) {
        const to = position[
          lowerStart + picker.pick(prng, local, edgeTo, first, e, position, lowerStart)
        ] as number;
        edgeFrom[e] = from;
        edgeTo[e] = to;
        e++;
      }
      if ((p & 0xffff) === 0) options.onProgress?.(e / edgeCount);
    }
  }
  options.onProgress?.(1);
  return assemble({
    prng,
    sizes,
    starts,
    position,
    popular,
    edgeFrom,
    edgeTo,
    seed,
    scale: options.scale,
  });
}

function prefixSums(sizes: readonly number[]): number[] {
  const starts = [0];
  for (const size of sizes) starts.push((starts[starts.length - 1] as number) + size);
  return starts;
}

/** Chooses the supporters of one service in the layer below, never the same one twice. */
class TargetPicker {
  private readonly zipf: ZipfSampler | undefined;
  private readonly window: number;

  constructor(
    private readonly upper: number,
    private readonly lower: number,
    private readonly popular: Int32Array,
    private readonly popularShare: number,
    exponent: number,
  ) {
    this.zipf = popularShare > 0 ? new ZipfSampler(lower, exponent) : undefined;
    this.window = Math.max(16, Math.round((2 * lower) / upper));
  }

  /** A local position in the lower layer, not among edgeTo[first..end) (compared as service indices). */
  pick(
    prng: Prng,
    local: number,
    edgeTo: Int32Array,
    first: number,
    end: number,
    position: Int32Array,
    lowerStart: number,
  ): number {
    for (;;) {
      const candidate = this.candidate(prng, local);
      const index = position[lowerStart + candidate] as number;
      let taken = false;
      for (let i = first; i < end; i++) if (edgeTo[i] === index) taken = true;
      if (!taken) return candidate;
    }
  }

  private candidate(prng: Prng, local: number): number {
    if (this.zipf !== undefined && prng.next() < this.popularShare) {
      return this.popular[this.zipf.sample(prng)] as number;
    }
    const center = Math.floor(((local + 0.5) * this.lower) / this.upper);
    const offset = prng.between(-this.window, this.window);
    return (((center + offset) % this.lower) + this.lower) % this.lower;
  }
}

interface Parts {
  prng: Prng;
  sizes: number[];
  starts: number[];
  position: Int32Array;
  popular: Int32Array[];
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  seed: number;
  scale: number;
}

function assemble(parts: Parts): GeneratedModel {
  const { prng, sizes, starts, position } = parts;
  const n = position.length;
  const serviceIds: string[] = new Array(n);
  const serviceLayer = new Uint8Array(n);
  const serviceCost = new Float64Array(n);
  const serviceRules = new Map<number, NodeRule>();
  for (let layer = 0; layer < sizes.length; layer++) {
    const spec = LAYERS[layer] as LayerSpec;
    const rule = RULE_SHARE.find(([name]) => name === spec.name);
    for (let local = 0; local < (sizes[layer] as number); local++) {
      const index = position[(starts[layer] as number) + local] as number;
      serviceIds[index] = `${spec.prefix}-${local}`;
      serviceLayer[index] = layer;
      if (layer === 0) serviceCost[index] = 1000 + prng.below(99_000);
      else if (layer === 1 && prng.next() < 0.5) serviceCost[index] = 100 + prng.below(9_900);
      if (rule && prng.next() < rule[2]) serviceRules.set(index, rule[1]);
    }
  }
  const edgeImpacts = new Map<number, EdgeImpact>();
  for (let e = 0; e < parts.edgeFrom.length; e++) {
    if (prng.next() < SOFT_EDGE_SHARE) edgeImpacts.set(e, SOFT_IMPACT);
  }
  const hubs = parts.popular.map((order, layer) => {
    const count = Math.min(HUBS_PER_LAYER, order.length);
    const result = new Int32Array(count);
    for (let r = 0; r < count; r++)
      result[r] = position[(starts[layer] as number) + (order[r] as number)] as number;
    return result;
  });
  const parties = generateParties(prng, parts.scale, serviceLayer, sizes);
  const compact: CompactModel = {
    serviceIds,
    serviceProvider: parties.provider,
    serviceCost,
    serviceRules,
    edgeFrom: parts.edgeFrom,
    edgeTo: parts.edgeTo,
    edgeImpacts,
    edgeWeights: new Map(),
    partyIds: parties.ids,
    partyKinds: parties.kinds,
    subscriptionParty: parties.subscriptionParty,
    subscriptionService: parties.subscriptionService,
  };
  const layers = LAYERS.map((l, i) => ({
    name: l.name,
    label: l.label,
    count: sizes[i] as number,
  }));
  return { compact, layers, serviceLayer, hubs, seed: parts.seed, scale: parts.scale };
}

interface Parties {
  ids: string[];
  kinds: PartyKind[];
  provider: Int32Array;
  subscriptionParty: Int32Array;
  subscriptionService: Int32Array;
}

/**
 * Teams provide services (each service one team) and subscribe to a few IT services, as internal
 * customers; external customers subscribe to a few business services.
 */
function generateParties(
  prng: Prng,
  scale: number,
  serviceLayer: Uint8Array,
  sizes: readonly number[],
): Parties {
  const teams = Math.max(2, Math.round(2000 * scale));
  const externals = Math.max(2, Math.round(500 * scale));
  const ids: string[] = [];
  const kinds: PartyKind[] = [];
  for (let t = 0; t < teams; t++) {
    ids.push(`team-${t}`);
    kinds.push('team');
  }
  for (let c = 0; c < externals; c++) {
    ids.push(`customer-${c}`);
    kinds.push('external');
  }
  const provider = new Int32Array(serviceLayer.length);
  const byLayer: number[][] = sizes.map(() => []);
  for (let s = 0; s < serviceLayer.length; s++) {
    provider[s] = prng.below(teams);
    const layer = serviceLayer[s] as number;
    if (layer <= 1) (byLayer[layer] as number[]).push(s);
  }
  const party: number[] = [];
  const service: number[] = [];
  const subscribe = (p: number, pool: readonly number[], min: number, max: number) => {
    const chosen = new Set<number>();
    const count = Math.min(pool.length, prng.between(min, max));
    while (chosen.size < count) chosen.add(pool[prng.below(pool.length)] as number);
    for (const s of chosen) {
      party.push(p);
      service.push(s);
    }
  };
  for (let t = 0; t < teams; t++) subscribe(t, byLayer[1] as number[], 0, 3);
  for (let c = 0; c < externals; c++) subscribe(teams + c, byLayer[0] as number[], 1, 5);
  return {
    ids,
    kinds,
    provider,
    subscriptionParty: Int32Array.from(party),
    subscriptionService: Int32Array.from(service),
  };
}
