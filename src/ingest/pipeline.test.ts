import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestStore } from '../../test/test-store.js';
import type { Transition } from '../engine/types.js';
import { InputError, NotFoundError } from '../model/errors.js';
import { StatusRuntime } from '../runtime/status-runtime.js';
import type { Store } from '../store/store.js';
import { buildService, chainModel, createChanges } from '../store/test-model.js';
import { alertmanagerSource } from './alertmanager/alertmanager.js';
import { genericSource } from './generic/generic.js';
import { IngestPipeline } from './pipeline.js';

let now = Date.parse('2026-11-28T20:00:00Z');
const clock = () => now;
const open: { store: Store; runtime: StatusRuntime; pipeline: IngestPipeline }[] = [];

async function start(store?: Store) {
  const s = store ?? (await openTestStore());
  if (!store) {
    await s.migrate();
    await s.applyChanges(createChanges(chainModel()), { id: 'user:alice' });
  }
  const runtime = await StatusRuntime.start(s, clock);
  const pipeline = await IngestPipeline.start(s, runtime, { clock });
  const transitions: Transition[] = [];
  runtime.onTransitions((t) => transitions.push(...t));
  open.push({ store: s, runtime, pipeline });
  return { store: s, runtime, pipeline, transitions };
}

afterEach(async () => {
  for (const { store, pipeline } of open.splice(0)) {
    pipeline.stop();
    await store.close();
  }
  now = Date.parse('2026-11-28T20:00:00Z');
});

const sapAlert = (extra: Record<string, unknown> = {}) => ({
  status: 'firing',
  labels: { job: 'sap', instance: 'sap-01', severity: 'critical' },
  annotations: { summary: 'SAP down' },
  startsAt: '2026-11-28T19:55:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  fingerprint: 'f00d',
  ...extra,
});
const group = (...alerts: unknown[]) => ({ version: '4', alerts });

describe('IngestPipeline', () => {
  it('stores a firing alert, maps it and changes the status, announcing the transitions', async () => {
    const { pipeline, runtime, transitions } = await start();
    const result = await pipeline.ingest(alertmanagerSource, group(sapAlert()));
    expect(result).toStrictEqual({
      received: 1,
      stored: 1,
      duplicates: 0,
      unmatched: 0,
      notes: [],
    });
    expect(runtime.engine.status('sap-erp').level).toBe('major_outage');
    expect(transitions.map((t) => [t.service, t.to.level, t.cause])).toContainEqual([
      'sap-erp',
      'major_outage',
      'signal:alertmanager/f00d',
    ]);
  });

  it('treats a redelivery as a duplicate that changes nothing, and a resolved alert clears', async () => {
    const { pipeline, runtime, transitions } = await start();
    await pipeline.ingest(alertmanagerSource, group(sapAlert()));
    const seen = transitions.length;
    const again = await pipeline.ingest(alertmanagerSource, group(sapAlert()));
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
    expect(transitions).toHaveLength(seen);
    await pipeline.ingest(
      alertmanagerSource,
      group(sapAlert({ status: 'resolved', endsAt: '2026-11-28T19:59:00Z' })),
    );
    expect(runtime.engine.status('sap-erp').level).toBe('operational');
  });

  it('lets an alert that is not resent lapse at its endsAt', async () => {
    const { pipeline, runtime } = await start();
    await pipeline.ingest(alertmanagerSource, group(sapAlert({ endsAt: '2026-11-28T20:05:00Z' })));
    expect(runtime.engine.status('sap-erp').level).toBe('major_outage');
    pipeline.expire(Date.parse('2026-11-28T20:04:59Z'));
    expect(runtime.engine.status('sap-erp').level).toBe('major_outage');
    pipeline.expire(Date.parse('2026-11-28T20:05:00Z'));
    expect(runtime.engine.status('sap-erp').level).toBe('operational');
  });

  it('keeps and lists a signal that matches no service, with the reason', async () => {
    const { pipeline } = await start();
    const result = await pipeline.ingest(genericSource, {
      source: 'nagios',
      key: 'mail/smtp',
      severity: 'critical',
    });
    expect(result.unmatched).toBe(1);
    const [listed] = await pipeline.listUnmatched({});
    expect([listed?.source, listed?.key, listed?.level, listed?.unmatched]).toStrictEqual([
      'nagios',
      'mail/smtp',
      'major_outage',
      "no service's spec.signals select these labels, and it names no service (servicechain_service label)",
    ]);
  });

  it('maps active signals again when the model gains a service that selects them', async () => {
    const { pipeline, runtime, store } = await start();
    await pipeline.ingest(genericSource, {
      source: 'nagios',
      key: 'smtp',
      labels: { job: 'mail' },
      level: 'partial_outage',
    });
    expect(await pipeline.listUnmatched({})).toHaveLength(1);
    const mail = buildService({
      id: 'mail',
      signals: [{ match: { job: 'mail' }, matchRegex: {} }],
    });
    await store.applyChanges([{ op: 'create', kind: 'service', key: 'mail', after: mail }], {
      id: 'user:alice',
    });
    await runtime.modelChanged();
    const patience = { timeout: 5000 };
    await vi.waitFor(
      () => expect(runtime.engine.status('mail').level).toBe('partial_outage'),
      patience,
    );
    await vi.waitFor(
      async () => expect(await pipeline.listUnmatched({})).toStrictEqual([]),
      patience,
    );
    const [stored] = await store.listActiveSignals(now);
    expect(stored?.services).toStrictEqual(['mail']);
  });

  it('refuses a bad body whole, storing nothing of it', async () => {
    const { pipeline, store } = await start();
    const error = await pipeline
      .ingest(alertmanagerSource, group(sapAlert(), { labels: {} }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('alerts[1].startsAt: is missing');
    expect(await store.listActiveSignals(now)).toStrictEqual([]);
  });

  it('rebuilds the same statuses from the store after a restart', async () => {
    const first = await start();
    await first.pipeline.ingest(alertmanagerSource, group(sapAlert()));
    await first.pipeline.ingest(genericSource, {
      source: 'nagios',
      key: 'db',
      service: 'db02',
      level: 'partial_outage',
    });
    await first.pipeline.setOverride({
      service: 'invoicing',
      level: 'degraded',
      reason: 'month end',
      expiresAt: null,
      author: 'user:alice',
    });
    const before = [...first.runtime.engine.statuses()];
    first.pipeline.stop();
    const second = await start(first.store);
    expect(
      [...second.runtime.engine.statuses()].map(({ since: _s, ...rest }) => rest),
    ).toStrictEqual(before.map(({ since: _s, ...rest }) => rest));
    expect(second.runtime.engine.recompute()).toBe(0);
  });

  it('sets, clears and expires manual overrides', async () => {
    const { pipeline, runtime } = await start();
    const record = await pipeline.setOverride({
      service: 'db01',
      level: 'major_outage',
      reason: 'disk swap',
      expiresAt: now + 60_000,
      author: 'user:alice',
    });
    expect(record.author).toBe('user:alice');
    expect(runtime.engine.explain('db01').override).toStrictEqual({
      level: 'major_outage',
      author: 'user:alice',
      reason: 'disk swap',
    });
    await pipeline.clearOverride('db01', 'user:bob');
    expect(runtime.engine.status('db01').level).toBe('operational');
    await expect(pipeline.clearOverride('db01', 'user:bob')).rejects.toBeInstanceOf(NotFoundError);
    await pipeline.setOverride({
      service: 'db01',
      level: 'degraded',
      reason: 'x',
      expiresAt: now + 1000,
      author: 'user:alice',
    });
    pipeline.expire(now + 1000);
    expect(runtime.engine.status('db01').level).toBe('operational');
    await expect(
      pipeline.setOverride({
        service: 'nope',
        level: 'degraded',
        reason: 'x',
        expiresAt: null,
        author: 'a',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      pipeline.setOverride({
        service: 'db01',
        level: 'degraded',
        reason: ' ',
        expiresAt: now - 1,
        author: 'a',
      }),
    ).rejects.toThrow('reason: say why the status is set by hand (and 1 more problems)');
  });

  it('puts the engine in step when a commit was stored but its answer was lost', async () => {
    const { pipeline, store, runtime } = await start();
    const record = store.recordSignals.bind(store);
    let lose = true;
    store.recordSignals = async (signals) => {
      const results = await record(signals);
      if (!lose) return results;
      lose = false;
      throw new Error('the writer thread stopped');
    };
    await expect(pipeline.ingest(alertmanagerSource, group(sapAlert()))).rejects.toThrow(
      'the writer thread stopped',
    );
    // The sender tries again: a duplicate, stored before.
    const again = await pipeline.ingest(alertmanagerSource, group(sapAlert()));
    expect([again.stored, again.duplicates]).toStrictEqual([0, 1]);
    await vi.waitFor(() => expect(runtime.engine.status('sap-erp').level).toBe('major_outage'));
  });

  it('commits concurrent requests together, and a failing request fails alone', async () => {
    const { pipeline, store } = await start();
    const calls: number[] = [];
    const record = store.recordSignals.bind(store);
    store.recordSignals = async (signals) => {
      calls.push(signals.length);
      if (signals.some((s) => s.key === 'poison')) throw new Error('disk full');
      return record(signals);
    };
    const results = await Promise.allSettled([
      pipeline.ingest(genericSource, { source: 's', key: 'a' }),
      pipeline.ingest(genericSource, { source: 's', key: 'poison' }),
      pipeline.ingest(genericSource, [
        { source: 's', key: 'b' },
        { source: 's', key: 'c' },
      ]),
    ]);
    expect(results.map((r) => r.status)).toStrictEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toStrictEqual([4, 1, 1, 2]);
  });
});
