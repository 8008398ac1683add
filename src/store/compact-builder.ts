import type { CompactModel } from '../engine/compact-model.js';
import { PARTY_KINDS, type PartyKind } from '../model/entities.js';
import type { EdgeImpact } from '../model/impact.js';
import type { NodeRule } from '../model/rule.js';
import { IdIndex } from './id-index.js';
import { impactFromColumn, ruleFromColumn } from './mappers.js';

/** How many rows of each kind are coming, so the columns are allocated once. */
export interface CompactCounts {
  parties: number;
  services: number;
  edges: number;
  subscriptions: number;
}

/**
 * Fills a CompactModel from raw column values, row by row, with no object per row (rules and
 * impacts are shared, frozen objects: one per distinct stored text). Feed parties,
 * then services, then edges and subscriptions, each in the order they are to be numbered (the
 * store reads them sorted by id). Any implementation of the store can drive it from a cursor.
 */
export class CompactModelBuilder {
  private readonly partyIds: string[] = [];
  private readonly partyKinds: PartyKind[] = [];
  private readonly partyIndex: IdIndex;
  private readonly serviceIds: string[] = [];
  private readonly serviceIndex: IdIndex;
  private readonly serviceProvider: Int32Array;
  private readonly serviceCost: Float64Array;
  private readonly serviceRules = new Map<number, NodeRule>();
  private readonly edgeFrom: Int32Array;
  private readonly edgeTo: Int32Array;
  private readonly edgeImpacts = new Map<number, EdgeImpact>();
  private readonly edgeWeights = new Map<number, number>();
  private readonly subscriptionParty: Int32Array;
  // Few distinct rules and impacts repeat many times: each text is parsed once and shared.
  private readonly parsedRules = new Map<string, NodeRule>();
  private readonly parsedImpacts = new Map<string, EdgeImpact>();
  private readonly subscriptionService: Int32Array;
  private edges = 0;
  private subscriptions = 0;
  // Edges arrive sorted by consumer: remembering the last one saves half the lookups.
  private lastFrom = '';
  private lastFromIndex = -1;

  constructor(private readonly counts: CompactCounts) {
    this.partyIndex = new IdIndex(counts.parties);
    this.serviceIndex = new IdIndex(counts.services);
    this.serviceProvider = new Int32Array(counts.services);
    this.serviceCost = new Float64Array(counts.services);
    this.edgeFrom = new Int32Array(counts.edges);
    this.edgeTo = new Int32Array(counts.edges);
    this.subscriptionParty = new Int32Array(counts.subscriptions);
    this.subscriptionService = new Int32Array(counts.subscriptions);
  }

  party(id: string, kind: string): void {
    if (!(PARTY_KINDS as readonly string[]).includes(kind))
      throw new Error(`stored party '${id}' has the unknown kind '${kind}'`);
    if (this.partyIndex.add(id) !== this.partyIds.length) throw new Error(`party '${id}' twice`);
    this.partyIds.push(id);
    this.partyKinds.push(kind as PartyKind);
  }

  service(id: string, provider: string | null, cost: number | null, rule: string | null): void {
    const index = this.serviceIds.length;
    if (index >= this.counts.services) throw new Error('more services than counted');
    if (this.serviceIndex.add(id) !== index) throw new Error(`service '${id}' twice`);
    this.serviceIds.push(id);
    this.serviceProvider[index] = provider === null ? -1 : this.lookup(this.partyIndex, provider);
    this.serviceCost[index] = cost ?? 0;
    if (rule !== null) {
      const parsed = memo(this.parsedRules, rule, ruleFromColumn);
      if (parsed.kind !== 'worst') this.serviceRules.set(index, parsed);
    }
  }

  edge(from: string, to: string, impact: string | null, weight: number): void {
    const e = this.edges++;
    if (e >= this.counts.edges) throw new Error('more dependencies than counted');
    if (from !== this.lastFrom || this.lastFromIndex < 0) {
      this.lastFrom = from;
      this.lastFromIndex = this.lookup(this.serviceIndex, from);
    }
    this.edgeFrom[e] = this.lastFromIndex;
    this.edgeTo[e] = this.lookup(this.serviceIndex, to);
    if (impact !== null) {
      const parsed = memo(this.parsedImpacts, impact, impactFromColumn);
      if (parsed.kind !== 'as-is') this.edgeImpacts.set(e, parsed);
    }
    if (weight !== 1) this.edgeWeights.set(e, weight);
  }

  subscription(party: string, service: string): void {
    const s = this.subscriptions++;
    if (s >= this.counts.subscriptions) throw new Error('more subscriptions than counted');
    this.subscriptionParty[s] = this.lookup(this.partyIndex, party);
    this.subscriptionService[s] = this.lookup(this.serviceIndex, service);
  }

  /** The finished model; throws when fewer rows came than were counted. */
  build(): CompactModel {
    const { counts } = this;
    if (
      this.partyIds.length !== counts.parties ||
      this.serviceIds.length !== counts.services ||
      this.edges !== counts.edges ||
      this.subscriptions !== counts.subscriptions
    ) {
      throw new Error('the model changed while it was read');
    }
    return {
      serviceIds: this.serviceIds,
      serviceProvider: this.serviceProvider,
      serviceCost: this.serviceCost,
      serviceRules: this.serviceRules,
      edgeFrom: this.edgeFrom,
      edgeTo: this.edgeTo,
      edgeImpacts: this.edgeImpacts,
      edgeWeights: this.edgeWeights,
      partyIds: this.partyIds,
      partyKinds: this.partyKinds,
      subscriptionParty: this.subscriptionParty,
      subscriptionService: this.subscriptionService,
    };
  }

  private lookup(index: IdIndex, id: string): number {
    const found = index.get(id);
    if (found < 0) throw new Error(`stored reference to the missing '${id}'`);
    return found;
  }
}

function memo<T extends object>(
  cache: Map<string, T>,
  text: string,
  parse: (text: string) => T,
): T {
  let value = cache.get(text);
  if (value === undefined) {
    value = Object.freeze(parse(text));
    cache.set(text, value);
  }
  return value;
}
