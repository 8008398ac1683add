import type { ServiceState } from '../../../src/engine/types.js';
import { stateOfCode } from '../../../src/store/history-codec.js';
import type { NewStatusChange } from '../../../src/store/history-store.js';
import { Prng } from '../../lib/prng.js';

export const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** Trouble levels and how often an incident reaches each (state codes: the level's rank). */
const LEVELS = [
  { code: 2, share: 0.5 }, // degraded
  { code: 3, share: 0.3 }, // partial_outage
  { code: 4, share: 0.2 }, // major_outage
];
const UNKNOWN = 1;

/**
 * A year of status changes over `services`, in time order, deterministic from the seed. One
 * percent of the services start the year `unknown` (stale monitoring, cause `restart`) and
 * recover at a random moment; then incidents arrive evenly: a random service takes a trouble
 * level and recovers after an exponential time (mean 2 hours; one in twenty lasts days). Each
 * change's `from` is the service's state at that moment, as the engine would say.
 */
export function* syntheticYear(
  services: readonly string[],
  changes: number,
  start: number,
  seed: number,
): Generator<NewStatusChange> {
  const prng = new Prng(seed);
  const state = new Uint8Array(services.length);
  const episode = new Uint32Array(services.length);
  const recoveries = new RecoveryHeap();
  const stale = Math.floor(services.length / 100);
  let emitted = 0;
  const change = (s: number, at: number, to: number, cause: string): NewStatusChange => {
    const from = stateOfCode(state[s] as number) as ServiceState;
    state[s] = to;
    emitted++;
    return { service: services[s] as string, at, from, to: stateOfCode(to), cause };
  };
  for (let i = 0; i < stale && emitted < changes; i++) {
    const s = Math.floor(prng.next() * services.length);
    if (state[s] !== 0) continue;
    episode[s] = (episode[s] as number) + 1;
    recoveries.push(start + prng.next() * YEAR_MS, s, episode[s] as number);
    yield change(s, start, UNKNOWN, 'restart');
  }
  // About half the changes start an incident, the other half end one.
  const gap = YEAR_MS / Math.max(1, (changes - emitted) / 2);
  let at = start;
  while (emitted < changes) {
    at += Math.max(1, Math.round(-Math.log(1 - prng.next()) * gap));
    while (recoveries.size > 0 && recoveries.peekAt() <= at && emitted < changes) {
      const { at: when, service: s, episode: e } = recoveries.pop();
      if (episode[s] === e && state[s] !== 0)
        yield change(s, Math.round(when), 0, 'signal:resolved');
    }
    if (emitted >= changes) break;
    const s = Math.floor(prng.next() * services.length);
    const pick = prng.next();
    let code = 4;
    for (let k = 0, sum = 0; k < LEVELS.length; k++) {
      sum += (LEVELS[k] as { share: number }).share;
      if (pick < sum) {
        code = (LEVELS[k] as { code: number }).code;
        break;
      }
    }
    if (state[s] === code) continue;
    const mean = prng.next() < 0.05 ? 72 * HOUR : 2 * HOUR;
    episode[s] = (episode[s] as number) + 1;
    recoveries.push(at + Math.max(1, -Math.log(1 - prng.next()) * mean), s, episode[s] as number);
    yield change(s, at, code, `signal:alertmanager/${(prng.nextUint32() >>> 8).toString(16)}`);
  }
}

/** A binary min-heap of recoveries by time, in parallel typed-free arrays. */
class RecoveryHeap {
  private readonly at: number[] = [];
  private readonly service: number[] = [];
  private readonly episode: number[] = [];

  get size(): number {
    return this.at.length;
  }

  peekAt(): number {
    return this.at[0] as number;
  }

  push(at: number, service: number, episode: number): void {
    this.at.push(at);
    this.service.push(service);
    this.episode.push(episode);
    let i = this.at.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.at[parent] as number) <= at) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { at: number; service: number; episode: number } {
    const top = {
      at: this.at[0] as number,
      service: this.service[0] as number,
      episode: this.episode[0] as number,
    };
    const last = this.at.length - 1;
    this.swap(0, last);
    this.at.pop();
    this.service.pop();
    this.episode.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.at.length && (this.at[l] as number) < (this.at[m] as number)) m = l;
      if (r < this.at.length && (this.at[r] as number) < (this.at[m] as number)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private swap(i: number, j: number): void {
    for (const column of [this.at, this.service, this.episode]) {
      const t = column[i] as number;
      column[i] = column[j] as number;
      column[j] = t;
    }
  }
}
