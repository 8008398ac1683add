import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { collectGarbage } from './lib/memory.js';
import { createProgress } from './lib/progress.js';
import type { Suite } from './suite.js';
import { SUITES } from './suites/index.js';

/**
 * The benchmark harness: `npm run bench [-- SUITE…]` runs the named suites (all by default),
 * prints each report and writes it to bench/results/ (or BENCH_RESULTS) as JSON and Markdown.
 * Exits 0 when every suite ran, whatever its targets say; 1 on an error; 2 on a bad argument.
 */
async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('--list')) {
    process.stdout.write('usage: npm run bench -- [SUITE…]\n\nsuites:\n');
    for (const suite of SUITES) process.stdout.write(`  ${suite.name}  ${suite.description}\n`);
    return 0;
  }
  const chosen: Suite[] = [];
  for (const name of argv.length > 0 ? argv : SUITES.map((s) => s.name)) {
    const suite = SUITES.find((s) => s.name === name);
    if (!suite) {
      process.stderr.write(
        `no suite '${name}' (suites: ${SUITES.map((s) => s.name).join(', ')})\n`,
      );
      return 2;
    }
    chosen.push(suite);
  }
  if (!collectGarbage())
    process.stderr.write('note: run node with --expose-gc for memory figures after collection\n');
  const directory = resolve(process.env.BENCH_RESULTS ?? 'bench/results');
  await mkdir(directory, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const suite of chosen) {
    const report = await suite.run({ progress: createProgress(suite.name), env: process.env });
    process.stdout.write(`\n${report.text}\n`);
    const json = `${JSON.stringify(report.json, null, 2)}\n`;
    for (const name of [`${suite.name}-${stamp}`, `${suite.name}-latest`]) {
      await writeFile(resolve(directory, `${name}.json`), json);
      await writeFile(resolve(directory, `${name}.md`), `${report.markdown}\n`);
    }
    process.stderr.write(`[${suite.name}] wrote ${directory}/${suite.name}-${stamp}.{json,md}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
