import { join } from 'node:path';
import type { ClusterLink } from './cluster-link.js';
import { openPostgresClusterLink } from './postgres/postgres-cluster.js';
import { isPostgresUrl, redactUrl } from './postgres/postgres-connection.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** The SQLite file inside a data folder. */
export const DATABASE_FILE = 'servicechain.db';

/**
 * Opens (creating when new) and migrates the store of a deployment: PostgreSQL when
 * `DATABASE_URL` is a `postgres://` or `postgresql://` URL (the data folder then holds no
 * database), else SQLite in the data folder. The one place that picks the store; the server, the
 * CLI and the tests all open it through here. `DATABASE_SCHEMA` names a schema other than
 * `public`. Errors name the URL without its password.
 */
export async function openDataStore(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Store> {
  const url = env.DATABASE_URL?.trim();
  if (url && !isPostgresUrl(url))
    throw new Error(
      `DATABASE_URL must be a postgres:// or postgresql:// URL, not ${redactUrl(url)}`,
    );
  const store = url
    ? await openPostgresStore({ url, ...(env.DATABASE_SCHEMA && { schema: env.DATABASE_SCHEMA }) })
    : await openSqliteStore({ file: join(dataDir, DATABASE_FILE) });
  try {
    await store.migrate();
  } catch (error) {
    // Closed on either database: an open pool or file handle would keep the process alive.
    await store.close();
    throw error;
  }
  return store;
}

/**
 * The link several server instances on one database share (leadership, notices, live events):
 * on PostgreSQL, as openDataStore picks it; undefined on SQLite, where one process serves.
 */
export function openClusterLink(env: NodeJS.ProcessEnv = process.env): ClusterLink | undefined {
  const url = env.DATABASE_URL?.trim();
  if (!url || !isPostgresUrl(url)) return undefined;
  return openPostgresClusterLink({
    url,
    ...(env.DATABASE_SCHEMA && { schema: env.DATABASE_SCHEMA }),
  });
}
