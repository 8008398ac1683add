export interface RetryPolicy {
  /** The delay after the first failure; it doubles after each (default 30 s). */
  baseMs: number;
  /** No delay is longer (default 1 h). */
  maxMs: number;
  /** After this many attempts a delivery is given up (default 8: about 2 hours in all). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 8 };

/**
 * When to try again after `attempts` failed attempts, or null to give up: exponential backoff,
 * with jitter that takes the delay anywhere from half to all of it, so that receivers coming
 * back after an outage are not hit by every retry at once. `random` is in [0, 1).
 */
export function nextAttempt(
  attempts: number,
  now: number,
  policy: RetryPolicy,
  random: () => number,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1));
  return now + Math.round(full * (0.5 + random() / 2));
}
