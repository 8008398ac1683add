// A child process for shutdown.test.ts: the compiled server, as `serve` runs it, with every
// request signed in as an admin. Prints "listening URL", and "stopped" once shut down.
// Usage: node shutdown-child.mjs DIST_DIR DATA_DIR
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
  logLevel: 'silent',
  demo: true,
  shutdownTimeoutMs: 5000,
  authenticate: async () => admin,
});
process.stdout.write(`listening ${server.url}\n`);
await untilSignalled(server.close, (message) => process.stderr.write(`${message}\n`));
process.stdout.write('stopped\n');
