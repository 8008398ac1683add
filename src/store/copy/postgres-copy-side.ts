import type pg from 'pg';
import { createPool } from '../postgres/postgres-connection.js';
import type { CopyColumn, CopySide } from './copy-side.js';

function id(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

/** `db copy` on a PostgreSQL schema (migrated before it is opened here), on one connection. */
export async function openPostgresCopySide(
  url: string,
  schema: string,
  label: string,
): Promise<CopySide> {
  const pool = createPool({ url, schema, max: 1 });
  const client: pg.PoolClient = await pool.connect();
  const identities = async (table: string) =>
    (
      await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns
         where table_schema = $1 and table_name = $2 and is_identity = 'YES'`,
        [schema, table],
      )
    ).rows.map((row) => row.column_name);
  const overriding = new Map<string, boolean>();
  return {
    label,
    flavor: 'postgres',
    async columns(table) {
      const { rows } = await client.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns
         where table_schema = $1 and table_name = $2 order by ordinal_position`,
        [schema, table],
      );
      return rows.map(
        (row): CopyColumn => ({ name: row.column_name, boolean: row.data_type === 'boolean' }),
      );
    },
    async primaryKey(table) {
      const { rows } = await client.query<{ column_name: string }>(
        `select a.attname as column_name
         from pg_index i
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
         where i.indrelid = $1::regclass and i.indisprimary
         order by array_position(i.indkey, a.attnum)`,
        [`${id(schema)}.${id(table)}`],
      );
      return rows.map((row) => row.column_name);
    },
    async count(table) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::bigint as n from ${id(table)}`,
      );
      return rows[0]?.n ?? 0;
    },
    async readPage(table, columns, key, after, limit) {
      const where =
        after === undefined
          ? ''
          : `where (${key.map(id).join(', ')}) > (${key.map((_, i) => `$${i + 1}`).join(', ')})`;
      const result = await client.query({
        text: `select ${columns.map(id).join(', ')} from ${id(table)} ${where} order by ${key.map(id).join(', ')} limit ${Number(limit)}`,
        values: [...(after ?? [])],
        rowMode: 'array',
      });
      return result.rows as unknown[][];
    },
    async begin() {
      await client.query('begin');
    },
    async insert(table, columns, rows) {
      if (!overriding.has(table)) overriding.set(table, (await identities(table)).length > 0);
      // Ids generated always as identity are copied as they are, not handed out anew.
      const clause = overriding.get(table) ? 'overriding system value' : '';
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const values: unknown[] = [];
        const tuples = chunk.map((row) => {
          const marks = row.map((value) => {
            values.push(value);
            return `$${values.length}`;
          });
          return `(${marks.join(', ')})`;
        });
        await client.query(
          `insert into ${id(table)} (${columns.map((c) => id(c.name)).join(', ')}) ${clause} values ${tuples.join(', ')}`,
          values,
        );
      }
    },
    async clear(table) {
      await client.query(`delete from ${id(table)}`);
    },
    async advanceIdentities(tables) {
      for (const table of tables)
        for (const column of await identities(table))
          await client.query(
            `select setval(pg_get_serial_sequence($1, $2), greatest(coalesce(max(${id(column)}), 0), 1), max(${id(column)}) is not null)
             from ${id(table)}`,
            [`${id(schema)}.${id(table)}`, column],
          );
    },
    async commit() {
      await client.query('commit');
    },
    async rollback() {
      await client.query('rollback').catch(() => undefined);
    },
    async close() {
      client.release();
      await pool.end();
    },
  };
}
