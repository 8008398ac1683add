import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Transition } from '../engine/types.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { chainModel, createChanges } from '../store/test-model.js';
import { IncidentDesk } from './incident-desk.js';
import { StatusRuntime } from './status-runtime.js';

const folder = mkdtempSync(join(tmpdir(), 'servicechain-incidents-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const T = Date.parse('2026-11-28T19:00:00Z');
const alice = { id: 'user:alice' };

/** A server's moving parts on a data file: store, runtime, pipeline, desk, and what it announced. */
async function start(file: string) {
  const store = await openSqliteStore({ file });
  await store.migrate();
  const runtime = await StatusRuntime.start(store, () => T);
  const pipeline = await IngestPipeline.start(store, runtime, {
    clock: () => T,
    incidentWatchMs: 3_600_000,
  });
  const desk = new IncidentDesk({
    store,
    engine: () => runtime.engine,
    afterWrite: () => pipeline.syncIncidents(),
    clock: () => T,
  });
  const transitions: Transition[] = [];
  runtime.onTransitions((t) => transitions.push(...t));
  const level = (service: string) => runtime.engine.status(service).level;
  const stop = async () => {
    pipeline.stop();
    runtime.stop();
    await store.close();
  };
  return { store, runtime, pipeline, desk, transitions, level, stop };
}

async function seeded(name: string): Promise<string> {
  const file = join(folder, name);
  const store: Store = await openSqliteStore({ file });
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), alice);
  await store.close();
  return file;
}

describe('incidents and status agree', () => {
  it('through opening, changing, resolving and restarts', async () => {
    const file = await seeded('agree.db');
    let server = await start(file);
    const opened = await server.desk.open(
      {
        title: 'Orders are not taken',
        message: 'The order form fails',
        services: [{ service: 'order-entry', impact: 'major_outage' }],
      },
      alice,
    );
    expect(opened.id).toBe(1);
    expect(server.level('order-entry')).toBe('major_outage');
    expect(server.transitions.find((t) => t.service === 'order-entry')?.cause).toBe(
      'signal:incident/1',
    );
    expect(server.runtime.engine.explain('order-entry').signals).toStrictEqual([
      { key: 'incident/1', level: 'major_outage', summary: 'Orders are not taken' },
    ]);
    // The root cause was taken before the incident's own impact reached the engine.
    expect(opened.rootCause.map((r) => [r.service, r.explanation.level])).toStrictEqual([
      ['order-entry', 'operational'],
    ]);

    await server.desk.change(
      1,
      {
        services: [
          { service: 'db01', impact: 'major_outage' },
          { service: 'order-entry', impact: 'degraded' },
        ],
      },
      alice,
      1,
    );
    expect([server.level('order-entry'), server.level('db01')]).toStrictEqual([
      'degraded',
      'major_outage',
    ]);

    await server.stop();
    server = await start(file);
    expect([server.level('order-entry'), server.level('db01')]).toStrictEqual([
      'degraded',
      'major_outage',
    ]);

    await server.desk.change(
      1,
      { services: [{ service: 'order-entry', impact: 'degraded' }] },
      alice,
    );
    expect(server.level('db01')).toBe('operational');
    await server.desk.addUpdate(1, { message: 'Fix deployed', status: 'monitoring' }, alice);
    expect(server.level('order-entry')).toBe('degraded');
    await server.desk.resolve(1, 'All good', alice);
    expect(server.level('order-entry')).toBe('operational');
    expect(server.transitions.findLast((t) => t.service === 'order-entry')).toMatchObject({
      service: 'order-entry',
      cause: 'signal:incident/1',
      to: { level: 'operational' },
    });

    await server.stop();
    server = await start(file);
    expect(server.level('order-entry')).toBe('operational');
    await server.desk.addUpdate(
      1,
      { message: 'It is back', status: 'investigating', reopen: true },
      alice,
    );
    expect(server.level('order-entry')).toBe('degraded');
    await server.stop();
  });

  it('joins the worst of the service own inputs, and leaves the signal when resolved', async () => {
    const file = await seeded('worst.db');
    const server = await start(file);
    await server.store.setOverride({
      service: 'db02',
      level: 'partial_outage',
      author: 'user:alice',
      reason: 'r',
      createdAt: T,
      expiresAt: null,
    });
    const [recorded] = await server.store.recordSignals([
      {
        source: 'alertmanager',
        key: 'slow',
        state: 'firing',
        startsAt: T - 1000,
        endsAt: null,
        level: 'degraded',
        labels: {},
        services: ['db01'],
        receivedAt: T,
      },
    ]);
    await server.stop();
    const again = await start(file);
    expect(again.level('db01')).toBe('degraded');
    const incident = await again.desk.open(
      {
        title: 'Disk failing',
        message: 'db01 disk errors',
        services: [{ service: 'db01', impact: 'partial_outage' }],
        signals: [recorded?.id as number],
      },
      alice,
    );
    expect(incident.signals).toStrictEqual([recorded?.id]);
    expect(incident.rootCause[0]?.explanation.signals).toStrictEqual([
      { key: 'alertmanager/slow', level: 'degraded' },
    ]);
    expect(again.level('db01')).toBe('partial_outage');
    await again.desk.resolve(incident.id, 'Disk replaced', alice);
    expect(again.level('db01')).toBe('degraded');
    await again.stop();
  });

  it('picks up an incident another process wrote to the same data folder', async () => {
    const file = await seeded('elsewhere.db');
    const server = await start(file);
    const cli = await openSqliteStore({ file });
    await cli.migrate();
    const local = new IncidentDesk({
      store: cli,
      engine: async () => server.runtime.engine,
      clock: () => T,
    });
    await local.open(
      {
        title: 'Invoices late',
        message: 'Batch stuck',
        services: [{ service: 'invoicing', impact: 'partial_outage' }],
      },
      { id: 'cli:ops@host' },
    );
    expect(server.level('invoicing')).toBe('operational');
    await server.pipeline.incidentsChangedElsewhere();
    expect(server.level('invoicing')).toBe('partial_outage');
    await cli.close();
    await server.stop();
  });

  it('refuses unknown services and signals, naming each, and stores nothing', async () => {
    const file = await seeded('refuse.db');
    const server = await start(file);
    const error = await server.desk
      .open(
        {
          title: 't',
          message: 'm',
          services: [
            { service: 'db01', impact: 'degraded' },
            { service: 'db99', impact: 'degraded' },
          ],
          signals: [41],
        },
        alice,
      )
      .catch((e: Error & { details?: unknown }) => e);
    expect(error).toMatchObject({
      name: 'InputError',
      message: "services[1].service: no service 'db99' (and 1 more problems)",
      details: [
        { path: 'services[1].service', message: "no service 'db99'" },
        { path: 'signals[0]', message: 'no signal 41' },
      ],
    });
    expect(await server.store.listIncidents()).toStrictEqual([]);
    expect(server.level('db01')).toBe('operational');
    await server.stop();
  });
});
