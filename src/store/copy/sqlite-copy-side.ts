import BetterSqlite3 from 'better-sqlite3';
import type { CopyColumn, CopySide } from './copy-side.js';

/** quote an identifier read from the database's own catalogue. */
function id(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `db copy` on a SQLite file (migrated before it is opened here). */
export function openSqliteCopySide(file: string, label: string): CopySide {
  const db = new BetterSqlite3(file);
  db.pragma('foreign_keys = on');
  const inserts = new Map<string, BetterSqlite3.Statement>();
  return {
    label,
    flavor: 'sqlite',
    async columns(table) {
      const rows = db
        .prepare(`select name, type from pragma_table_info(?) order by cid`)
        .all(table) as { name: string; type: string }[];
      return rows.map((row): CopyColumn => ({ name: row.name, boolean: false }));
    },
    async primaryKey(table) {
      const rows = db
        .prepare('select name from pragma_table_info(?) where pk > 0 order by pk')
        .all(table) as { name: string }[];
      return rows.map((row) => row.name);
    },
    async count(table) {
      return (db.prepare(`select count(*) as n from ${id(table)}`).get() as { n: number }).n;
    },
    async readPage(table, columns, key, after, limit) {
      const where =
        after === undefined
          ? ''
          : `where (${key.map(id).join(', ')}) > (${key.map(() => '?').join(', ')})`;
      return db
        .prepare(
          `select ${columns.map(id).join(', ')} from ${id(table)} ${where} order by ${key.map(id).join(', ')} limit ?`,
        )
        .raw(true)
        .all(...(after ?? []), limit) as unknown[][];
    },
    async begin() {
      db.exec('begin immediate');
    },
    async insert(table, columns, rows) {
      let statement = inserts.get(table);
      if (!statement) {
        statement = db.prepare(
          `insert into ${id(table)} (${columns.map((c) => id(c.name)).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        );
        inserts.set(table, statement);
      }
      for (const row of rows) statement.run(...row);
    },
    async clear(table) {
      db.prepare(`delete from ${id(table)}`).run();
    },
    // AUTOINCREMENT keeps the largest id inserted, explicit or not: nothing to do.
    async advanceIdentities() {},
    async commit() {
      db.exec('commit');
    },
    async rollback() {
      if (db.inTransaction) db.exec('rollback');
    },
    async close() {
      db.close();
    },
  };
}
