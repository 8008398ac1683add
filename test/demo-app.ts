import type { FastifyInstance } from 'fastify';
import type { Principal } from '../src/api/access.js';
import { createApp } from '../src/api/app.js';
import { planFiles } from '../src/as-code/model-files.js';
import { planToChanges } from '../src/as-code/plan.js';
import { formatProblem } from '../src/model/errors.js';
import { demoModelPath } from '../src/package-root.js';
import { StatusRuntime } from '../src/runtime/status-runtime.js';
import type { Store } from '../src/store/store.js';
import { openTestStore } from './test-store.js';

export interface DemoApp {
  app: FastifyInstance;
  store: Store;
  runtime: StatusRuntime;
  close(): Promise<void>;
}

/** An admin, as tests sign in by default. */
export const TEST_ADMIN: Principal = {
  id: 'user:test-admin',
  kind: 'user',
  role: 'admin',
  teams: [],
  scopes: [],
};

/**
 * The API over an in-memory store holding the demo model (or the model files at `path`). Every
 * request is made as `principal` (an admin unless told otherwise; undefined for nobody).
 */
export async function demoApp(
  path = demoModelPath(),
  principal: Principal | undefined = TEST_ADMIN,
): Promise<DemoApp> {
  const store = await openTestStore();
  await store.migrate();
  await applyModelFiles(store, path);
  const runtime = await StatusRuntime.start(store, () => Date.parse('2026-11-28T12:00:00Z'));
  const app = await createApp({ store, runtime, authenticate: async () => principal });
  return {
    app,
    store,
    runtime,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** Applies the model files at `path` (the demo model unless told) to a migrated `store`. */
export async function applyModelFiles(store: Store, path = demoModelPath()): Promise<void> {
  const outcome = await planFiles(path, await store.loadModel(), { prune: false });
  if (!outcome.ok)
    throw new Error(`model invalid:\n${outcome.problems.map(formatProblem).join('\n')}`);
  await store.applyChanges(planToChanges(outcome.value.plan, outcome.value.desired), {
    id: 'test',
  });
}
