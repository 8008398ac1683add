import { NotFoundError } from '../model/errors.js';
import { levelAt } from '../model/levels.js';
import type { CompactModel } from './compact-model.js';
import { buildGraph, type Graph } from './graph.js';
import { IdIndex } from './id-index.js';
import {
  applyInput,
  causeOf,
  type InputRecord,
  isEmptyRecord,
  ownByte,
  resolveInputs,
} from './inputs.js';
import { Evaluator, type Network, recomputeAll } from './kernel.js';
import { Propagator } from './propagate.js';
import { compileRule } from './rules.js';
import { LEVEL_MASK, stateOfByte } from './state-bits.js';
import type { EngineInput, ServiceStatus, Transition } from './types.js';

/**
 * What a propagation on the overlay changed, readable only inside the callback given to
 * `Core.overlay`: `changed[0 .. count)` are the internal numbers whose level changed, in
 * dependency order (a service after every dependency that changed), with their state bytes before (`prior[v]`) and after (`state[v]`).
 */
export interface OverlayView {
  count: number;
  changed: Int32Array;
  prior: Uint8Array;
  state: Uint8Array;
  /** Hops from the starting services (`hops[v]`), when asked for. */
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
  private lastInputs: readonly EngineInput[] = [];

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
    this.propagator = new Propagator(this.graph, this.evaluator, generic);
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

  /**
   * Applies a batch to the live state (see Engine.apply) and returns how many services changed;
   * `transitions` then describes them, until the next call.
   */
  apply(inputs: readonly EngineInput[], at: number): number {
    const positions = resolveInputs(inputs, (id) => this.ids.get(id));
    const { toInternal } = this.graph;
    for (let i = 0; i < inputs.length; i++) {
      const v = toInternal[positions[i] as number] as number;
      positions[i] = v;
      applyInput(this.records.get(v) ?? this.newRecord(v), inputs[i] as EngineInput);
    }
    this.lastInputs = inputs;
    if (inputs.length === 1) this.settle(positions[0] as number, 0);
    else {
      const last = new Map<number, number>();
      for (let i = 0; i < positions.length; i++) last.set(positions[i] as number, i);
      for (const [v, i] of last) this.settle(v, i);
    }
    const count = this.propagator.run(this.own, this.state);
    const { changed, prior } = this.propagator;
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      const after = this.state[v] as number;
      this.overlayState[v] = after;
      if (((after ^ (prior[v] as number)) & LEVEL_MASK) !== 0) this.since[v] = at;
    }
    return count;
  }

  /** Takes a service's new own byte, marking it when that changed (cause: input `i` of the batch). */
  private settle(v: number, i: number): void {
    const record = this.records.get(v) as InputRecord;
    if (isEmptyRecord(record)) this.records.delete(v);
    const byte = ownByte(record);
    if (byte === this.own[v]) return;
    this.own[v] = byte;
    this.overlayOwn[v] = byte;
    this.propagator.mark(v, -1 - i);
  }

  private newRecord(v: number): InputRecord {
    const record: InputRecord = { signals: new Map(), windows: new Set(), acknowledged: false };
    this.records.set(v, record);
    return record;
  }

  /** The transitions of the last `apply`, which changed `count` services, in dependency order. */
  transitions(count: number, at: number): Transition[] {
    const { changed, prior, cause } = this.propagator;
    const result: Transition[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      const c = cause[v] as number;
      result[i] = {
        service: this.idOf(v),
        from: stateOfByte(prior[v] as number),
        to: stateOfByte(this.state[v] as number),
        at,
        cause:
          c < 0 ? causeOf(this.lastInputs[-1 - c] as EngineInput) : `dependency:${this.idOf(c)}`,
      };
    }
    return result;
  }

  /**
   * Propagates hypothetical own bytes on the overlay (levels only), lets `collect` read the
   * result, then puts the overlay back as it was. With `hops`, the services given are hop 0 and
   * each changed service gets its shortest hop count along changed services.
   */
  overlay<T>(
    ownBytes: readonly (readonly [number, number])[],
    hops: boolean,
    collect: (view: OverlayView) => T,
  ): T {
    const propagator = this.propagator;
    const hopArray = hops ? this.hops() : null;
    propagator.hops = hopArray;
    propagator.levelsOnly = true;
    propagator.touchedCount = 0;
    for (const [v, byte] of ownBytes) {
      if (hopArray) hopArray[v] = 0;
      if (byte === this.overlayOwn[v]) continue;
      this.overlayOwn[v] = byte;
      propagator.mark(v, -1);
    }
    const count = propagator.run(this.overlayOwn, this.overlayState);
    propagator.hops = null;
    propagator.levelsOnly = false;
    try {
      return collect({
        count,
        changed: propagator.changed,
        prior: propagator.prior,
        state: this.overlayState,
        hops: hopArray,
      });
    } finally {
      const { changed } = propagator;
      for (let i = 0; i < count; i++) {
        const v = changed[i] as number;
        this.overlayState[v] = this.state[v] as number;
      }
      for (const [v] of ownBytes) this.overlayOwn[v] = this.own[v] as number;
      if (hopArray) this.resetHops(hopArray, ownBytes);
    }
  }

  private hops(): Int32Array {
    this.hopScratch ??= new Int32Array(this.graph.size).fill(-1);
    return this.hopScratch;
  }

  /** Hops were written on the starting services and on the services marked. */
  private resetHops(hops: Int32Array, starts: readonly (readonly [number, number])[]): void {
    for (const [v] of starts) hops[v] = -1;
    const { touched, touchedCount } = this.propagator;
    for (let i = 0; i < touchedCount; i++) hops[touched[i] as number] = -1;
  }

  statusOf(v: number): ServiceStatus {
    const s = this.state[v] as number;
    const since = this.since[v] as number;
    const state = stateOfByte(s);
    const status: ServiceStatus = {
      service: this.idOf(v),
      level: state.level,
      maintenance: state.maintenance,
      acknowledged: state.acknowledged,
      own: levelAt((this.own[v] as number) & LEVEL_MASK),
    };
    if (!Number.isNaN(since)) status.since = since;
    return status;
  }
}
