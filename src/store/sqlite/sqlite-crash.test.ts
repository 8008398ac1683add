import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainModel, createChanges } from '../test-model.js';
import { openSqliteStore } from './sqlite-store.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = join(root, 'dist');
const child = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'servicechain-crash-'));
const file = join(folder, 'data', 'servicechain.db');

/** Children cannot run TypeScript: compile the package (errors elsewhere still emit). */
beforeAll(async () => {
  const output = await new Promise<string>((resolve) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root }, (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
  for (const path of ['src/store/sqlite/sqlite-store.js', 'src/store/test-model.js']) {
    if (!existsSync(join(dist, path))) throw new Error(`tsc did not emit ${path}:\n${output}`);
  }
}, 180_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Outcome {
  signal: NodeJS.Signals | null;
  stdout: string;
  walBefore: number;
  walAtKill: number;
}

/**
 * Runs the child and SIGKILLs it once it is inside the transaction: after it says "applying",
 * as soon as the WAL has grown by a megabyte of uncommitted pages.
 */
function applyAndKill(services: number): Promise<Outcome> {
  const wal = `${file}-wal`;
  const size = () => (existsSync(wal) ? statSync(wal).size : 0);
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [child, dist, file, String(services)]);
    let stdout = '';
    let stderr = '';
    let walBefore = -1;
    let walAtKill = -1;
    let poll: NodeJS.Timeout | undefined;
    proc.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    proc.stdout?.on('data', (chunk) => {
      stdout += chunk;
      if (walBefore < 0 && stdout.includes('applying\n')) {
        walBefore = size();
        poll = setInterval(() => {
          const now = size();
          if (now > walBefore + 1_000_000) {
            clearInterval(poll);
            walAtKill = now;
            proc.kill('SIGKILL');
          }
        }, 2);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      clearInterval(poll);
      if (signal === null && stderr) reject(new Error(`child failed:\n${stderr}`));
      else resolve({ signal, stdout, walBefore, walAtKill });
    });
  });
}

describe('SQLite store killed in the middle of applyChanges', () => {
  it('leaves the database intact and as it was before', async () => {
    const seeded = await openSqliteStore({ file });
    await seeded.migrate();
    await seeded.applyChanges(createChanges(chainModel()), { id: 'test:seed' });
    const auditBefore = await seeded.listAudit({ limit: 1000 });
    await seeded.close();

    const outcome = await applyAndKill(50_000);
    expect(outcome.signal).toBe('SIGKILL');
    expect(outcome.stdout).toBe('applying\n');
    expect(outcome.walAtKill).toBeGreaterThan(outcome.walBefore);

    const raw = new BetterSqlite3(file);
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
    } finally {
      raw.close();
    }
    const reopened = await openSqliteStore({ file });
    try {
      await reopened.migrate();
      expect(await reopened.loadModel()).toStrictEqual(chainModel());
      expect(await reopened.listAudit({ limit: 1000 })).toStrictEqual(auditBefore);
      // And the store still takes writes after the crash.
      await reopened.applyChanges([{ op: 'delete', kind: 'subscription', key: 'sales->sap-erp' }], {
        id: 'test:after',
      });
      expect(await reopened.listSubscriptions({ party: 'sales' })).toEqual([]);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
