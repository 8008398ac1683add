// A child process for ingest-crash.test.ts: the real server from the compiled package, on a
// data folder the test prepared, with every caller taken as an admin (the test is about
// durability, not sign-in) and no rate limits. Prints its URL once it listens; the test
// SIGKILLs it under load.
// Usage: node crash-server.mjs DIST_DIR DATA_DIR
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, dataDir] = process.argv.slice(2);
const { startServer } = await import(pathToFileURL(join(dist, 'src/main.js')).href);

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  logLevel: 'silent',
  demo: false,
  adminPassword: 'crash test admin password',
  operations: { rateLimits: false },
  authenticate: async () => ({
    id: 'user:crash',
    kind: 'user',
    role: 'admin',
    teams: [],
    scopes: [],
  }),
});
process.stdout.write(`listening ${server.url}\n`);
