import { describe, expect, it } from 'vitest';
import { operationsFromEnv, parseRateLimits } from './env-config.js';
import { DEFAULT_RATE_LIMITS } from './rate-limits.js';

describe('operationsFromEnv', () => {
  it('leaves everything at its default when nothing is set', () => {
    expect(operationsFromEnv({})).toEqual({});
    expect(operationsFromEnv({ SERVICECHAIN_METRICS: '', SERVICECHAIN_RATE_LIMITS: ' ' })).toEqual(
      {},
    );
  });

  it('reads metrics access, rate limits and the heartbeat', () => {
    expect(
      operationsFromEnv({
        SERVICECHAIN_METRICS: 'public',
        SERVICECHAIN_RATE_LIMITS: 'off',
        SERVICECHAIN_STREAM_HEARTBEAT_MS: '5000',
      }),
    ).toEqual({ metricsAccess: 'public', rateLimits: false, stream: { heartbeatMs: 5000 } });
  });

  it('refuses what it cannot read, naming the variable', () => {
    expect(() => operationsFromEnv({ SERVICECHAIN_METRICS: 'open' })).toThrow(
      "SERVICECHAIN_METRICS: 'open' is not one of read, public",
    );
    expect(() => operationsFromEnv({ SERVICECHAIN_STREAM_HEARTBEAT_MS: '0' })).toThrow(
      "SERVICECHAIN_STREAM_HEARTBEAT_MS: '0' is not a whole number of 1 or more",
    );
  });
});

describe('parseRateLimits', () => {
  it('changes the defaults by access level, window and route', () => {
    expect(parseRateLimits('read=100, window=1000,POST /api/v1/model/apply=5')).toEqual({
      windowMs: 1000,
      byAccess: { ...DEFAULT_RATE_LIMITS.byAccess, read: 100 },
      routes: { 'POST /api/v1/model/apply': 5 },
    });
    expect(DEFAULT_RATE_LIMITS.byAccess.read).toBe(6000);
  });

  it('refuses unknown names and bad numbers', () => {
    expect(() => parseRateLimits('reads=1')).toThrow(/'reads' is not window, an access level/);
    expect(() => parseRateLimits('read=-1')).toThrow(/is not a whole number of 1 or more/);
    expect(() => parseRateLimits('read')).toThrow(/not a whole number/);
  });
});
