import { describe, expect, it } from 'vitest';
import { createProgress } from '../lib/progress.js';
import { delayTable, summaryLines, targetTable } from './cluster/report.js';
import type { ClusterResult } from './cluster/run.js';
import { clusterSuite } from './cluster.js';

const summary = (count: number, p50: number, p99: number) => ({
  count,
  p50,
  p99,
  mean: p50,
  min: 0,
  max: p99 + 1,
});

function result(follower: number, leader: number, followerP99 = 40): ClusterResult {
  return {
    load: {
      requestsPerSecond: 200,
      signalsPerSecond: 10_000,
      p50: 20,
      p99: 80,
      requests: 3000,
      errors: 0,
      non2xx: 0,
    },
    followerStream: summary(follower, 20, followerP99),
    leaderStream: summary(leader, 10, 20),
    followerReady: { role: 'follower', samples: 1000, p50Ms: 8, p99Ms: 13 },
    leaderReady: { role: 'leader', samples: 0, p50Ms: 0, p99Ms: 0 },
    notes: [],
  };
}

describe('cluster suite report', () => {
  it('divides the follower stream by the leader stream at p50 and at p99', () => {
    const rows = delayTable(result(500, 500)).rows;
    expect(rows[2]).toEqual(['follower / leader', '', '2.00x', '2.00x', '']);
  });

  it('marks the target on the follower stream p99: PASS under 100 ms, FAIL at 100 ms', () => {
    expect(targetTable(result(500, 500, 99.9)).rows[0]?.[2]).toBe('PASS');
    expect(targetTable(result(500, 500, 100)).rows[0]?.[2]).toBe('FAIL');
    expect(targetTable(result(498, 500, 10)).rows[0]?.[2]).toBe('FAIL');
  });

  it('says when the streams carried different counts of events', () => {
    expect(summaryLines(result(500, 500))).toEqual(['both streams carried 500 status events']);
    expect(summaryLines(result(498, 500))[0]).toBe(
      'the streams differ: 498 status events on the follower, 500 on the leader (the follower missed some or was late)',
    );
  });

  it('says it did not run without BENCH_DATABASE_URL, with no verdict', async () => {
    const report = await clusterSuite.run({
      progress: createProgress('cluster', () => {}),
      env: {},
    });
    expect(report.text).toContain('not run (BENCH_DATABASE_URL)');
    expect(report.text).not.toMatch(/PASS|FAIL/);
    expect((report.json as { result: unknown }).result).toBeNull();
  });
});
