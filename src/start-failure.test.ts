import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './cli/main.js';
import { openDataStore } from './store/open-store.js';
import { buildService } from './store/test-model.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'servicechain-start-failure-'));
const data = join(folder, 'data');
/** SQLite in the data folder, whatever the environment of the test run says. */
const env = { ...process.env, DATABASE_URL: '', SERVICECHAIN_ADMIN_PASSWORD: '' };
let holder: Server;

/**
 * The compiled CLI runs in a child process (children cannot run TypeScript). Its data folder
 * holds a maintenance window going on now: the scheduler started at start-up puts a service
 * into maintenance, which leaves the history recorder a change to write just before listening
 * fails (a write that, retried against a closed store, used to keep the process alive).
 */
beforeAll(async () => {
  const output = await new Promise<string>((resolve) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root }, (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
  if (!existsSync(join(root, 'dist/src/cli/main.js')))
    throw new Error(`tsc did not emit the CLI:\n${output}`);
  const store = await openDataStore(data, env);
  await store.applyChanges(
    [{ op: 'create', kind: 'service', key: 'web', after: buildService({ id: 'web' }) }],
    { id: 'test' },
  );
  const now = Date.now();
  await store.createWindow(
    {
      title: 'going on',
      description: '',
      services: ['web'],
      schedule: { kind: 'once', start: now - 60_000, end: now + 3_600_000 },
      author: 'test',
      createdAt: now,
      updatedAt: now,
      cancelled: false,
      firstStart: now - 60_000,
      lastEnd: now + 3_600_000,
    },
    { id: 'test' },
  );
  await store.close();
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => holder?.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

/** Runs `serve`; resolves with its exit code and stderr, or 'still running' after `patience`. */
function serve(port: number, patience: number) {
  const proc = spawn(
    process.execPath,
    [
      join(root, 'bin/servicechain.js'),
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      data,
      '--no-demo',
      '--log-level',
      'silent',
    ],
    { env },
  );
  let stderr = '';
  proc.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | string | null; stderr: string }>((resolve) => {
    const guard = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve({ code: 'still running', stderr });
    }, patience);
    proc.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

describe('a failed start-up', () => {
  it('on a taken port stops what it had started and exits with 69 and the reason', async () => {
    const address = holder.address();
    if (address === null || typeof address === 'string') throw new Error('no port held');
    // The guard only turns a hang into a failure; start-up takes a few seconds at most.
    const { code, stderr } = await serve(address.port, 30_000);
    expect({ code, stderr }).toEqual({
      code: EXIT.unavailable,
      stderr: `error: cannot listen on 127.0.0.1:${address.port}: the port is taken (by another server?): choose another with --port or PORT\n`,
    });
  }, 60_000);
});
