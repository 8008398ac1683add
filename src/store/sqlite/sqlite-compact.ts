import type BetterSqlite3 from 'better-sqlite3';
import type { CompactModel } from '../../engine/compact-model.js';
import { CompactModelBuilder } from '../compact-builder.js';

/** Rows fetched per statement: big enough to amortise the call, small enough to stay in cache. */
const PAGE = 10_000;

/**
 * Reads the compact model in one read transaction (one snapshot), fetching raw rows (arrays, not
 * objects) in key order a page at a time, so a million services and five million edges cost
 * little more than reading them. Paging by key is faster here than a row-by-row iterator.
 */
export function loadSqliteCompactModel(db: BetterSqlite3.Database): CompactModel {
  const read = db.transaction(() => {
    const count = (table: string) =>
      db.prepare(`select count(*) from ${table}`).pluck().get() as number;
    const builder = new CompactModelBuilder({
      parties: count('parties'),
      services: count('services'),
      edges: count('dependencies'),
      subscriptions: count('subscriptions'),
    });
    eachRow(db, 'id, kind', 'parties', ['id'], (row) => {
      builder.party(row[0] as string, row[1] as string);
    });
    eachRow(db, 'id, provider, cost_per_hour, rule', 'services', ['id'], (row) => {
      builder.service(
        row[0] as string,
        row[1] as string | null,
        row[2] as number | null,
        row[3] as string | null,
      );
    });
    const edgeKey = ['from_id', 'to_id'];
    eachRow(db, 'from_id, to_id, impact, weight', 'dependencies', edgeKey, (row) => {
      builder.edge(row[0] as string, row[1] as string, row[2] as string | null, row[3] as number);
    });
    const subscriptionKey = ['party_id', 'service_id'];
    eachRow(db, 'party_id, service_id', 'subscriptions', subscriptionKey, (row) => {
      builder.subscription(row[0] as string, row[1] as string);
    });
    return builder.build();
  });
  // DEFERRED: a read transaction, so every count and page comes from one snapshot.
  return read.deferred();
}

/**
 * Calls `visit` with every row of `table` in key order; `columns` must start with the key
 * columns. A plain loop over each page: an iterator per row costs more than the row.
 */
function eachRow(
  db: BetterSqlite3.Database,
  columns: string,
  table: string,
  key: readonly string[],
  visit: (row: unknown[]) => void,
): void {
  const order = `order by ${key.join(', ')} limit ${PAGE}`;
  const first = db.prepare(`select ${columns} from ${table} ${order}`).raw();
  const after = `(${key.join(', ')}) > (${key.map(() => '?').join(', ')})`;
  const next = db.prepare(`select ${columns} from ${table} where ${after} ${order}`).raw();
  let rows = first.all() as unknown[][];
  for (;;) {
    for (let i = 0; i < rows.length; i++) visit(rows[i] as unknown[]);
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || last === undefined) return;
    rows = next.all(...last.slice(0, key.length)) as unknown[][];
  }
}
