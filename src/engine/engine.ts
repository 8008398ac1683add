import type { Model } from '../model/entities.js';
import { NotFoundError } from '../model/errors.js';
import type { StatusLevel } from '../model/levels.js';
import type { Changes } from './changes.js';
import { ClosureWalker } from './closure.js';
import type { CompactModel } from './compact-model.js';
import { Core } from './core.js';
import { type ExplainOptions, explainService } from './explain.js';
import { type CompactImpact, impactOf, impactReport, whatIf } from './impact.js';
import { modelToCompact } from './model-to-compact.js';
import { Subscribers } from './parties.js';
import { stateOfByte } from './state-bits.js';
import type {
  Engine,
  EngineInput,
  Explanation,
  ImpactReport,
  InputAt,
  ServiceStatus,
  Transition,
  WhatIfReport,
} from './types.js';

/**
 * The status engine (see Engine). Deterministic: the same model and the same ordered batches give
 * the same states and transitions. Methods that name a service throw NotFoundError for an unknown
 * id; `apply` and `whatIf` throw InputError for a bad batch and then change nothing.
 */
export class StatusEngine implements Engine {
  private core: Core;
  private subscribers: Subscribers;
  private walker: ClosureWalker;

  constructor(compact: CompactModel) {
    this.core = new Core(compact);
    this.subscribers = new Subscribers(this.core);
    this.walker = new ClosureWalker(this.core.graph, this.core.pool);
  }

  /** Number of services. */
  get size(): number {
    return this.core.graph.size;
  }

  /**
   * Whether the model has a service with this id: for callers that hold ids the model may have
   * dropped since (history, maintenance windows), instead of catching `status`'s NotFoundError.
   */
  has(service: string): boolean {
    return this.core.ids.get(service) >= 0;
  }

  /** The columnar model the engine runs on now. */
  get compact(): CompactModel {
    return this.core.compact;
  }

  apply(inputs: readonly EngineInput[], at: number): Transition[] {
    return this.core.apply(inputs, at);
  }

  /**
   * Applies a batch exactly as `apply` does, for callers that hold model positions (see
   * `positionOf`): each input names its service by position, and the changes come back unnamed,
   * read by index (ids, causes and Transition objects are built when asked for). The result is
   * valid until the next apply, applyAt or replay.
   */
  applyAt(inputs: readonly InputAt[], at: number): Changes {
    return this.core.applyAt(inputs, at);
  }

  /**
   * The position of a service id in CompactModel.serviceIds, which the calls taking positions
   * (`applyAt`, `closureAt`, `closureCompact`, `impactCompact`) use; throws NotFoundError.
   * Positions stay valid until the model is replaced.
   */
  positionOf(service: string): number {
    return this.core.positionOf(this.core.internal(service));
  }

  /**
   * Applies a batch exactly as `apply` does but returns only how many services changed, without
   * describing them: for replaying stored inputs at start, where nobody reads the transitions.
   */
  replay(inputs: readonly EngineInput[], at: number): number {
    return this.core.replay(inputs, at);
  }

  status(service: string): ServiceStatus {
    return this.core.statusOf(this.core.internal(service));
  }

  /** Every service's status, in model order. */
  *statuses(): Iterable<ServiceStatus> {
    const { toInternal, size } = this.core.graph;
    for (let external = 0; external < size; external++) {
      yield this.core.statusOf(toInternal[external] as number);
    }
  }

  explain(service: string, options?: ExplainOptions): Explanation {
    return explainService(this.core, this.core.internal(service), options);
  }

  impact(service: string, level: StatusLevel = 'major_outage'): ImpactReport {
    return impactReport(this.core, this.subscribers, this.core.internal(service), level);
  }

  /**
   * The impact without names or parties, in typed arrays, for very large closures. The service
   * is an id or its position in CompactModel.serviceIds. Small results' arrays are views into a
   * shared slab, as with `closureCompact`.
   */
  impactCompact(service: string | number, level: StatusLevel = 'major_outage'): CompactImpact {
    return impactOf(this.core, this.internalOf(service), level);
  }

  dependencies(service: string): { service: string; hop: number }[] {
    return this.named(this.walker.walkInPlace(this.core.internal(service), 'down'));
  }

  /** Every service that rests on the given one, transitively, with the hop count (no levels). */
  dependents(service: string): { service: string; hop: number }[] {
    return this.named(this.walker.walkInPlace(this.core.internal(service), 'up'));
  }

  /**
   * A closure without names (no levels): `services` are positions in CompactModel.serviceIds,
   * `hops` their hop counts; `up` walks to consumers, `down` to dependencies. The service is an
   * id or its position. Both arrays belong to the caller, but small ones are views into a shared
   * slab (their `buffer` is larger than they are; `slice()` them for a buffer of their own).
   */
  closureCompact(
    service: string | number,
    direction: 'up' | 'down',
  ): { services: Int32Array; hops: Int32Array } {
    const v = this.internalOf(service);
    const { toExternal } = this.core.graph;
    return direction === 'up'
      ? this.walker.upstream(v, toExternal)
      : this.walker.downstream(v, toExternal);
  }

  /**
   * The closure of the service at a model position, left in the engine: returns how many
   * services it holds (the service left out); `closureMember(i)` and `closureHop(i)` read
   * member i (its position and hop count) until the next closure, `dependencies` or
   * `dependents` call. Allocates nothing, for callers that read a few members or only count.
   */
  closureAt(position: number, direction: 'up' | 'down'): number {
    return this.walker.walkInPlace(this.internalOf(position), direction);
  }

  /** The position of member i of the last `closureAt`. */
  closureMember(i: number): number {
    return this.core.graph.toExternal[this.walker.read(this.member(i))] as number;
  }

  /** The hop count of member i of the last `closureAt`. */
  closureHop(i: number): number {
    return this.walker.hopAt(this.member(i));
  }

  private member(i: number): number {
    if (!(Number.isInteger(i) && i >= 0 && i < this.walker.size))
      throw new RangeError(`no member ${i} (the last closure has ${this.walker.size})`);
    return i;
  }

  /** Internal number of an id or a model position; throws NotFoundError. */
  private internalOf(service: string | number): number {
    if (typeof service === 'string') return this.core.internal(service);
    if (!(Number.isInteger(service) && service >= 0 && service < this.size))
      throw new NotFoundError(`no service at position ${service}`);
    return this.core.graph.toInternal[service] as number;
  }

  /** The members of the walker's last walk (`count` of them), with their ids. */
  private named(count: number): { service: string; hop: number }[] {
    const { walker, core } = this;
    const result: { service: string; hop: number }[] = new Array(count);
    for (let i = 0; i < count; i++)
      result[i] = { service: core.idOf(walker.read(i)), hop: walker.hopAt(i) };
    return result;
  }

  whatIf(inputs: readonly EngineInput[]): WhatIfReport {
    return whatIf(this.core, this.subscribers, inputs);
  }

  /**
   * Re-evaluates every service from its inputs in one topological pass. Returns how many states
   * that changed, which is always 0 unless incremental propagation has gone wrong.
   */
  recompute(): number {
    return this.core.recompute();
  }

  replaceModel(model: Model, at: number): Transition[] {
    return this.replaceCompact(modelToCompact(model), at);
  }

  /**
   * Swaps in a changed model, keeping the inputs of the services that remain (by id). Transitions
   * (cause `model`) are those of remaining services whose state changed, and of new services
   * that do not start operational, in dependency order.
   */
  replaceCompact(compact: CompactModel, at: number): Transition[] {
    const old = this.core;
    const next = new Core(compact);
    for (const [v, record] of old.records) {
      const w = next.ids.get(old.idOf(v));
      if (w >= 0) next.setRecord(w, record);
    }
    next.recompute();
    const transitions: Transition[] = [];
    for (let w = 0; w < next.graph.size; w++) {
      const id = next.idOf(w);
      const previous = old.ids.get(id);
      const before = previous < 0 ? 0 : (old.state[previous] as number);
      const after = next.state[w] as number;
      if (previous >= 0) next.since[w] = old.since[previous] as number;
      if (before === after) continue;
      if ((before & 7) !== (after & 7)) next.since[w] = at;
      transitions.push({
        service: id,
        from: stateOfByte(before),
        to: stateOfByte(after),
        at,
        cause: 'model',
      });
    }
    this.core = next;
    this.subscribers = new Subscribers(next);
    this.walker = new ClosureWalker(next.graph, next.pool);
    return transitions;
  }
}

/** An engine over a columnar model (the store and the benchmark build these directly). */
export function buildEngine(compact: CompactModel): StatusEngine {
  return new StatusEngine(compact);
}

/** An engine over an object model. */
export function createEngine(model: Model): StatusEngine {
  return buildEngine(modelToCompact(model));
}
