import { cpus, loadavg } from 'node:os';
import { toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { readApiConfig } from './api/config.js';
import { evaluateApiTargets, impactTable, loadTable, targetsTable } from './api/report.js';
import { type ApiScaleResult, runApiScale } from './api/run-scale.js';

/**
 * The HTTP API under load (autocannon on 127.0.0.1, the server in a child process): the status
 * route against a trivial Fastify route in the same run, and the impact route's added time over
 * the engine call, at each of BENCH_SCALES.
 */
export const apiSuite: Suite = {
  name: 'api',
  description:
    'HTTP API: status route under autocannon vs a trivial Fastify route; impact route overhead',
  async run({ progress, env }) {
    const config = readApiConfig(env);
    const scales: { result: ApiScaleResult; targets: ReturnType<typeof evaluateApiTargets> }[] = [];
    for (const scale of config.scales) {
      const before = loadavg()[0] as number;
      const result = await runApiScale(scale, config, progress.child(String(scale)));
      result.notes.push(
        `load average (1 min) ${before.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after, on ${cpus().length} cores; the load generator and the server share them`,
      );
      scales.push({ result, targets: evaluateApiTargets(result) });
    }
    const environment = `Node ${process.version} on ${process.platform}/${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); ${config.connections} connections, ${config.durationSeconds} s per run`;
    const markdown: string[] = ['# HTTP API benchmark', '', environment, ''];
    const text: string[] = [environment, ''];
    for (const { result, targets } of scales) {
      const tables = [loadTable(result), impactTable(result), targetsTable(result, targets)];
      markdown.push(`## Scale ${result.scale}`, '', ...result.notes.map((n) => `- ${n}`), '');
      for (const table of tables) markdown.push(toMarkdown(table), '');
      text.push(...tables.map(toText), ...result.notes, '');
    }
    return {
      json: { suite: 'api', at: new Date().toISOString(), environment, config, scales },
      markdown: markdown.join('\n'),
      text: text.join('\n'),
    };
  },
};
