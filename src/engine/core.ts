import { NotFoundError } from '../model/errors.js';
import { levelAt } from '../model/levels.js';
import { BatchInputs } from './batch.js';
import { CAUSE_PENDING, ChangeLog, Changes, type ServiceNames } from './changes.js';
import type { CompactModel } from './compact-model.js';
import { buildGraph, type Graph } from './graph.js';
import { IdIndex } from './id-index.js';
import { InputRecord, isEmptyRecord, ownByte } from './input-record.js';
import { applyInput, resolveInputs } from './inputs.js';
import { Evaluator, type Network, recomputeAll } from './kernel.js';
import { Propagator } from './propagate.js';
import { ResultPool } from './result-pool.js';
import { type CompiledRule, compileRule } from './rules.js';
import { GENERIC_BIT, LEVEL_MASK, MODEL_BITS, RULE_BIT, stateOfByte } from './state-bits.js';
import type { EngineInput, InputAt, InputFields, ServiceStatus, Transition } from './types.js';

/** Emptied records kept for reuse, at most. */
const SPARE_RECORDS = 64;
/**
 * Emptied records stay in `records` until this many have gathered, then go in one sweep. A Map
 * shrinks its table (a call into the runtime and a new table) on a delete that leaves it a
 * quarter full, which at a few services with inputs is nearly every delete; and a service that
 * goes down and comes back would otherwise cost a delete and a set each time.
 */
const EMPTIED_SWEEP = 256;

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
export class Core implements ServiceNames {
  readonly graph: Graph;
  readonly net: Network;
  /** Internal number of each service id. */
  readonly ids: IdIndex;
  /**
   * Service ids by internal number: one read per name where `serviceIds[toExternal[v]]` takes
   * two (at a million services each is a cache miss, and transitions name every change).
   */
  private readonly names: string[];
  /** Own bytes (level, window, acknowledged, and the MODEL_BITS), by internal number. */
  readonly own: Uint8Array;
  /** State bytes (level, maintenance, acknowledged), by internal number. */
  readonly state: Uint8Array;
  /** When each level last changed (ms), NaN for never. */
  readonly since: Float64Array;
  /** The inputs of each service that has some (and, for a while, of some that had; see EMPTIED_SWEEP). */
  readonly records = new Map<number, InputRecord>();
  /** Where the typed arrays of small results are carved from (see ResultPool). */
  readonly pool = new ResultPool();
  /** Scratch for a batch: the internal number of each input's service. */
  private batchServices = new Int32Array(16);
  /** The changes of the last live run (see Changes). */
  private readonly log = new ChangeLog();
  /** Finds the internal number of a model position, as `ids` does for an id. */
  private readonly positions: { get(position: number): number };
  /** The services of the running batch and their last inputs (see propagateInputs). */
  private readonly batch: BatchInputs;
  /** The input record of each entry of `batch`, at the same index (read only while it runs). */
  private readonly batchRecords: InputRecord[] = [];
  /** Emptied records, kept to be used again. */
  private readonly spareRecords: InputRecord[] = [];
  /** Services whose record became empty, still in `records` (see EMPTIED_SWEEP). */
  private emptied: number[] = [];
  /** Written by `prefetch` so that its reads are not optimized away; means nothing. */
  prefetched = 0;
  private readonly evaluator: Evaluator;
  private readonly propagator: Propagator;

  constructor(readonly compact: CompactModel) {
    this.ids = new IdIndex(compact.serviceIds);
    this.graph = buildGraph(compact);
    const size = this.graph.size;
    this.names = new Array(size);
    for (let v = 0; v < size; v++)
      this.names[v] = compact.serviceIds[this.graph.toExternal[v] as number] as string;
    this.ids.renumber(this.graph.toInternal, this.names);
    this.own = new Uint8Array(size);
    this.state = new Uint8Array(size);
    this.since = new Float64Array(size).fill(Number.NaN);
    this.batch = new BatchInputs(size);
    const { toInternal } = this.graph;
    this.positions = {
      get: (position: number) =>
        Number.isInteger(position) && position >= 0 && position < size
          ? (toInternal[position] as number)
          : -1,
    };
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
    const v = this.ids.get(service);
    if (v < 0) throw new NotFoundError(`no service '${service}'`);
    return v;
  }

  idOf(v: number): string {
    return this.names[v] as string;
  }

  /** The position in CompactModel.serviceIds of internal number v. */
  positionOf(v: number): number {
    return this.graph.toExternal[v] as number;
  }

  /** Re-evaluates every service from scratch; returns how many states that changed. */
  recompute(): number {
    return recomputeAll(this.evaluator, this.graph.size, this.own, this.state);
  }

  /** Gives a service its inputs wholesale (when a model is replaced); call `recompute` after. */
  setRecord(v: number, record: InputRecord): void {
    if (isEmptyRecord(record)) return;
    this.records.set(v, record);
    this.own[v] = ownByte(record) | ((this.own[v] as number) & MODEL_BITS);
  }

  /** Applies a batch to the live state and returns how many services changed (see Engine.apply). */
  replay(inputs: readonly EngineInput[], at: number): number {
    try {
      this.log.begin(0, at, []);
      return this.propagateInputs(inputs, this.resolve(inputs, this.ids), at);
    } finally {
      this.forgetRun();
    }
  }

  /** Applies a batch to the live state and describes the changes (see Engine.apply). */
  apply(inputs: readonly EngineInput[], at: number): Transition[] {
    return this.applyResolved(inputs, this.resolve(inputs, this.ids), at, true).transitions();
  }

  /**
   * `apply` for inputs that give their services by model position; see Changes. The causes that
   * are dependencies are looked for when read, so a caller that reads none pays nothing for them.
   */
  applyAt(inputs: readonly InputAt[], at: number): Changes {
    return this.applyResolved(inputs, this.resolve(inputs, this.positions), at, false);
  }

  /** Checks a batch and finds the internal number of each input's service (in a scratch array). */
  private resolve<I extends EngineInput | InputAt>(
    inputs: readonly I[],
    ids: { get(service: I['service']): number },
  ): Int32Array {
    if (this.batchServices.length < inputs.length)
      this.batchServices = new Int32Array(inputs.length * 2);
    return resolveInputs(inputs, ids, this.batchServices);
  }

  private applyResolved(
    inputs: readonly InputFields[],
    services: Int32Array,
    at: number,
    causes: boolean,
  ): Changes {
    try {
      const count = this.propagateInputs(inputs, services, at);
      this.logChanges(count, at, inputs, causes);
      return new Changes(this.log, this, this.log.generation, count);
    } finally {
      this.forgetRun();
    }
  }

  /**
   * Records the inputs and propagates. Allocates nothing but what the records keep: the inputs'
   * services go to a scratch array, and `batch` gets, per service whose own byte changed, its
   * last input (until `forgetRun`).
   */
  private propagateInputs(
    inputs: readonly InputFields[],
    services: Int32Array,
    at: number,
  ): number {
    const { batch, batchRecords } = this;
    for (let i = 0; i < inputs.length; i++) {
      const v = services[i] as number;
      if (i < 4) this.prefetch(v);
      const entries = batch.count;
      const k = batch.add(v, i);
      const record = k < entries ? (batchRecords[k] as InputRecord) : this.recordOf(v);
      batchRecords[k] = record;
      applyInput(record, inputs[i] as InputFields);
    }
    for (let k = 0; k < batch.count; k++) {
      if (!this.settle(batch.service(k), batchRecords[k] as InputRecord)) batch.drop(k);
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

  /** Reads what v's propagation will need, so that its cache misses overlap instead of queueing. */
  private prefetch(v: number): void {
    const { downStart, upStart } = this.graph;
    this.prefetched =
      ((this.own[v] as number) +
        (this.state[v] as number) +
        (downStart[v] as number) +
        (upStart[v] as number) +
        this.propagator.peek(v)) |
      0;
  }

  /** Forgets the last run's changes and inputs; after every run, once they are read. */
  private forgetRun(): void {
    this.propagator.clearChanged();
    this.batch.clear();
  }

  /** v's input record, a new (or spare) one when it has none. */
  private recordOf(v: number): InputRecord {
    let record = this.records.get(v);
    if (!record) {
      record = this.spareRecords.pop() ?? new InputRecord();
      this.records.set(v, record);
    }
    return record;
  }

  /** Removes the records that are still empty from `records`, keeping a few for reuse. */
  private sweepEmptied(): void {
    for (const v of this.emptied) {
      const record = this.records.get(v);
      if (!record || !isEmptyRecord(record)) continue;
      this.records.delete(v);
      if (this.spareRecords.length < SPARE_RECORDS) this.spareRecords.push(record);
    }
    this.emptied = [];
  }

  /** Takes a service's new own byte, marking it when that changed; returns whether it did. */
  private settle(v: number, record: InputRecord): boolean {
    if (isEmptyRecord(record)) {
      this.emptied.push(v);
      if (this.emptied.length >= EMPTIED_SWEEP) this.sweepEmptied();
    }
    const before = this.own[v] as number;
    const byte = ownByte(record) | (before & MODEL_BITS);
    if (byte === before) return false;
    this.own[v] = byte;
    this.propagator.mark(v);
    return true;
  }

  /**
   * Writes the run's `count` changes to the log. The cause of a service marked by an input is
   * that input; of any other, its first dependency (in model order) that changed: found now with
   * `causes` (a bit test each), else left pending (a binary search of the log each, when read).
   */
  private logChanges(
    count: number,
    at: number,
    inputs: readonly InputFields[],
    causes: boolean,
  ): void {
    const { log, state, batch } = this;
    const { changed, prior } = this.propagator;
    log.begin(count, at, inputs);
    const { services, before, after } = log;
    for (let i = 0; i < count; i++) {
      const v = changed[i] as number;
      const input = batch.inputOf(v);
      services[i] = v;
      before[i] = prior[i] as number;
      after[i] = state[v] as number;
      if (input >= 0) log.causes[i] = -1 - input;
      else log.causes[i] = causes ? this.changedDependency(v) : CAUSE_PENDING;
    }
  }

  changedDependencyIn(v: number, log: ChangeLog): number {
    const { downStart, downTo } = this.graph;
    const end = downStart[v + 1] as number;
    for (let slot = downStart[v] as number; slot < end; slot++) {
      const u = downTo[slot] as number;
      if (log.includes(u)) return u;
    }
    throw new Error(`service ${this.idOf(v)} changed with no input and no dependency changed`);
  }

  /** v's first dependency (in model order) that changed in the last run. */
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
