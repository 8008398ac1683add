import type { Graph } from './graph.js';
import { COMPILED_WORST, type CompiledRule, evaluateRule } from './rules.js';
import {
  ACKNOWLEDGED_BIT,
  GENERIC_BIT,
  LEVEL_MASK,
  MAINTENANCE_BIT,
  RULE_BIT,
} from './state-bits.js';
import { IGNORE_SLOT, MAJOR, OPERATIONAL, TABLE_WIDTH } from './transforms.js';

/** ACKNOWLEDGED_BIT is 1 << ACKNOWLEDGED_SHIFT. */
const ACKNOWLEDGED_SHIFT = 4;

/** The graph with what the engine needs to evaluate it (the own bytes' MODEL_BITS say who needs what). */
export interface Network {
  graph: Graph;
  /** Rules that are not `worst`, by internal number. */
  rules: Map<number, CompiledRule>;
  /** The transform tables (see TransformSet). */
  table: Uint8Array;
}

/**
 * Computes a service's state byte from its own byte and its dependencies' state bytes:
 * level = worst(own level, rule over the transformed contributions); maintenance = own window,
 * or the rule gives a worse level with the dependencies in maintenance taken as major_outage
 * (the others as operational) than with all of them operational; acknowledged = acknowledged
 * itself, or non-operational with an operational own level and the rule giving operational once
 * the contributions of acknowledged dependencies are taken as operational (the unacknowledged
 * trouble would not matter). Under `worst` that is every non-operational contribution coming
 * from an acknowledged dependency, which the one-pass paths check.
 */
export class Evaluator {
  private readonly ranks: Uint8Array;
  private readonly rows: Int32Array;
  private readonly inMaintenance: Uint8Array;
  private readonly weights: Float64Array;
  private readonly hypothesis: Uint8Array;
  private readonly baseline: Uint8Array;
  /** 1 where a gathered contribution is trouble from an acknowledged dependency. */
  private readonly fromAcknowledged: Uint8Array;

  constructor(private readonly net: Network) {
    const room = Math.max(1, net.graph.maxDegree);
    this.ranks = new Uint8Array(room);
    this.rows = new Int32Array(room);
    this.inMaintenance = new Uint8Array(room);
    this.weights = new Float64Array(room).fill(1);
    this.hypothesis = new Uint8Array(room);
    this.baseline = new Uint8Array(room);
    this.fromAcknowledged = new Uint8Array(room);
  }

  evaluate(v: number, own: Uint8Array, state: Uint8Array): number {
    const mine = own[v] as number;
    if ((mine & GENERIC_BIT) !== 0) {
      return (mine & RULE_BIT) !== 0
        ? this.evaluateGeneric(v, mine, state)
        : this.evaluateTransformedWorst(v, mine, state);
    }
    const { downStart, downTo } = this.net.graph;
    let level = mine & LEVEL_MASK;
    let flags = 0;
    // Bit 0: some dependency is not operational and not acknowledged. Gathered in the same pass,
    // without a branch, as a second pass for services in trouble from below cost more.
    let unacknowledged = 0;
    const end = downStart[v + 1] as number;
    for (let slot = downStart[v] as number; slot < end; slot++) {
      const s = state[downTo[slot] as number] as number;
      if ((s & LEVEL_MASK) > level) level = s & LEVEL_MASK;
      flags |= s;
      unacknowledged |= (((s & LEVEL_MASK) + LEVEL_MASK) >>> 3) & ~(s >>> ACKNOWLEDGED_SHIFT);
    }
    return combine(mine, level, (mine | flags) & MAINTENANCE_BIT, unacknowledged & 1);
  }

  /**
   * `worst` over edges with impacts, in one pass: an ignored edge's table row is all zeros, so it
   * adds nothing; maintenance compares the worst with the dependencies in maintenance taken as
   * major_outage against the worst with all of them operational.
   */
  private evaluateTransformedWorst(v: number, mine: number, state: Uint8Array): number {
    const { downStart, downTo, slotTransform } = this.net.graph;
    const { table } = this.net;
    let level = mine & LEVEL_MASK;
    let baseline = OPERATIONAL;
    let hypothesis = OPERATIONAL;
    let unacknowledged = 0;
    const end = downStart[v + 1] as number;
    for (let slot = downStart[v] as number; slot < end; slot++) {
      const row = slotTransform ? (slotTransform[slot] as number) * TABLE_WIDTH : 0;
      const s = state[downTo[slot] as number] as number;
      const contribution = table[row + (s & LEVEL_MASK)] as number;
      if (contribution > level) level = contribution;
      const healthy = table[row] as number;
      if (healthy > baseline) baseline = healthy;
      const planned = (s & MAINTENANCE_BIT) !== 0 ? (table[row + MAJOR] as number) : healthy;
      if (planned > hypothesis) hypothesis = planned;
      if (contribution !== OPERATIONAL && (s & ACKNOWLEDGED_BIT) === 0) unacknowledged = 1;
    }
    const maintenance = (mine & MAINTENANCE_BIT) | (hypothesis > baseline ? MAINTENANCE_BIT : 0);
    return combine(mine, level, maintenance, unacknowledged);
  }

  private evaluateGeneric(v: number, mine: number, state: Uint8Array): number {
    const { downStart, downTo, slotTransform, slotWeight } = this.net.graph;
    const { table } = this.net;
    const rule = this.net.rules.get(v) ?? COMPILED_WORST;
    const { ranks, rows, inMaintenance, weights, fromAcknowledged } = this;
    let count = 0;
    let anyMaintenance = 0;
    let anyAcknowledged = 0;
    const end = downStart[v + 1] as number;
    for (let slot = downStart[v] as number; slot < end; slot++) {
      const row = slotTransform ? (slotTransform[slot] as number) * TABLE_WIDTH : 0;
      if (table[row + IGNORE_SLOT] !== 0) continue;
      const s = state[downTo[slot] as number] as number;
      const contribution = table[row + (s & LEVEL_MASK)] as number;
      ranks[count] = contribution;
      rows[count] = row;
      inMaintenance[count] = s & MAINTENANCE_BIT;
      anyMaintenance |= s & MAINTENANCE_BIT;
      if (slotWeight) weights[count] = slotWeight[slot] as number;
      const troubleAcknowledged =
        contribution !== OPERATIONAL && (s & ACKNOWLEDGED_BIT) !== 0 ? 1 : 0;
      fromAcknowledged[count] = troubleAcknowledged;
      anyAcknowledged |= troubleAcknowledged;
      count++;
    }
    const level = Math.max(mine & LEVEL_MASK, evaluateRule(rule, ranks, weights, count));
    let maintenance = mine & MAINTENANCE_BIT;
    if (maintenance === 0 && anyMaintenance !== 0 && this.maintenanceMatters(rule, count))
      maintenance = MAINTENANCE_BIT;
    // Unacknowledged trouble a redundant or counting rule would absorb does not matter; without
    // acknowledged trouble the rule gives what it gave, so there is nothing to ask. A rule that
    // gives trouble from operational contributions (a threshold of 0) is trouble of its own.
    const unacknowledged =
      anyAcknowledged !== 0 &&
      level !== OPERATIONAL &&
      (mine & (LEVEL_MASK | ACKNOWLEDGED_BIT)) === OPERATIONAL &&
      !this.unacknowledgedMatters(rule, count)
        ? 0
        : 1;
    return combine(mine, level, maintenance, unacknowledged);
  }

  /**
   * The "would it matter" test for acknowledgement on the contributions gathered by
   * evaluateGeneric: whether the rule still gives trouble once acknowledged trouble is taken
   * as operational.
   */
  private unacknowledgedMatters(rule: CompiledRule, count: number): boolean {
    const { ranks, fromAcknowledged, hypothesis, weights } = this;
    for (let i = 0; i < count; i++)
      hypothesis[i] = fromAcknowledged[i] !== 0 ? OPERATIONAL : (ranks[i] as number);
    return evaluateRule(rule, hypothesis, weights, count) !== OPERATIONAL;
  }

  /** The "would it matter" test on the contributions gathered by evaluateGeneric. */
  private maintenanceMatters(rule: CompiledRule, count: number): boolean {
    const { table } = this.net;
    const { rows, inMaintenance, hypothesis, baseline, weights } = this;
    for (let i = 0; i < count; i++) {
      const row = rows[i] as number;
      baseline[i] = table[row + OPERATIONAL] as number;
      hypothesis[i] =
        inMaintenance[i] !== 0 ? (table[row + MAJOR] as number) : (baseline[i] as number);
    }
    return (
      evaluateRule(rule, hypothesis, weights, count) > evaluateRule(rule, baseline, weights, count)
    );
  }
}

function combine(mine: number, level: number, maintenance: number, unacknowledged: number): number {
  const derived =
    level !== OPERATIONAL && (mine & LEVEL_MASK) === OPERATIONAL && unacknowledged === 0;
  const acknowledged = (mine & ACKNOWLEDGED_BIT) !== 0 || derived ? ACKNOWLEDGED_BIT : 0;
  return level | maintenance | acknowledged;
}

/** Evaluates every service in topological order; returns how many state bytes changed. */
export function recomputeAll(
  evaluator: Evaluator,
  size: number,
  own: Uint8Array,
  state: Uint8Array,
): number {
  let changed = 0;
  for (let v = 0; v < size; v++) {
    const next = evaluator.evaluate(v, own, state);
    if (next !== state[v]) {
      state[v] = next;
      changed++;
    }
  }
  return changed;
}
