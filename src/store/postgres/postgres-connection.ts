import pg from 'pg';
import { InputError } from '../../model/errors.js';

/** The URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL at all: say so without echoing what may hold a password.
    return '(a malformed database URL)';
  }
}

/** Whether a DATABASE_URL names PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses a schema name that would need quoting (it is spliced into `search_path` and DDL). */
export function checkSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema))
    throw new InputError(
      `schema '${schema}' is not a plain lower-case name ([a-z_][a-z0-9_]{0,62})`,
      [{ path: 'schema', message: `'${schema}' is not a plain lower-case name` }],
    );
}

/**
 * pg hands 64-bit integers (ids, ms times, counts) over as strings, since JavaScript numbers
 * stop being exact past 2^53. Ours never get there (ms times reach it in the year 287,396), so
 * they become numbers, on this pool only: other users of pg in the process keep the default.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 && format !== 'binary')
      return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PoolOptions {
  url: string;
  /** Every connection of the pool works in this schema (its `search_path`). */
  schema?: string;
  /** Connections at most (default 10). */
  max?: number;
}

/** A pool whose every connection has the schema as its search path, set when it connects. */
export function createPool(options: PoolOptions): pg.Pool {
  if (options.schema !== undefined) checkSchemaName(options.schema);
  return new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    types,
    // A startup parameter: in force before the first query, on every connection the pool opens.
    ...(options.schema !== undefined && { options: `-c search_path=${options.schema}` }),
  });
}

/**
 * Connects once, so a wrong URL or a server that is down fails at open with a message naming
 * the URL (without its password), not at the first request.
 */
export async function checkConnection(pool: pg.Pool, url: string): Promise<void> {
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`, {
      cause: error,
    });
  }
}
