import { NotFoundError } from '../model/errors.js';
import { levelAt } from '../model/levels.js';
import type { CompactModel } from './compact-model.js';
import { buildGraph, type Graph } from './graph.js';
import { IdIndex } from './id-index.js';
import { applyInput, checkInputs, type InputRecord, isEmptyRecord, ownByte } from './inputs.js';
import { Evaluator, type Network, recomputeAll } from './kernel.js';
import { Propagator } from './propagate.js';
import { compileRule } from './rules.js';
import { LEVEL_MASK, stateOfByte } from './state-bits.js';
import type { EngineInput, ServiceStatus, Transition } from './types.js';

/** The result of a propagation on the overlay: changed services in increasing internal order. */
export interface OverlayResult {
  /** Internal numbers of the services whose level changed. */
  services: Int32Array;
  from: Uint8Array;
  to: Uint8Array;
  /** Hops from the starting services, when asked for. */
  hops: Int32Array | null;
}

/**
 * One model's worth of engine: the graph, the inputs and the state in typed arrays. The live
 * state is `own` and `state`; `overlayOwn` and `overlayState` are equal to them at rest, and
 * what-if and impact propagate on them, then put back what they changed.
 */
export class Core {
  readonly graph: Graph;
  readonly net: Network;
  readonly ids: IdIndex;
  readonly own: Uint8Array;
  readonly state: Uint8Array;
  readonly since: Float64Array;
  readonly records = new Map<number, InputRecord>();
  private readonly overlayOwn: Uint8Array;
  private readonly overlayState: Uint8Array;
  private readonly evaluator: Evaluator;
  private readonly propagator: Propagator;
  private hopScratch: Int32Array | null = null;

  constructor(readonly compact: CompactModel) {
    this.ids = new IdIndex(compact.serviceIds);
    this.graph = buildGraph(compact);
    const size = this.graph.size;
    const generic = new Uint8Array(size);
    const rules = new Map<number, ReturnType<typeof compileRule>>();
    for (const [external, rule] of compact.serviceRules) {
      if (rule.kind === 'worst') continue;
      const v = this.graph.toInternal[external] as number;
      rules.set(v, compileRule(rule));
      generic[v] = 1;
    }
    const { slotTransform, downStart } = this.graph;
    if (slotTransform) {
      for (let v = 0; v < size; v++) {
        const end = downStart[v + 1] as number;
        for (let slot = downStart[v] as number; slot < end; slot++)
          if (slotTransform[slot] !== 0) generic[v] = 1;
      }
    }
    this.net = { graph: this.graph, generic, rules, table: this.graph.transforms.table() };
    this.own = new Uint8Array(size);
    this.state = new Uint8Array(size);
    this.overlayOwn = new Uint8Array(size);
    this.overlayState = new Uint8Array(size);
    this.since = new Float64Array(size).fill(Number.NaN);
    this.evaluator = new Evaluator(this.net);
    this.propagator = new Propagator(this.graph, this.evaluator);
    this.recompute();
  }

  /** Internal number of a service id; throws NotFoundError. */
  internal(service: string): number {
    const external = this.ids.get(service);
    if (external < 0) throw new NotFoundError(`no service '${service}'`);
    return this.graph.toInternal[external] as number;
  }

  idOf(v: number): string {
    return this.compact.serviceIds[this.graph.toExternal[v] as number] as string;
  }

  /** Re-evaluates every service from scratch; returns how many states that changed. */
  recompute(): number {
    const changed = recomputeAll(this.evaluator, this.graph.size, this.own, this.state);
    this.overlayOwn.set(this.own);
    this.overlayState.set(this.state);
    return changed;
  }

  /** Applies a batch to the live state; see Engine.apply. */
  apply(inputs: readonly EngineInput[], at: number): Transition[] {
    checkInputs(inputs, (id) => this.ids.get(id) >= 0);
    const causes: string[] = [];
    const touched = new Map<number, number>();
    for (const input of inputs) {
      const v = this.internal(input.service);
      const record = this.records.get(v) ?? this.newRecord(v);
      causes.push(applyInput(record, input));
      touched.set(v, causes.length - 1);
    }
    for (const [v, cause] of touched) {
      const record = this.records.get(v) as InputRecord;
      if (isEmptyRecord(record)) this.records.delete(v);
      const byte = ownByte(record);
      if (byte === this.own[v]) continue;
      this.own[v] = byte;
      this.overlayOwn[v] = byte;
      this.propagator.mark(v, -1 - cause);
    }
    const count = this.propagator.run(this.own, this.state);
    return this.transitions(count, causes, at);
  }

  private newRecord(v: number): InputRecord {
    const record: InputRecord = { signals: new Map(), windows: new Set(), acknowledged: false };
    this.records.set(v, record);
    return record;
  }

  private transitions(count: number, causes: string[], at: number): Transition[] {
    const { changed, prior, cause } = this.propagator;
    const result: Transition[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      const after = this.state[v] as number;
      const before = prior[v] as number;
      this.overlayState[v] = after;
      if (((after ^ before) & LEVEL_MASK) !== 0) this.since[v] = at;
      const c = cause[v] as number;
      result[i] = {
        service: this.idOf(v),
        from: stateOfByte(before),
        to: stateOfByte(after),
        at,
        cause: c < 0 ? (causes[-1 - c] as string) : `dependency:${this.idOf(c)}`,
      };
    }
    return result;
  }

  /**
   * Propagates hypothetical own bytes on the overlay and puts the overlay back. With `hops`,
   * the services given are hop 0 and each changed service gets its shortest hop count along
   * changed services.
   */
  overlay(ownBytes: ReadonlyMap<number, number>, hops: boolean): OverlayResult {
    const propagator = this.propagator;
    const hopArray = hops ? this.hops() : null;
    propagator.hops = hopArray;
    for (const [v, byte] of ownBytes) {
      if (hopArray) hopArray[v] = 0;
      if (byte === this.overlayOwn[v]) continue;
      this.overlayOwn[v] = byte;
      propagator.mark(v, -1);
    }
    const count = propagator.run(this.overlayOwn, this.overlayState);
    propagator.hops = null;
    let levelChanges = 0;
    for (let i = 0; i < count; i++) {
      const v = propagator.changed[i] as number;
      if (((propagator.prior[v] as number) ^ (this.overlayState[v] as number)) & LEVEL_MASK)
        levelChanges++;
    }
    const result: OverlayResult = {
      services: new Int32Array(levelChanges),
      from: new Uint8Array(levelChanges),
      to: new Uint8Array(levelChanges),
      hops: hopArray ? new Int32Array(levelChanges) : null,
    };
    let k = 0;
    for (let i = 0; i < count; i++) {
      const v = propagator.changed[i] as number;
      const before = (propagator.prior[v] as number) & LEVEL_MASK;
      const after = (this.overlayState[v] as number) & LEVEL_MASK;
      if (before !== after) {
        result.services[k] = v;
        result.from[k] = before;
        result.to[k] = after;
        if (hopArray && result.hops) result.hops[k] = hopArray[v] as number;
        k++;
      }
      this.overlayState[v] = this.state[v] as number;
    }
    for (const v of ownBytes.keys()) this.overlayOwn[v] = this.own[v] as number;
    if (hopArray) this.resetHops(hopArray, ownBytes, count);
    return result;
  }

  private hops(): Int32Array {
    this.hopScratch ??= new Int32Array(this.graph.size).fill(-1);
    return this.hopScratch;
  }

  /** Hops were written on the starting services, the changed ones and their consumers. */
  private resetHops(hops: Int32Array, starts: ReadonlyMap<number, number>, count: number): void {
    const { upStart, upFrom } = this.graph;
    const { changed } = this.propagator;
    for (const v of starts.keys()) hops[v] = -1;
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      hops[v] = -1;
      const end = upStart[v + 1] as number;
      for (let j = upStart[v] as number; j < end; j++) hops[upFrom[j] as number] = -1;
    }
  }

  statusOf(v: number): ServiceStatus {
    const s = this.state[v] as number;
    const since = this.since[v] as number;
    const status: ServiceStatus = {
      service: this.idOf(v),
      ...stateOfByte(s),
      own: levelAt((this.own[v] as number) & LEVEL_MASK),
    };
    if (!Number.isNaN(since)) status.since = since;
    return status;
  }
}
