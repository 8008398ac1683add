import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';

/**
 * The suite runs the compiled server in child processes (as `servicechain serve` runs), so it
 * compiles the package and builds the web UI once, before any file.
 */
export default function setup(): void {
  // For working on the suite itself: reuse the last build.
  if (process.env.HARDENING_REUSE_BUILD === '1') return;
  const root = packageRoot();
  const started = Date.now();
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: root,
        stdio: 'pipe',
      },
    );
  } catch (error) {
    // Type errors still emit; a missing entry point is what stops the suite.
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    if (!existsSync(join(root, 'dist/src/main.js')))
      throw new Error(`tsc emitted nothing:\n${output}`);
  }
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(root, 'web/vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  console.log(`[hardening] compiled the server and built the web UI in ${Date.now() - started} ms`);
}
