import type { SqlFlavor } from '../migrations.js';

/** One column as a copy reads and writes it. */
export interface CopyColumn {
  name: string;
  /** PostgreSQL keeps flags as booleans, SQLite as 0 and 1. */
  boolean: boolean;
}

/**
 * One end of `db copy`, over a migrated database, in the SQL of its kind. Reads page through a
 * table by its primary key; writes go into one transaction (`begin` to `commit`), so a copy that
 * fails leaves the target as it was.
 */
export interface CopySide {
  /** What the user named, without a password. */
  readonly label: string;
  readonly flavor: SqlFlavor;
  columns(table: string): Promise<CopyColumn[]>;
  primaryKey(table: string): Promise<string[]>;
  count(table: string): Promise<number>;
  /** Rows as arrays in `columns` order, after the key `after` (none: from the start), by key. */
  readPage(
    table: string,
    columns: readonly string[],
    key: readonly string[],
    after: readonly unknown[] | undefined,
    limit: number,
  ): Promise<unknown[][]>;
  begin(): Promise<void>;
  insert(table: string, columns: readonly CopyColumn[], rows: readonly unknown[][]): Promise<void>;
  clear(table: string): Promise<void>;
  /** After the rows are in: the next id each identity column hands out follows the copied ones. */
  advanceIdentities(tables: readonly string[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** A value read from one kind of database as the other stores it. */
export function convert(value: unknown, column: CopyColumn, target: SqlFlavor): unknown {
  if (value === null || value === undefined) return null;
  if (target === 'postgres') return column.boolean ? value === true || value === 1 : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
