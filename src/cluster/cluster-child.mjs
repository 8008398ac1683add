// A child process for cluster.test.ts: the compiled server on the PostgreSQL store the
// environment names (DATABASE_URL, DATABASE_SCHEMA), every request signed in as an admin, no
// rate limits. Prints "listening URL"; ends on SIGTERM, or dies on SIGKILL as the test wants.
// Usage: node cluster-child.mjs DIST_DIR DATA_DIR
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, dataDir] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { startServer } = await load('src/main.js');
const { untilSignalled } = await load('src/shutdown.js');

const admin = { id: 'user:admin', kind: 'user', role: 'admin', teams: [], scopes: [] };
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  logLevel: process.env.CHILD_LOG_LEVEL ?? 'silent',
  demo: false,
  shutdownTimeoutMs: 2000,
  authenticate: async () => admin,
  operations: { rateLimits: false },
});
process.stdout.write(`listening ${server.url}\n`);
await untilSignalled(server.close, (message) => process.stderr.write(`${message}\n`));
process.stdout.write('stopped\n');
