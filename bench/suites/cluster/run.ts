import { randomBytes } from 'node:crypto';
import type { Progress } from '../../lib/progress.js';
import { type Summary, summarize } from '../../lib/stats.js';
import { dropSchema, startProbe, startServer, stopServer } from '../ingest/children.js';
import { type IngestLoadResult, runIngestLoad } from '../ingest/load.js';
import { PayloadMaker } from '../ingest/payload.js';
import type { ClusterBenchConfig } from './config.js';

/** What an instance's /readyz says of its role and of the lag it measured. */
export interface ReadyLag {
  role: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/** The figures of the cluster suite. */
export interface ClusterResult {
  /** The Alertmanager load on the leader. */
  load: IngestLoadResult;
  /** Event `at` (the leader's, after its commit) to arrival on each instance's live stream. */
  followerStream: Summary | undefined;
  leaderStream: Summary | undefined;
  /** /readyz of each instance once the load and the wait after it are over. */
  followerReady: ReadyLag;
  leaderReady: ReadyLag;
  notes: string[];
}

/** How long the probes keep listening after the load, so that late events still count. */
const SETTLE_MS = 2000;

async function readiness(url: string): Promise<ReadyLag> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) });
  const body = (await response.json()) as {
    cluster?: { role: string; lag: { samples: number; p50Ms: number; p99Ms: number } };
  };
  if (!body.cluster) throw new Error(`${url}/readyz answered ${response.status} without a role`);
  return { role: body.cluster.role, ...body.cluster.lag };
}

/** Waits until the two instances know their roles (the first holds the leader's lock). */
async function rolesSettled(leader: string, follower: string): Promise<boolean> {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const [l, f] = await Promise.all([readiness(leader), readiness(follower)]);
    if (l.role === 'leader' && f.role === 'follower') return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/**
 * A leader, then a follower, on a schema of this run's own (dropped after); a warm-up, then a
 * stream probe on each (each in a process of its own) while the leader takes the load.
 */
export async function runCluster(
  config: ClusterBenchConfig,
  url: string,
  progress: Progress,
): Promise<ClusterResult> {
  const schema = `bench_cluster_${process.pid}_${randomBytes(3).toString('hex')}`;
  const shared = {
    secretKey: randomBytes(32).toString('base64'),
    cursorSecret: randomBytes(16).toString('hex'),
  };
  const database = { url, schema };
  const children: Awaited<ReturnType<typeof startServer>>['child'][] = [];
  const probes = new Set<Awaited<ReturnType<typeof startProbe>>>();
  const stop = async (probe: Awaited<ReturnType<typeof startProbe>>) => {
    probes.delete(probe);
    return probe.stop();
  };
  try {
    progress.note(`starting the leader on PostgreSQL (schema ${schema}) …`);
    const leader = await startServer({ services: config.services, database, cluster: shared });
    children.push(leader.child);
    progress.note('starting the follower …');
    const token = leader.ready.token;
    const follower = await startServer({
      services: config.services,
      database,
      cluster: { ...shared, token },
    });
    children.push(follower.child);
    const notes: string[] = [];
    if (!(await rolesSettled(leader.ready.api, follower.ready.api)))
      notes.push('the instances did not settle as leader and follower within 15 s');
    const load = (run: string, seconds: number) =>
      runIngestLoad({
        base: leader.ready.api,
        path: '/api/v1/signals/alertmanager',
        headers: { authorization: `Bearer ${token}` },
        payloads: new PayloadMaker(config.alertsPerRequest, config.services, run),
        alertsPerRequest: config.alertsPerRequest,
        connections: config.connections,
        durationSeconds: seconds,
        rate: config.rate,
      });
    progress.note('warming up');
    await load('cluster-warm', 3);
    const followerProbe = await startProbe(follower.ready.api, token);
    probes.add(followerProbe);
    const leaderProbe = await startProbe(leader.ready.api, token);
    probes.add(leaderProbe);
    progress.note(
      `${config.rate} requests/s of ${config.alertsPerRequest} alerts on the leader for ${config.durationSeconds} s`,
    );
    const sustained = await load('cluster', config.durationSeconds);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const [followerReady, leaderReady] = await Promise.all([
      readiness(follower.ready.api),
      readiness(leader.ready.api),
    ]);
    const [followerDelays, leaderDelays] = await Promise.all([
      stop(followerProbe),
      stop(leaderProbe),
    ]);
    if (sustained.errors + sustained.non2xx > 0)
      notes.push(`load: ${sustained.errors} errors, ${sustained.non2xx} non-2xx answers`);
    return {
      load: sustained,
      followerStream: summarize(followerDelays),
      leaderStream: summarize(leaderDelays),
      followerReady,
      leaderReady,
      notes,
    };
  } finally {
    // After a failure, the probes still listening end too (their figures are lost with the run).
    await Promise.all([...probes].map((probe) => probe.stop().catch(() => [])));
    await Promise.all(children.map((child) => stopServer(child)));
    await dropSchema(url, schema);
  }
}
