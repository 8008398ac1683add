import type { FastifyInstance } from 'fastify';
import { createApp } from '../src/api/app.js';
import { IngestPipeline } from '../src/ingest/pipeline.js';
import { AcknowledgementDesk } from '../src/runtime/acknowledgement-desk.js';
import { StatusRuntime } from '../src/runtime/status-runtime.js';
import { chainModel, createChanges } from '../src/store/test-model.js';
import { TEST_ADMIN } from './demo-app.js';
import { openTestStore } from './test-store.js';

export interface StoppedClockApp {
  app: FastifyInstance;
  pipeline: IngestPipeline;
  close(): Promise<void>;
}

/**
 * The app over the chain model, signed in as an admin, with the runtime, the ingest pipeline and
 * the acknowledgement desk all reading one clock stopped at `at`: for checks that the routes read
 * times against the same clock as what they call.
 */
export async function stoppedClockApp(at: number): Promise<StoppedClockApp> {
  const clock = () => at;
  const store = await openTestStore();
  await store.migrate();
  await store.applyChanges(createChanges(chainModel()), { id: 'user:alice' });
  const runtime = await StatusRuntime.start(store, clock);
  const pipeline = await IngestPipeline.start(store, runtime, { clock });
  const desk = new AcknowledgementDesk({ store, runtime, inputs: pipeline, clock });
  const app = await createApp({
    store,
    runtime,
    ingest: pipeline,
    acknowledgements: desk,
    authenticate: async () => TEST_ADMIN,
  });
  return {
    app,
    pipeline,
    close: async () => {
      await app.close();
      desk.stop();
      pipeline.stop();
      await store.close();
    },
  };
}
