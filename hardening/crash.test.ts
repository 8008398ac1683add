import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/package-root.js';
import { migrationProvider, migrations } from '../src/store/migrations.js';
import { fullRecompute, integrity } from '../src/store/sqlite/crash-checks.test-helper.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { chainModel, createChanges } from '../src/store/test-model.js';
import { call, expectStatus, newToken, signInAdmin } from './harness/client.js';
import { figure } from './harness/figures.js';
import { ServerProcess } from './harness/server-process.js';

/**
 * SIGKILL during a model apply and during a migration (the ingest path's 20 kills under load
 * are src/ingest/ingest-crash.test.ts, run by `npm test`). After every kill: SQLite's integrity
 * check passes, nothing acknowledged is lost, a change is all there or not at all, and the
 * restarted server's statuses equal a full recompute from what is stored.
 */
const ROOT = packageRoot();
const DIST = join(ROOT, 'dist');
const folder = mkdtempSync(join(tmpdir(), 'sc-hardening-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const APPLY_ROUNDS = 6;
const SERVICES_PER_APPLY = 4000;
const MIGRATION_ROUNDS = 16;

interface Run {
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
  code: number | null;
  /** From `ready` appearing to the exit (undefined when it never appeared). */
  afterReadyMs: number | undefined;
}

/**
 * Runs a child; once `ready` appears in its output, SIGKILLs it after `delayMs` (never when
 * `delayMs` is undefined).
 */
function runAndKill(args: string[], ready: string, delayMs: number | undefined): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, args, { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let readyAt: number | undefined;
    const watchdog = setTimeout(() => proc.kill('SIGKILL'), 120_000);
    const arm = () => {
      if (readyAt !== undefined || !`${stdout}${stderr}`.includes(ready)) return;
      readyAt = performance.now();
      if (delayMs !== undefined) setTimeout(() => proc.kill('SIGKILL'), delayMs);
    };
    proc.stdout?.on('data', (chunk) => {
      stdout += chunk;
      arm();
    });
    proc.stderr?.on('data', (chunk) => {
      stderr += chunk;
      arm();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      const afterReadyMs = readyAt === undefined ? undefined : performance.now() - readyAt;
      resolve({ stdout, stderr, signal, code, afterReadyMs });
    });
  });
}

/** Model files adding `count` services, each on two of the demo's infrastructure services. */
function bulkFolder(round: number, count: number): string {
  const path = join(folder, `bulk-${round}`);
  mkdirSync(path, { recursive: true });
  const documents = Array.from(
    { length: count },
    (_, i) => `apiVersion: servicechain/v1
kind: Service
metadata:
  id: bulk-${round}-${i}
  name: Bulk ${round} ${i}
spec:
  label: technical
  provider: infrastructure
  dependsOn: [dns, ${i % 2 ? 'hosting' : 'storage'}]
`,
  );
  writeFileSync(join(path, 'services.yaml'), documents.join('---\n'));
  return path;
}

describe('SIGKILL during a model apply', () => {
  it(`keeps every apply all or nothing over ${APPLY_ROUNDS} kills, some inside the transaction, and restarts to a full recompute`, async () => {
    const dataDir = join(folder, 'apply-data');
    // The demo model with signals firing, then the server killed too.
    const first = await ServerProcess.start({ dataDir });
    const admin = await signInAdmin(first.url);
    const token = await newToken(first.url, admin, ['ingest']);
    for (const service of ['dns', 'sap-hana', 'web-01'])
      expectStatus(
        await call(
          first.url,
          '/api/v1/signals',
          { kind: 'token', secret: token.secret },
          {
            body: { source: 'crash', key: service, service, level: 'major_outage' },
          },
        ),
        200,
      );
    await first.stop('SIGKILL');
    const file = join(dataDir, 'servicechain.db');
    const apply = (files: string, delay: number | undefined) =>
      runAndKill(
        [join(ROOT, 'bin', 'servicechain.js'), 'apply', files, '--data', dataDir],
        'applying',
        delay,
      );
    // The reference: one apply left alone, timed from saying it applies (its one transaction
    // begins then) to its exit; the kills are timed against it.
    const reference = await apply(bulkFolder(0, SERVICES_PER_APPLY), undefined);
    expect(reference.stdout).toContain('Applied.');
    const window = reference.afterReadyMs ?? 0;
    figure('apply: a clean run from "applying" to its exit', Math.round(window), 'ms');
    const outcomes: string[] = [];
    let expected = (await openAndCount(file)).services;
    // Killed after saying it applies and before the commit: inside the transaction.
    let midway = 0;
    for (let round = 1; round <= APPLY_ROUNDS; round++) {
      const files = bulkFolder(round, SERVICES_PER_APPLY);
      // Every other round early in the transaction (the commit comes near the end of the
      // window), the others anywhere until well after it would have finished.
      const delay = Math.round(
        round % 2 ? window * (0.1 + 0.3 * Math.random()) : window * 1.5 * Math.random(),
      );
      const run = await apply(files, delay);
      const acknowledged = run.stdout.includes('Applied.');
      const check = integrity(file);
      const { services } = await openAndCount(file);
      const applied = services === expected + SERVICES_PER_APPLY;
      if (run.signal === 'SIGKILL' && !applied) midway++;
      outcomes.push(
        `${round}: killed ${run.signal ? `after ${delay} ms` : 'never'}, ${acknowledged ? 'acknowledged' : 'not acknowledged'}, ${applied ? 'applied' : 'not applied'}`,
      );
      expect(check).toStrictEqual({ integrity: 'ok', foreignKeys: [] });
      // All or nothing, and never lost once acknowledged.
      expect([expected, expected + SERVICES_PER_APPLY]).toContain(services);
      if (acknowledged) expect(applied).toBe(true);
      expected = services;
    }
    console.log(outcomes.map((o) => `[hardening] apply ${o}`).join('\n'));
    figure('apply: rounds killed inside the transaction', midway);
    expect(midway).toBeGreaterThan(0);
    const restarted = await ServerProcess.start({ dataDir, removeOnClose: true });
    try {
      const session = await signInAdmin(restarted.url);
      const answer = expectStatus(await call(restarted.url, '/api/v1/status', session), 200);
      const live = Object.fromEntries(
        (answer.json as { items: { service: string; level: string }[] }).items.map((s) => [
          s.service,
          s.level,
        ]),
      );
      expect(live).toStrictEqual(await fullRecompute(file));
      expect(Object.values(live).filter((l) => l === 'major_outage').length).toBeGreaterThan(3);
    } finally {
      await restarted.close();
    }
  }, 400_000);
});

async function openAndCount(file: string): Promise<{ services: number }> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return { services: db.prepare('select count(*) from services').pluck().get() as number };
  } finally {
    db.close();
  }
}

function schemaOf(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db
      .prepare(
        "select type || ' ' || name || ': ' || coalesce(sql, '') from sqlite_master order by type, name",
      )
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

function appliedMigrations(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('select name from kysely_migration order by name').pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('SIGKILL during a migration', () => {
  it(`leaves the database intact over ${MIGRATION_ROUNDS} kills, and migrating again ends as a clean migration does`, async () => {
    const names = Object.keys(migrations('sqlite'));
    const base = names[1] as string;
    // A database of an older version holding a model and a user: the newest schema, filled,
    // then migrated down to the second migration.
    const template = join(folder, 'old.db');
    const seeded = await openSqliteStore({ file: template });
    await seeded.migrate();
    await seeded.applyChanges(createChanges(chainModel()), { id: 'test:seed' });
    await seeded.close();
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(template) }),
    });
    const down = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateTo(base);
    await db.destroy();
    expect(down.error).toBeUndefined();
    expect(appliedMigrations(template)).toEqual(names.slice(0, 2));

    // The reference: the same file migrated without a kill, and how long that takes.
    const reference = join(folder, 'reference.db');
    copyFileSync(template, reference);
    const started = Date.now();
    const clean = await runAndKill(
      [join(ROOT, 'hardening/children/migrate-child.mjs'), DIST, reference],
      'migrated',
      0,
    );
    const duration = Date.now() - started;
    expect(clean.stdout).toContain('migrated');
    figure('migration: a clean run (process start included)', duration, 'ms');

    let midway = 0;
    for (let round = 0; round < MIGRATION_ROUNDS; round++) {
      const file = join(folder, `migrate-${round}.db`);
      copyFileSync(template, file);
      // From the start of the run to past its end (it takes a few tens of milliseconds).
      const delay = Math.random() * 30;
      const run = await runAndKill(
        [join(ROOT, 'hardening/children/migrate-child.mjs'), DIST, file],
        'migrating',
        delay,
      );
      const applied = appliedMigrations(file);
      if (!run.stdout.includes('migrated') && applied.length < names.length) midway++;
      expect(integrity(file), `round ${round}`).toStrictEqual({ integrity: 'ok', foreignKeys: [] });
      // Migrations apply in order, each whole: what is recorded is a prefix of the list.
      expect(applied).toEqual(names.slice(0, applied.length));
      const store = await openSqliteStore({ file });
      try {
        await store.migrate();
        expect(await store.loadModel()).toStrictEqual(await referenceModel(reference));
      } finally {
        await store.close();
      }
      expect(schemaOf(file)).toEqual(schemaOf(reference));
    }
    figure('migration: kills before the migrations committed', midway);
    expect(midway).toBeGreaterThan(0);
  }, 300_000);
});

async function referenceModel(file: string) {
  const store = await openSqliteStore({ file });
  try {
    return await store.loadModel();
  } finally {
    await store.close();
  }
}
