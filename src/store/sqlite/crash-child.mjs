// A child process for sqlite-crash.test.ts: opens a file store from the compiled package and
// applies a large change set, saying "applying" just before. The test kills it mid-transaction.
// Usage: node crash-child.mjs DIST_DIR DB_FILE SERVICES
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, file, services] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { openSqliteStore } = await load('src/store/sqlite/sqlite-store.js');
const { createChanges, largeModel } = await load('src/store/test-model.js');

const store = await openSqliteStore({ file });
await store.migrate();
const changes = createChanges(largeModel({ services: Number(services), fanOut: 4 }));
process.stdout.write('applying\n');
await store.applyChanges(changes, { id: 'test:crash' });
process.stdout.write('committed\n');
await store.close();
