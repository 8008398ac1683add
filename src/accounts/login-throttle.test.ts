import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

function throttle() {
  let now = 1_000_000;
  const policy = {
    accountFree: 3,
    addressFree: 5,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    forgetAfterMs: 60_000,
    maxKeys: 4,
  };
  const t = new LoginThrottle(policy, () => now);
  return { t, advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('makes an account wait after three failures, then doubles the wait up to the cap', () => {
    const { t, advance } = throttle();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      t.failed('amy', `10.0.0.${i}`);
      waits.push(t.retryAfterMs('amy', '10.9.9.9'));
      advance(waits.at(-1) ?? 0);
    }
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000]);
  });

  it('limits an address across accounts', () => {
    const { t } = throttle();
    for (let i = 0; i < 4; i++) t.failed(`user${i}`, '10.0.0.1');
    expect(t.retryAfterMs('someone-else', '10.0.0.1')).toBe(0);
    t.failed('user4', '10.0.0.1');
    expect(t.retryAfterMs('someone-else', '10.0.0.1')).toBe(1000);
    expect(t.retryAfterMs('someone-else', '10.0.0.2')).toBe(0);
  });

  it('clears an account on success and forgets old failures', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 3; i++) t.failed('amy', 'a');
    expect(t.retryAfterMs('amy', 'b')).toBe(1000);
    t.succeeded('amy');
    expect(t.retryAfterMs('amy', 'b')).toBe(0);
    for (let i = 0; i < 3; i++) t.failed('bob', 'c');
    advance(60_001);
    t.failed('bob', 'c');
    expect(t.retryAfterMs('bob', 'd')).toBe(0);
  });

  it('tracks a bounded number of keys, dropping the stalest', () => {
    const { t } = throttle();
    for (let i = 0; i < 3; i++) t.failed('amy', 'a');
    for (let i = 0; i < 3; i++) t.failed(`u${i}`, 'b');
    expect(t.retryAfterMs('amy', 'z')).toBe(0);
  });
});
