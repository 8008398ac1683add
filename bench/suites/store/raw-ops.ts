import type BetterSqlite3 from 'better-sqlite3';
import type { Model, Service } from '../../../src/model/entities.js';
import { TABLES, type TableSpec } from '../../../src/store/tables.js';

/** Rows of one table, as positional values: the table's own columns, then the stamps. */
export interface RowSet {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

const STAMPS = ['version', 'created_at', 'updated_at'] as const;

/** The model's tables in the order a create runs (referred-to before referrers). */
const MODEL_SPECS = [TABLES.party, TABLES.service, TABLES.dependency, TABLES.subscription].map(
  (spec) => spec as TableSpec<unknown>,
);

/**
 * The rows the store writes for `model`, through the store's own row mappers (so the same
 * column values, JSON bodies included), stamped version 1 at `at`. Built before the baseline is
 * timed: the baseline is SQLite's share of the work alone.
 */
export function modelRows(model: Model, at: string): RowSet[] {
  const entities = [model.parties, model.services, model.dependencies, model.subscriptions];
  return MODEL_SPECS.map((spec, i) => ({
    table: spec.table,
    columns: [...spec.columns, ...STAMPS],
    rows: (entities[i] as unknown[]).map((entity) => {
      const row = spec.toRow(entity);
      return [...spec.columns.map((c) => row[c]), 1, at, at];
    }),
  }));
}

/** A prepared positional INSERT of every column of `columns` into `table`. */
export function prepareInsert(
  db: BetterSqlite3.Database,
  table: string,
  columns: readonly string[],
): BetterSqlite3.Statement {
  const marks = columns.map(() => '?').join(', ');
  return db.prepare(`insert into ${table} (${columns.join(', ')}) values (${marks})`);
}

/** The baseline create: every row by prepared INSERTs in one IMMEDIATE transaction. */
export function insertRows(db: BetterSqlite3.Database, sets: readonly RowSet[]): number {
  const statements = sets.map((set) => prepareInsert(db, set.table, set.columns));
  const write = db.transaction(() => {
    let written = 0;
    sets.forEach((set, i) => {
      const insert = statements[i] as BetterSqlite3.Statement;
      for (const row of set.rows) written += insert.run(row).changes;
    });
    return written;
  });
  return write.immediate();
}

const SERVICE_OWN = TABLES.service.columns.filter((c) => c !== 'id');

/**
 * Rows for the baseline update of services: the new values of every column but the key, the
 * update time, then the id (the order of `updateServices`'s statement).
 */
export function serviceUpdateRows(services: readonly Service[], at: string): unknown[][] {
  return services.map((service) => {
    const row = TABLES.service.toRow(service);
    return [...SERVICE_OWN.map((c) => row[c]), at, row.id];
  });
}

/** The baseline update: the same UPDATE the store runs per service, in one transaction. */
export function updateServices(db: BetterSqlite3.Database, rows: readonly unknown[][]): number {
  const sets = SERVICE_OWN.map((c) => `${c} = ?`).join(', ');
  const update = db.prepare(
    `update services set ${sets}, version = version + 1, updated_at = ? where id = ?`,
  );
  const write = db.transaction(() => {
    let changed = 0;
    for (const row of rows) changed += update.run(row).changes;
    return changed;
  });
  return write.immediate();
}

/** The SELECTs behind `loadModel`: every column, in the order the store sorts. */
export const MODEL_QUERIES: readonly string[] = [
  'select * from parties order by id',
  'select * from services order by id',
  'select * from dependencies order by from_id, to_id',
  'select * from subscriptions order by party_id, service_id',
];

/** The SELECTs behind `loadCompactModel`: the columns it reads, in the same order. */
export const COMPACT_QUERIES: readonly string[] = [
  'select id, kind from parties order by id',
  'select id, provider, cost_per_hour, rule from services order by id',
  'select from_id, to_id, impact, weight from dependencies order by from_id, to_id',
  'select party_id, service_id from subscriptions order by party_id, service_id',
];

/**
 * The baseline read: `iterate()` over each query's rows as arrays, in one read transaction (one
 * snapshot, as the store reads). Returns the rows read and the number of values that are not
 * null, so the rows are really fetched.
 */
export function iterateRows(
  db: BetterSqlite3.Database,
  queries: readonly string[],
): { rows: number; values: number } {
  const statements = queries.map((q) => db.prepare(q).raw(true));
  const read = db.transaction(() => {
    let rows = 0;
    let values = 0;
    for (const statement of statements) {
      for (const row of statement.iterate() as IterableIterator<unknown[]>) {
        rows++;
        for (let i = 0; i < row.length; i++) if (row[i] !== null) values++;
      }
    }
    return { rows, values };
  });
  return read.deferred();
}

/** Rows in each model table, for checking that two files hold the same model. */
export function tableCounts(db: BetterSqlite3.Database): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const spec of MODEL_SPECS)
    counts[spec.table] = db.prepare(`select count(*) from ${spec.table}`).pluck().get() as number;
  return counts;
}
