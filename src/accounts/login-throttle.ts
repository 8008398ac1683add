/** How failed sign-ins slow down further attempts. */
export interface ThrottlePolicy {
  /** Failures per account before each further attempt must wait. */
  accountFree: number;
  /** Failures per address before each further attempt must wait (an address may hold many users). */
  addressFree: number;
  /** The first wait, doubled at every further failure. */
  baseDelayMs: number;
  /** The longest wait. */
  maxDelayMs: number;
  /** A key's failures are forgotten after this long without one. */
  forgetAfterMs: number;
  /** At most this many keys are tracked; the stalest go first. */
  maxKeys: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  accountFree: 5,
  addressFree: 20,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
  maxKeys: 100_000,
};

interface Failures {
  count: number;
  last: number;
  /** No attempt is checked before this time. */
  until: number;
}

/**
 * Brute-force limit on sign-in, per account and per address, with exponential backoff: after
 * the free failures every failure doubles the wait (up to maxDelayMs), and a success clears the
 * account's count. Kept in memory: a restart forgets, which a password guesser gains little from.
 */
export class LoginThrottle {
  private readonly keys = new Map<string, Failures>();

  constructor(
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before this account may try again from this address; 0 when it may now. */
  retryAfterMs(account: string, address: string): number {
    const at = this.now();
    return Math.max(
      this.waitOf(`account:${account}`, at),
      this.waitOf(`address:${address}`, at),
      0,
    );
  }

  failed(account: string, address: string): void {
    const at = this.now();
    this.bump(`account:${account}`, this.policy.accountFree, at);
    this.bump(`address:${address}`, this.policy.addressFree, at);
  }

  /** A correct password: the account starts afresh (the address keeps its count). */
  succeeded(account: string): void {
    this.keys.delete(`account:${account}`);
  }

  private waitOf(key: string, at: number): number {
    const entry = this.keys.get(key);
    if (entry === undefined) return 0;
    if (at - entry.last > this.policy.forgetAfterMs) {
      this.keys.delete(key);
      return 0;
    }
    return entry.until - at;
  }

  private bump(key: string, free: number, at: number): void {
    const previous = this.keys.get(key);
    const count =
      previous && at - previous.last <= this.policy.forgetAfterMs ? previous.count + 1 : 1;
    const over = count - free + 1;
    const wait =
      over <= 0 ? 0 : Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (over - 1));
    this.keys.delete(key); // re-inserted last: the map's order is staleness order
    this.keys.set(key, { count, last: at, until: at + wait });
    while (this.keys.size > this.policy.maxKeys) {
      const stalest = this.keys.keys().next().value as string;
      this.keys.delete(stalest);
    }
  }
}
