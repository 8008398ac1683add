import { cpus, loadavg } from 'node:os';
import { toMarkdown, toText } from '../lib/table.js';
import type { Suite } from '../suite.js';
import { readConfig } from './engine/config.js';
import { loadEngine } from './engine/engine-module.js';
import { buildTable, operationsTable, summaryLines, targetsTable } from './engine/report.js';
import { runScale, type ScaleResult } from './engine/run-scale.js';
import { evaluateTargets, type TargetResult } from './engine/targets.js';

/**
 * The status engine against its baselines (raw typed-array kernel, graphology, PostgreSQL
 * recursive CTE) on generated layered models, at each of BENCH_SCALES.
 */
export const engineSuite: Suite = {
  name: 'engine',
  description: 'status engine vs raw kernel, graphology and PostgreSQL CTE on generated models',
  async run({ progress, env }) {
    const config = readConfig(env);
    const loaded = await loadEngine();
    if (!loaded.ok) progress.note(`engine not available: ${loaded.reason}`);
    const scales: { result: ScaleResult; targets: TargetResult[] }[] = [];
    for (const scale of config.scales) {
      const loadBefore = loadavg()[0] as number;
      const result = await runScale(scale, config, loaded, progress.child(String(scale)));
      result.notes.push(
        `load average (1 min) ${loadBefore.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after, on ${cpus().length} cores: other work on the machine skews timings`,
      );
      scales.push({ result, targets: evaluateTargets(result) });
    }
    const markdown: string[] = ['# Status engine benchmark', '', environmentLine(), ''];
    const text: string[] = [];
    for (const { result, targets } of scales) {
      const tables = [operationsTable(result), buildTable(result), targetsTable(result, targets)];
      const lines = summaryLines(result);
      markdown.push(`## Scale ${result.scale}`, '', ...lines.map((l) => `- ${l}`), '');
      for (const table of tables) markdown.push(toMarkdown(table), '');
      text.push(...tables.map(toText), ...lines, '');
    }
    return {
      json: {
        suite: 'engine',
        at: new Date().toISOString(),
        environment: environmentLine(),
        config: { ...config, databaseUrl: config.databaseUrl ? 'set' : undefined },
        scales,
      },
      markdown: markdown.join('\n'),
      text: text.join('\n'),
    };
  },
};

function environmentLine(): string {
  return `Node ${process.version} on ${process.platform}/${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
}
