import type { RouteOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_ADMIN } from '../../test/demo-app.js';
import { openTestStore } from '../../test/test-store.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import { DeliveryWorker } from '../notify/delivery-worker.js';
import { AcknowledgementDesk } from '../runtime/acknowledgement-desk.js';
import { MaintenanceScheduler } from '../runtime/maintenance-scheduler.js';
import { StatusRuntime } from '../runtime/status-runtime.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';

let store: Store;
let runtime: StatusRuntime;
let stopped: string[];
beforeEach(async () => {
  store = await openTestStore();
  await store.migrate();
  runtime = await StatusRuntime.start(store);
  stopped = [];
  const note = (name: string, prototype: { stop(): unknown }) => {
    const stop = prototype.stop;
    vi.spyOn(prototype, 'stop').mockImplementation(function (this: unknown) {
      stopped.push(name);
      return stop.call(this);
    });
  };
  note('ingest pipeline', IngestPipeline.prototype);
  note('acknowledgement desk', AcknowledgementDesk.prototype);
  note('delivery worker', DeliveryWorker.prototype);
  note('maintenance scheduler', MaintenanceScheduler.prototype);
});
afterEach(async () => {
  vi.restoreAllMocks();
  runtime.stop();
  await store.close();
});

describe('createApp failing partway', () => {
  it('stops what it started, newest first, and throws the failing step’s own error', async () => {
    const failure = new Error('the notification routes cannot be added');
    // The last step: registering the notification routes, after everything has started.
    const onRoute = (route: RouteOptions) => {
      if (route.url.startsWith('/api/v1/notify/')) throw failure;
    };
    const outcome = await createApp({
      store,
      runtime,
      authenticate: async () => TEST_ADMIN,
      onRoute,
    }).then(
      () => 'started',
      (error: unknown) => error,
    );
    expect(outcome).toBe(failure);
    expect(stopped).toEqual([
      'maintenance scheduler',
      'delivery worker',
      'acknowledgement desk',
      'ingest pipeline',
    ]);
  });

  it('stops only what had started when a later step cannot start', async () => {
    const failure = new Error('the store is gone');
    vi.spyOn(MaintenanceScheduler, 'start').mockRejectedValueOnce(failure);
    await expect(createApp({ store, runtime, authenticate: async () => TEST_ADMIN })).rejects.toBe(
      failure,
    );
    expect(stopped).toEqual(['delivery worker', 'acknowledgement desk', 'ingest pipeline']);
  });

  it('stops nothing it was given', async () => {
    const ingest = await IngestPipeline.start(store, runtime);
    vi.spyOn(MaintenanceScheduler, 'start').mockRejectedValueOnce(new Error('no'));
    await expect(
      createApp({ store, runtime, ingest, authenticate: async () => TEST_ADMIN }),
    ).rejects.toThrow('no');
    expect(stopped).toEqual(['delivery worker', 'acknowledgement desk']);
    ingest.stop();
  });

  it('stops everything in the same order on an ordinary close', async () => {
    const app = await createApp({ store, runtime, authenticate: async () => TEST_ADMIN });
    expect(stopped).toEqual([]);
    await app.close();
    expect(stopped).toEqual([
      'maintenance scheduler',
      'delivery worker',
      'acknowledgement desk',
      'ingest pipeline',
    ]);
  });
});
