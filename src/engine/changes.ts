import { causeOf } from './inputs.js';
import { stateOfByte } from './state-bits.js';
import type { InputFields, ServiceState, Transition } from './types.js';

/** How the changes name services (by internal number), and find the causes left to find. */
export interface ServiceNames {
  /** The id of internal number v. */
  idOf(v: number): string;
  /** The position in CompactModel.serviceIds of internal number v. */
  positionOf(v: number): number;
  /** v's first dependency (in model order) among the log's changed services. */
  changedDependencyIn(v: number, log: ChangeLog): number;
}

/** A cause not found yet: a dependency, found when first read (see ChangeLog). */
export const CAUSE_PENDING = -0x80000000;

/**
 * The changes of the last live run, in plain arrays that the engine reuses run after run: the
 * internal number of each changed service, its state bytes before and after, and its cause as a
 * number (input i of the batch as -1 - i, else the internal number of the dependency that made
 * the change, or CAUSE_PENDING until that is looked for). Nothing is named here: ids and cause
 * strings are built when read (see Changes). `services` is in increasing order (the order the
 * propagation visits them), so whether a service changed is a binary search.
 */
export class ChangeLog {
  count = 0;
  /** Bumped by every run, so that a Changes of an earlier run knows it is out of date. */
  generation = 0;
  at = 0;
  services = new Int32Array(64);
  before = new Uint8Array(64);
  after = new Uint8Array(64);
  causes = new Int32Array(64);
  /** The batch of the run (for the input causes). */
  inputs: readonly InputFields[] = [];

  /** Whether internal number u is among the changed services. */
  includes(u: number): boolean {
    const { services } = this;
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const v = services[middle] as number;
      if (v === u) return true;
      if (v < u) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /** The cause of change i (see the class comment), looked for now if still pending. */
  causeAt(i: number, names: ServiceNames): number {
    let cause = this.causes[i] as number;
    if (cause === CAUSE_PENDING) {
      cause = names.changedDependencyIn(this.services[i] as number, this);
      this.causes[i] = cause;
    }
    return cause;
  }

  /** Starts a run of `count` changes at `at` for `inputs`, with room for them. */
  begin(count: number, at: number, inputs: readonly InputFields[]): void {
    this.generation++;
    this.count = count;
    this.at = at;
    this.inputs = inputs;
    if (this.services.length >= count) return;
    let room = this.services.length;
    while (room < count) room *= 2;
    this.services = new Int32Array(room);
    this.before = new Uint8Array(room);
    this.after = new Uint8Array(room);
    this.causes = new Int32Array(room);
  }
}

/**
 * The changes one `applyAt` made: `count` of them, in dependency order (a service after every
 * dependency of it that changed), read by index. Reading is cheap until a name is asked for: the
 * id, the cause and the transition object are built on demand. A Changes is valid until the
 * engine's next apply, applyAt or replay; reading it after that throws.
 */
export class Changes {
  constructor(
    private readonly log: ChangeLog,
    private readonly names: ServiceNames,
    private readonly generation: number,
    /** Number of services whose state changed. */
    readonly count: number,
  ) {}

  /** The position in CompactModel.serviceIds of change i's service. */
  position(i: number): number {
    return this.names.positionOf(this.internal(i));
  }

  /** The id of change i's service. */
  service(i: number): string {
    return this.names.idOf(this.internal(i));
  }

  from(i: number): ServiceState {
    return stateOfByte(this.live(i).before[i] as number);
  }

  to(i: number): ServiceState {
    return stateOfByte(this.live(i).after[i] as number);
  }

  /** What made change i: `signal:KEY`, `override`, …, or `dependency:ID` (see Transition). */
  cause(i: number): string {
    const cause = this.live(i).causeAt(i, this.names);
    return cause < 0
      ? causeOf(this.log.inputs[-1 - cause] as InputFields)
      : `dependency:${this.names.idOf(cause)}`;
  }

  /** Change i as a Transition. */
  transition(i: number): Transition {
    const log = this.live(i);
    return {
      service: this.names.idOf(log.services[i] as number),
      from: stateOfByte(log.before[i] as number),
      to: stateOfByte(log.after[i] as number),
      at: log.at,
      cause: this.cause(i),
    };
  }

  /** Every change as a Transition, in order (what `apply` returns). */
  transitions(): Transition[] {
    const { log, names, count } = this;
    this.live(0);
    const result: Transition[] = new Array(count);
    // Consumers of one change often follow each other: they share its cause string.
    let lastDependency = -1;
    let dependencyCause = '';
    for (let i = 0; i < count; i++) {
      const cause = log.causeAt(i, names);
      let text: string;
      if (cause < 0) text = causeOf(log.inputs[-1 - cause] as InputFields);
      else {
        if (cause !== lastDependency) {
          lastDependency = cause;
          dependencyCause = `dependency:${names.idOf(cause)}`;
        }
        text = dependencyCause;
      }
      result[i] = {
        service: names.idOf(log.services[i] as number),
        from: stateOfByte(log.before[i] as number),
        to: stateOfByte(log.after[i] as number),
        at: log.at,
        cause: text,
      };
    }
    return result;
  }

  private internal(i: number): number {
    return this.live(i).services[i] as number;
  }

  /** The log, after checking that it still holds this run and that i is one of its changes. */
  private live(i: number): ChangeLog {
    if (this.log.generation !== this.generation)
      throw new Error('these changes were replaced by a later apply, applyAt or replay');
    if (!(i >= 0 && i < this.count) && !(i === 0 && this.count === 0))
      throw new RangeError(`no change ${i} (there are ${this.count})`);
    return this.log;
  }
}
