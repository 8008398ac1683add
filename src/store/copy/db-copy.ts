import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError, InputError } from '../../model/errors.js';
import { DATABASE_FILE } from '../open-store.js';
import { isPostgresUrl, redactUrl } from '../postgres/postgres-connection.js';
import { openPostgresStore } from '../postgres/postgres-store.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import { type CopySide, convert } from './copy-side.js';
import { migratedTables, NOT_COPIED } from './migrated-tables.js';
import { openPostgresCopySide } from './postgres-copy-side.js';
import { openSqliteCopySide } from './sqlite-copy-side.js';

export interface CopyOptions {
  /** A SQLite file or data folder, or a postgres:// URL (`?schema=NAME` for a schema but public). */
  from: string;
  to: string;
  /** Empty a target that holds data first, instead of refusing. */
  force?: boolean;
  /** Rows read and written at a time (default 5000). */
  batchSize?: number;
  /** Progress lines (the CLI writes them to stderr). */
  progress?: (line: string) => void;
}

export interface CopyReport {
  tables: { table: string; rows: number }[];
  skipped: string[];
}

/**
 * Copies every table the migrations create from one database to another, SQLite or PostgreSQL
 * either way, a batch at a time, in one transaction on the target. Both ends are migrated to
 * the latest first. Refuses (ConflictError) a target that holds data unless `force`; checks at
 * the end that every table holds as many rows as the source; on PostgreSQL moves every identity
 * on past the copied ids. Copy from a source no server is writing to.
 */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const progress = options.progress ?? (() => undefined);
  const batchSize = options.batchSize ?? 5000;
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new InputError(`batch size must be a whole number of 1 or more: ${batchSize}`, [
      { path: 'batchSize', message: `'${batchSize}' is not a whole number of 1 or more` },
    ]);
  const source = await openEnd(options.from, 'from', false);
  let target: CopySide | undefined;
  try {
    target = await openEnd(options.to, 'to', true);
    if (source.label === target.label)
      throw new InputError('--from and --to name the same database', [
        { path: 'to', message: `'${target.label}' is the source too` },
      ]);
    const all = await migratedTables();
    const tables = all.filter((table) => !(table in NOT_COPIED));
    const skipped = all.filter((table) => table in NOT_COPIED);
    for (const table of skipped) progress(`${table}: not copied (${NOT_COPIED[table]})`);
    return await copyTables(source, target, tables, skipped, {
      force: options.force ?? false,
      batchSize,
      progress,
    });
  } finally {
    await target?.close();
    await source.close();
  }
}

async function copyTables(
  source: CopySide,
  target: CopySide,
  tables: readonly string[],
  skipped: string[],
  options: { force: boolean; batchSize: number; progress: (line: string) => void },
): Promise<CopyReport> {
  const { progress } = options;
  const held: string[] = [];
  for (const table of tables) if ((await target.count(table)) > 0) held.push(table);
  if (held.length > 0 && !options.force)
    throw new ConflictError(
      `${target.label} holds data (${held.join(', ')}): copy into an empty database, or add --force to empty it first`,
    );
  await target.begin();
  try {
    // Referring tables first, so nothing is deleted while something still refers to it.
    for (const table of [...held].reverse()) await target.clear(table);
    if (held.length > 0) progress(`emptied ${held.length} tables of ${target.label}`);
    const report: CopyReport = { tables: [], skipped };
    for (const table of tables) {
      const rows = await copyTable(source, target, table, options);
      report.tables.push({ table, rows });
    }
    await target.advanceIdentities(tables);
    for (const { table, rows } of report.tables) {
      const copied = await target.count(table);
      if (copied !== rows)
        throw new Error(
          `${table}: ${rows} rows read from ${source.label}, ${copied} in the target`,
        );
    }
    await target.commit();
    const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
    progress(`copied ${total} rows in ${tables.length} tables; counts checked`);
    return report;
  } catch (error) {
    await target.rollback();
    throw error;
  }
}

async function copyTable(
  source: CopySide,
  target: CopySide,
  table: string,
  options: { batchSize: number; progress: (line: string) => void },
): Promise<number> {
  const total = await source.count(table);
  const columns = await source.columns(table);
  const targetColumns = new Map((await target.columns(table)).map((c) => [c.name, c]));
  const written = columns.map((column) => {
    const there = targetColumns.get(column.name);
    if (!there) throw new Error(`${table}.${column.name} is missing in ${target.label}`);
    return there;
  });
  const key = await source.primaryKey(table);
  if (key.length === 0) throw new Error(`${table} has no primary key to page through`);
  const keyAt = key.map((name) => columns.findIndex((c) => c.name === name));
  let after: unknown[] | undefined;
  let copied = 0;
  let told = Date.now();
  for (;;) {
    const page = await source.readPage(
      table,
      columns.map((c) => c.name),
      key,
      after,
      options.batchSize,
    );
    if (page.length === 0) break;
    await target.insert(
      table,
      written,
      page.map((row) => row.map((value, i) => convert(value, written[i] as never, target.flavor))),
    );
    copied += page.length;
    const last = page.at(-1) as unknown[];
    after = keyAt.map((i) => last[i]);
    if (Date.now() - told >= 1000) {
      options.progress(`${table}: ${copied} of ${total} rows`);
      told = Date.now();
    }
    if (page.length < options.batchSize) break;
  }
  options.progress(`${table}: ${copied} rows`);
  return copied;
}

/** Opens one end: migrates it with the store's own code, then opens it for copying. */
async function openEnd(where: string, flag: 'from' | 'to', create: boolean): Promise<CopySide> {
  if (isPostgresUrl(where)) {
    const parsed = new URL(where);
    const schema = parsed.searchParams.get('schema') ?? 'public';
    parsed.searchParams.delete('schema');
    const url = parsed.toString();
    const store = await openPostgresStore({ url, schema });
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    return openPostgresCopySide(url, schema, `${redactUrl(url)} (schema ${schema})`);
  }
  const file =
    existsSync(where) && statSync(where).isDirectory() ? join(where, DATABASE_FILE) : where;
  if (!create && !existsSync(file))
    throw new InputError(`--${flag}: no database at ${file}`, [
      { path: flag, message: `no SQLite database at '${file}'` },
    ]);
  const store = await openSqliteStore({ file });
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  return openSqliteCopySide(file, file);
}
