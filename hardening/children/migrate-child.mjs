// A child process for hardening/crash.test.ts: opens a SQLite file store from the compiled
// package and brings its schema up to date, saying "migrating" just before and "migrated" once
// done. The test kills it with SIGKILL at a random moment in between.
// Usage: node migrate-child.mjs DIST_DIR DB_FILE
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, file] = process.argv.slice(2);
const { openSqliteStore } = await import(
  pathToFileURL(join(dist, 'src/store/sqlite/sqlite-store.js')).href
);
const store = await openSqliteStore({ file });
process.stdout.write('migrating\n');
await store.migrate();
process.stdout.write('migrated\n');
await store.close();
