import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { createApp } from '../src/api/app.js';
import { openDataStore } from '../src/cli/data-store.js';
import { StatusRuntime } from '../src/runtime/status-runtime.js';
import type { Store } from '../src/store/store.js';
import { type CliResult, runCli, tempFolderPerTest } from './cli-run.js';
import { TEST_ADMIN } from './demo-app.js';

/**
 * For CLI commands that read a data folder or a server: each test gets a data folder seeded by
 * `seed`, and `both(...args)` runs the command against the folder and against a server over the
 * same store (started on first use, closed after the test), so a test can hold the two answers
 * to each other.
 */
export function dataFolderAndServer(
  prefix: string,
  seed: (store: Store) => Promise<void>,
): {
  both(...args: string[]): Promise<{ local: CliResult; remote: CliResult }>;
  /** `--data DIR` of the test's data folder. */
  dataArgs(): string[];
} {
  const temp = tempFolderPerTest(prefix);
  const saved = { ...process.env };
  let store: Store;
  let server: FastifyInstance | undefined;
  beforeEach(async () => {
    store = await openDataStore(join(temp.folder(), 'data'));
    await seed(store);
    delete process.env.SERVICECHAIN_SERVER;
    process.env.SERVICECHAIN_TOKEN = 'sc_test';
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await store.close();
    for (const name of ['SERVICECHAIN_SERVER', 'SERVICECHAIN_TOKEN'])
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
  });
  return {
    dataArgs: () => temp.dataArgs(),
    async both(...args: string[]) {
      const local = await runCli(...args, ...temp.dataArgs());
      server ??= await createApp({
        store,
        runtime: await StatusRuntime.start(store),
        authenticate: async () => TEST_ADMIN,
      });
      const url = server.server.listening
        ? `http://127.0.0.1:${(server.server.address() as { port: number }).port}`
        : await server.listen({ port: 0, host: '127.0.0.1' });
      const remote = await runCli(...args, '--server', url);
      return { local, remote };
    },
  };
}
