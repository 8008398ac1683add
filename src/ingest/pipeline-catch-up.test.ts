import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/test-store.js';
import { StatusRuntime } from '../runtime/status-runtime.js';
import { engineWithStoredInputs } from '../runtime/stored-inputs.js';
import type { Store } from '../store/store.js';
import { chainModel, createChanges } from '../store/test-model.js';
import { genericSource } from './generic/generic.js';
import { IngestPipeline } from './pipeline.js';

const now = Date.parse('2026-11-28T20:00:00Z');
const clock = () => now;
let stores: Store[] = [];
let pipelines: IngestPipeline[] = [];

afterEach(async () => {
  for (const pipeline of pipelines.splice(0)) pipeline.stop();
  for (const store of stores.splice(0)) await store.close();
  stores = [];
  pipelines = [];
});

/** Two server instances on one store: each its own engine and pipeline. */
async function twoInstances() {
  const store = await openTestStore();
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), { id: 'user:alice' });
  stores.push(store);
  const instance = async () => {
    const runtime = await StatusRuntime.start(store, clock);
    let stored = 0;
    const pipeline = await IngestPipeline.start(store, runtime, {
      clock,
      onStored: () => {
        stored++;
      },
    });
    pipelines.push(pipeline);
    return { runtime, pipeline, stored: () => stored };
  };
  return { store, a: await instance(), b: await instance() };
}

const signal = (key: string, service: string, extra: Record<string, unknown> = {}) => ({
  source: 'nagios',
  key,
  service,
  level: 'major_outage',
  startsAt: '2026-11-28T19:00:00Z',
  ...extra,
});

function levels(runtime: StatusRuntime) {
  return [...runtime.engine.statuses()].map(({ service, level, own }) => ({ service, level, own }));
}

async function recomputed(store: Store) {
  const engine = await engineWithStoredInputs(store, now);
  return [...engine.statuses()].map(({ service, level, own }) => ({ service, level, own }));
}

describe('IngestPipeline.catchUp', () => {
  it('brings an engine to what another instance stored: signals, resolutions, overrides', async () => {
    const { store, a, b } = await twoInstances();
    await a.pipeline.ingest(genericSource, signal('db/1', 'db01'));
    await a.pipeline.ingest(genericSource, signal('sap/1', 'sap-erp', { level: 'degraded' }));
    await a.pipeline.setOverride({
      service: 'invoicing',
      level: 'partial_outage',
      reason: 'checking',
      expiresAt: null,
      author: 'user:alice',
    });
    expect(a.stored()).toBe(3);
    expect(b.runtime.engine.status('db01').level).toBe('operational');

    await b.pipeline.catchUp();
    expect(levels(b.runtime)).toStrictEqual(levels(a.runtime));
    expect(levels(b.runtime)).toStrictEqual(await recomputed(store));
    expect(b.runtime.engine.status('db01').level).toBe('major_outage');

    await a.pipeline.ingest(genericSource, signal('db/1', 'db01', { state: 'resolved' }));
    await a.pipeline.clearOverride('invoicing', 'user:alice');
    await b.pipeline.catchUp();
    expect(levels(b.runtime)).toStrictEqual(await recomputed(store));
    expect(b.runtime.engine.status('db01').level).toBe('operational');
    expect(b.runtime.engine.status('invoicing').own).toBe('operational');
  });

  it('keeps what its own instance stored while the store was being read', async () => {
    const { store, a, b } = await twoInstances();
    await a.pipeline.ingest(genericSource, signal('db/1', 'db01'));
    // Started before b's own write lands; b's write must survive whichever read it follows.
    const catching = b.pipeline.catchUp();
    const own = b.pipeline.ingest(genericSource, signal('sap/1', 'sap-erp'));
    const again = b.pipeline.catchUp();
    await Promise.all([catching, own, again]);
    expect(b.runtime.engine.status('sap-erp').own).toBe('major_outage');
    expect(b.runtime.engine.status('db01').own).toBe('major_outage');
    expect(levels(b.runtime)).toStrictEqual(await recomputed(store));
  });

  it('announces no transition when nothing changed in the store', async () => {
    const { a, b } = await twoInstances();
    await a.pipeline.ingest(genericSource, signal('db/1', 'db01'));
    await b.pipeline.catchUp();
    let heard = 0;
    b.runtime.onTransitions((t) => {
      heard += t.length;
    });
    await b.pipeline.catchUp();
    expect(heard).toBe(0);
  });
});
