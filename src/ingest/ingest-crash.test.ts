import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewStatusChange } from '../store/history-store.js';
import type { SignalRecord } from '../store/signal-store.js';
import { fullRecompute, integrity } from '../store/sqlite/crash-checks.test-helper.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { buildDependency, buildService, createChanges } from '../store/test-model.js';

/**
 * The receivers' durability under SIGKILL: a real server (the compiled package, in a child
 * process) takes Alertmanager batches from concurrent clients and is killed at a random moment,
 * 20 times. After each kill: every acknowledged alert is stored exactly once, nothing is stored
 * twice, and SQLite's integrity check passes. At the end, the restarted server's statuses equal
 * a full recompute from the stored rows.
 */
const ROUNDS = 20;
const CLIENTS = 6;
const ALERTS_PER_REQUEST = 20;

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const child = fileURLToPath(new URL('./crash-server.mjs', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'servicechain-ingest-crash-'));
const dbFile = join(folder, 'servicechain.db');

const TARGETS = Array.from({ length: 30 }, (_, i) => `svc-${i}`);

beforeAll(async () => {
  const output = await new Promise<string>((resolve) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root }, (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
  if (!existsSync(join(dist, 'src/main.js')))
    throw new Error(`tsc did not emit main.js:\n${output}`);
  const store = await openSqliteStore({ file: dbFile });
  await store.migrate();
  const services = [
    ...TARGETS.map((id) =>
      buildService({ id, signals: [{ match: { target: id }, matchRegex: {} }] }),
    ),
    ...Array.from({ length: 10 }, (_, j) => buildService({ id: `app-${j}` })),
    buildService({ id: 'biz', rule: { kind: 'best' } }),
  ];
  const dependencies = [
    ...TARGETS.map((id, i) => buildDependency({ from: `app-${i % 10}`, to: id })),
    ...Array.from({ length: 10 }, (_, j) => buildDependency({ from: 'biz', to: `app-${j}` })),
  ];
  await store.applyChanges(
    createChanges({ parties: [], services, dependencies, subscriptions: [] }),
    { id: 'test:crash' },
  );
  await store.close();
}, 180_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Server {
  proc: ChildProcess;
  url: string;
}

function startServer(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dist, folder]);
    let stdout = '';
    let stderr = '';
    proc.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    proc.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening (\S+)\n/.exec(stdout);
      if (match) resolve({ proc, url: match[1] as string });
    });
    proc.on('exit', (code) =>
      reject(new Error(`server exited (${code}) before listening:\n${stderr}`)),
    );
  });
}

function kill(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) return resolve();
    server.proc.once('exit', () => resolve());
    server.proc.kill('SIGKILL');
  });
}

interface Identity {
  key: string;
  startsAt: number;
  state: 'firing' | 'resolved';
}

/** One client: posts batches until the server dies; records what was acknowledged. */
async function client(
  url: string,
  name: string,
  acked: Identity[],
  firing: Identity[],
): Promise<void> {
  for (let n = 0; ; n++) {
    const batch: Identity[] = [];
    const alerts = Array.from({ length: ALERTS_PER_REQUEST }, (_, i) => {
      const resolving = i % 4 === 3 && firing.length > 0 ? firing.shift() : undefined;
      const identity: Identity = resolving
        ? { ...resolving, state: 'resolved' }
        : {
            key: `${name}-${n}-${i}`,
            startsAt: Date.UTC(2026, 10, 28, 12, 0, n % 60),
            state: 'firing',
          };
      batch.push(identity);
      const target = TARGETS[(n * 7 + i) % TARGETS.length] as string;
      return {
        status: identity.state,
        labels: {
          alertname: 'Crash',
          target,
          severity: i % 2 ? 'critical' : 'warning',
          key: identity.key,
        },
        annotations: { summary: 'crash test' },
        startsAt: new Date(identity.startsAt).toISOString(),
        endsAt:
          identity.state === 'resolved'
            ? new Date(identity.startsAt + 1000).toISOString()
            : '0001-01-01T00:00:00Z',
        fingerprint: identity.key,
      };
    });
    let ok = false;
    try {
      const response = await fetch(`${url}/api/v1/signals/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: '4', alerts }),
      });
      ok = response.status === 200;
      await response.arrayBuffer();
    } catch {
      return; // the server is gone
    }
    if (!ok) throw new Error('the receiver refused a valid batch');
    acked.push(...batch);
    firing.push(...batch.filter((b) => b.state === 'firing'));
  }
}

function checkDatabase(acked: readonly Identity[]): {
  integrity: string;
  missing: number;
  duplicates: number;
} {
  const db = new BetterSqlite3(dbFile);
  try {
    const count = db
      .prepare(
        "select count(*) from signals where source = 'alertmanager' and key = ? and starts_at = ? and state = ?",
      )
      .pluck();
    let missing = 0;
    for (const a of acked) if (count.get(a.key, a.startsAt, a.state) !== 1) missing++;
    const duplicates = db
      .prepare(
        'select count(*) from (select 1 from signals group by source, key, starts_at, state having count(*) > 1)',
      )
      .pluck()
      .get() as number;
    return { integrity: integrity(dbFile).integrity, missing, duplicates };
  } finally {
    db.close();
  }
}

describe('signals under SIGKILL', () => {
  it(`lose nothing acknowledged and store nothing twice over ${ROUNDS} kills, and restart to a full recompute`, async () => {
    const acked: Identity[] = [];
    const firing: Identity[] = [];
    let killedWithLoad = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServer();
      const before = acked.length;
      const clients = Array.from({ length: CLIENTS }, (_, c) =>
        client(server.url, `r${round}c${c}`, acked, firing),
      );
      // Kill only once the load is on (a loaded machine may be slow to answer the first batch).
      for (let waited = 0; acked.length === before && waited < 20_000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 500));
      await kill(server);
      await Promise.all(clients);
      if (acked.length > before) killedWithLoad++;
      const check = checkDatabase(acked);
      expect(check, `after kill ${round + 1}`).toStrictEqual({
        integrity: 'ok',
        missing: 0,
        duplicates: 0,
      });
    }
    expect(killedWithLoad).toBe(ROUNDS);
    const server = await startServer();
    try {
      const response = await fetch(`${server.url}/api/v1/status`);
      const { items } = (await response.json()) as { items: { service: string; level: string }[] };
      const restarted = Object.fromEntries(items.map((s) => [s.service, s.level]));
      expect(restarted).toStrictEqual(await fullRecompute(dbFile));
      expect(Object.values(restarted).some((level) => level !== 'operational')).toBe(true);
    } finally {
      await kill(server);
    }
  }, 150_000);
});

/**
 * The writer thread exists only in the compiled package (the tests run the sources, where the
 * store writes on its own connection), so it is checked here, where the package was built: the
 * same writes through the thread and in process give the same answers and the same stored rows.
 */
describe('the writer thread of the compiled store', () => {
  const signal = (key: string, over: Partial<SignalRecord> = {}): SignalRecord => ({
    source: 'alertmanager',
    key,
    state: 'firing',
    startsAt: 1_000,
    endsAt: 5_000,
    level: 'major_outage',
    labels: { alertname: 'Down', target: key },
    summary: `${key} is down`,
    services: ['svc-1'],
    receivedAt: 1_500,
    ...over,
  });
  const operational = { level: 'operational', maintenance: false, acknowledged: false } as const;
  const down = { level: 'major_outage', maintenance: false, acknowledged: false } as const;
  const change = (service: string, at: number, up: boolean): NewStatusChange => ({
    service,
    at,
    from: up ? down : operational,
    to: up ? operational : down,
    cause: up ? 'signal:alertmanager/a' : 'dependency:db',
  });

  async function exercise(store: Store) {
    await store.migrate();
    const first = await store.recordSignals([signal('a'), signal('b', { state: 'resolved' })]);
    const again = await store.recordSignals([signal('a'), signal('b', { state: 'resolved' })]);
    const later = await store.recordSignals([
      signal('a', { endsAt: 9_000, level: 'degraded', services: ['svc-2'] }),
    ]);
    await store.recordStatusChanges([change('svc-1', 2_000, false), change('app-1', 2_000, false)]);
    const snapshot = await store.writeStatusSnapshot(2_500);
    await store.recordStatusChanges([change('svc-1', 3_000, true)]);
    const refused = await store
      .recordStatusChanges([{ ...change('svc-1', 4_000, true), at: 1.5 }])
      .then(
        () => 'stored',
        (error: Error) => error.message,
      );
    return {
      first,
      again,
      later,
      snapshot,
      refused,
      changes: (await store.listStatusChanges({ from: 0, to: 10_000 })).map(({ id, ...c }) => c),
      at2500: await store.stateAt(2_500),
      at3500: await store.stateAt(3_500),
      active: (await store.listActiveSignals(2_000)).map((s) => [s.key, s.endsAt]),
    };
  }

  it('records signals and history as the store does in process', async () => {
    const compiled = (await import(
      pathToFileURL(join(dist, 'src/store/sqlite/sqlite-store.js')).href
    )) as typeof import('../store/sqlite/sqlite-store.js');
    const threaded = await compiled.openSqliteStore({ file: join(folder, 'writer-thread.db') });
    const inProcess = await openSqliteStore({ file: join(folder, 'in-process.db') });
    try {
      const viaThread = await exercise(threaded);
      expect(viaThread).toStrictEqual(await exercise(inProcess));
      expect(viaThread.first.map((r) => [r.outcome, r.head])).toStrictEqual([
        ['new', true],
        ['new', true],
      ]);
      expect(viaThread.again.map((r) => r.outcome)).toStrictEqual(['duplicate', 'duplicate']);
      expect(viaThread.later).toStrictEqual([
        {
          id: viaThread.first[0]?.id,
          outcome: 'extended',
          head: true,
          stored: { level: 'major_outage', services: ['svc-1'], summary: 'a is down' },
        },
      ]);
      expect(viaThread.snapshot).toStrictEqual({ services: 2 });
      expect(viaThread.refused).toContain('changes[0].at');
      expect(viaThread.changes.map((c) => [c.service, c.at, c.to.level])).toStrictEqual([
        ['svc-1', 2_000, 'major_outage'],
        ['app-1', 2_000, 'major_outage'],
        ['svc-1', 3_000, 'operational'],
      ]);
      expect(viaThread.at3500.map((s) => s.service)).toStrictEqual(['app-1']);
      expect(viaThread.active).toStrictEqual([['a', 9_000]]);
    } finally {
      await threaded.close();
      await inProcess.close();
    }
  });
});
