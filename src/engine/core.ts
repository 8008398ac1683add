import { NotFoundError } from '../model/errors.js';
import { levelAt } from '../model/levels.js';
import type { CompactModel } from './compact-model.js';
import { buildGraph, type Graph } from './graph.js';
import { IdIndex } from './id-index.js';
import {
  applyInput,
  causeOf,
  emptyRecord,
  type InputRecord,
  isEmptyRecord,
  ownByte,
  resolveInputs,
} from './inputs.js';
import { Evaluator, type Network, recomputeAll } from './kernel.js';
import { Propagator } from './propagate.js';
import { type CompiledRule, compileRule } from './rules.js';
import { GENERIC_BIT, LEVEL_MASK, MODEL_BITS, RULE_BIT, stateOfByte } from './state-bits.js';
import type { EngineInput, ServiceStatus, Transition } from './types.js';

/**
 * What a propagation on the overlay changed, readable only inside the callback given to
 * `Core.overlay`: `changed[0 .. count)` are the internal numbers whose level changed, in
 * dependency order (a service after every dependency of it that changed), with their state
 * bytes before (`prior[i]`) and after (`state[changed[i]]`).
 */
export interface OverlayView {
  count: number;
  changed: Int32Array;
  prior: Uint8Array;
  state: Uint8Array;
  /** Hops from the starting services (`hops[i]` for `changed[i]`), when asked for. */
  hops: Int32Array | null;
}

/**
 * One model's worth of engine: the graph, the inputs and the state in typed arrays. What-if and
 * impact propagate on the live arrays and put back everything they changed before returning
 * (the engine is synchronous), so they cost no copy of the state.
 */
export class Core {
  readonly graph: Graph;
  readonly net: Network;
  readonly ids: IdIndex;
  /** Own bytes (level, window, acknowledged, and the MODEL_BITS), by internal number. */
  readonly own: Uint8Array;
  /** State bytes (level, maintenance, acknowledged), by internal number. */
  readonly state: Uint8Array;
  /** When each level last changed (ms), NaN for never. */
  readonly since: Float64Array;
  readonly records = new Map<number, InputRecord>();
  private readonly evaluator: Evaluator;
  private readonly propagator: Propagator;

  constructor(readonly compact: CompactModel) {
    this.ids = new IdIndex(compact.serviceIds);
    this.graph = buildGraph(compact);
    const size = this.graph.size;
    this.own = new Uint8Array(size);
    this.state = new Uint8Array(size);
    this.since = new Float64Array(size).fill(Number.NaN);
    const rules = new Map<number, CompiledRule>();
    for (const [external, rule] of compact.serviceRules) {
      if (rule.kind === 'worst') continue;
      const v = this.graph.toInternal[external] as number;
      rules.set(v, compileRule(rule));
      this.own[v] = GENERIC_BIT | RULE_BIT;
    }
    const { slotTransform, downStart } = this.graph;
    if (slotTransform) {
      for (let v = 0; v < size; v++) {
        const end = downStart[v + 1] as number;
        for (let slot = downStart[v] as number; slot < end; slot++)
          if (slotTransform[slot] !== 0) this.own[v] |= GENERIC_BIT;
      }
    }
    this.net = { graph: this.graph, rules, table: this.graph.transforms.table() };
    this.evaluator = new Evaluator(this.net);
    this.propagator = new Propagator(this.graph, this.evaluator, this.own);
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
    return recomputeAll(this.evaluator, this.graph.size, this.own, this.state);
  }

  /** Gives a service its inputs wholesale (when a model is replaced); call `recompute` after. */
  setRecord(v: number, record: InputRecord): void {
    this.records.set(v, record);
    this.own[v] = ownByte(record) | ((this.own[v] as number) & MODEL_BITS);
  }

  /** Applies a batch to the live state and returns how many services changed (see Engine.apply). */
  replay(inputs: readonly EngineInput[], at: number): number {
    const count = this.propagateInputs(inputs, at, null);
    this.propagator.clearChanged();
    return count;
  }

  /** Applies a batch to the live state and describes the changes (see Engine.apply). */
  apply(inputs: readonly EngineInput[], at: number): Transition[] {
    const causes = new Map<number, number>();
    const count = this.propagateInputs(inputs, at, causes);
    try {
      return this.transitions(count, at, inputs, causes);
    } finally {
      this.propagator.clearChanged();
    }
  }

  /** Records the inputs and propagates; `causes` gets, per service marked, its last input. */
  private propagateInputs(
    inputs: readonly EngineInput[],
    at: number,
    causes: Map<number, number> | null,
  ): number {
    const positions = resolveInputs(inputs, this.ids);
    const { toInternal } = this.graph;
    for (let i = 0; i < inputs.length; i++) {
      const v = toInternal[positions[i] as number] as number;
      positions[i] = v;
      let record = this.records.get(v);
      if (!record) {
        record = emptyRecord();
        this.records.set(v, record);
      }
      applyInput(record, inputs[i] as EngineInput);
    }
    if (inputs.length === 1) this.settle(positions[0] as number, 0, causes);
    else {
      const last = new Map<number, number>();
      for (let i = 0; i < positions.length; i++) last.set(positions[i] as number, i);
      for (const [v, i] of last) this.settle(v, i, causes);
    }
    const count = this.propagator.run(this.own, this.state);
    const { changed, prior } = this.propagator;
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      if ((((this.state[v] as number) ^ (prior[i] as number)) & LEVEL_MASK) !== 0)
        this.since[v] = at;
    }
    return count;
  }

  /** Takes a service's new own byte, marking it when that changed. */
  private settle(v: number, i: number, causes: Map<number, number> | null): void {
    const record = this.records.get(v) as InputRecord;
    if (isEmptyRecord(record)) this.records.delete(v);
    const before = this.own[v] as number;
    const byte = ownByte(record) | (before & MODEL_BITS);
    if (byte === before) return;
    this.own[v] = byte;
    this.propagator.mark(v);
    causes?.set(v, i);
  }

  /**
   * The transitions of the run that changed `count` services. The cause of a service marked by
   * an input is that input; of any other, its first dependency (in model order) that changed.
   */
  private transitions(
    count: number,
    at: number,
    inputs: readonly EngineInput[],
    causes: ReadonlyMap<number, number>,
  ): Transition[] {
    const { changed, prior } = this.propagator;
    const result: Transition[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      const input = causes.get(v);
      result[i] = {
        service: this.idOf(v),
        from: stateOfByte(prior[i] as number),
        to: stateOfByte(this.state[v] as number),
        at,
        cause:
          input === undefined
            ? `dependency:${this.idOf(this.changedDependency(v))}`
            : causeOf(inputs[input] as EngineInput),
      };
    }
    return result;
  }

  private changedDependency(v: number): number {
    const { downStart, downTo } = this.graph;
    const end = downStart[v + 1] as number;
    for (let slot = downStart[v] as number; slot < end; slot++) {
      const u = downTo[slot] as number;
      if (this.propagator.isChanged(u)) return u;
    }
    throw new Error(`service ${this.idOf(v)} changed with no input and no dependency changed`);
  }

  /**
   * Propagates hypothetical own bytes (levels only), lets `collect` read the result, then puts
   * every byte back as it was. With `hops`, the services given are hop 0 and each changed
   * service gets its shortest hop count along changed services.
   */
  overlay<T>(
    ownBytes: readonly (readonly [number, number])[],
    hops: boolean,
    collect: (view: OverlayView) => T,
  ): T {
    const propagator = this.propagator;
    const saved = ownBytes.map(([v]) => this.own[v] as number);
    propagator.levelsOnly = true;
    if (hops) propagator.startHops(ownBytes.map(([v]) => v));
    for (const [v, byte] of ownBytes) {
      const next = (byte & ~MODEL_BITS) | ((this.own[v] as number) & MODEL_BITS);
      if (next === this.own[v]) continue;
      this.own[v] = next;
      propagator.mark(v);
    }
    let count = 0;
    try {
      count = propagator.run(this.own, this.state);
      return collect({
        count,
        changed: propagator.changed,
        prior: propagator.prior,
        state: this.state,
        hops: hops ? propagator.changedHops : null,
      });
    } finally {
      propagator.levelsOnly = false;
      const { changed, prior } = propagator;
      for (let i = 0; i < count; i++) {
        const v = changed[i] as number;
        this.state[v] = prior[i] as number;
      }
      propagator.clearChanged();
      if (hops) propagator.endHops();
      for (let i = ownBytes.length - 1; i >= 0; i--) {
        this.own[(ownBytes[i] as readonly [number, number])[0]] = saved[i] as number;
      }
    }
  }

  statusOf(v: number): ServiceStatus {
    const state = stateOfByte(this.state[v] as number);
    const since = this.since[v] as number;
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
