import { cpus, loadavg } from 'node:os';
import { redactUrl } from '../../src/store/postgres/postgres-connection.js';
import { type Table, toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { readClusterConfig } from './cluster/config.js';
import { delayTable, loadTable, summaryLines, targetTable } from './cluster/report.js';
import { type ClusterResult, runCluster } from './cluster/run.js';

/**
 * Follower lag: two server instances on one PostgreSQL, Alertmanager load on the leader, and the
 * time from the leader's commit to each status event's arrival on the follower's live stream,
 * beside the same on the leader's own stream.
 */
export const clusterSuite: Suite = {
  name: 'cluster',
  description: "Follower lag on PostgreSQL: a follower's live stream beside the leader's",
  async run({ progress, env }) {
    const config = readClusterConfig(env);
    const before = loadavg()[0] as number;
    let result: ClusterResult | undefined;
    if (config.databaseUrl !== undefined)
      result = await runCluster(config, config.databaseUrl, progress);
    const after = loadavg()[0] as number;
    const environment = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); a leader and a follower in child processes on one PostgreSQL schema of the run's own; ${config.rate} requests/s of ${config.alertsPerRequest} alerts for ${config.durationSeconds} s, ${config.connections} connections`;
    const tables: Table[] = result
      ? [loadTable(result), delayTable(result), targetTable(result)]
      : [targetTable(undefined)];
    const lines = result
      ? [
          ...summaryLines(result),
          ...result.notes,
          `load average (1 min) ${before.toFixed(1)} before, ${after.toFixed(1)} after, on ${cpus().length} cores; autocannon, both servers, both probes and PostgreSQL share them`,
        ]
      : ['not run (BENCH_DATABASE_URL): set it to a PostgreSQL server to measure follower lag'];
    const markdown = [
      '# Cluster benchmark',
      '',
      environment,
      '',
      ...lines.map((l) => `- ${l}`),
      '',
    ];
    for (const table of tables) markdown.push(toMarkdown(table), '');
    return {
      json: {
        suite: 'cluster',
        at: new Date().toISOString(),
        environment,
        config: { ...config, databaseUrl: config.databaseUrl && redactUrl(config.databaseUrl) },
        loadAverage: { before, after },
        result: result ?? null,
      },
      markdown: markdown.join('\n'),
      text: [environment, '', ...tables.map(toText), '', ...lines].join('\n'),
    };
  },
};
