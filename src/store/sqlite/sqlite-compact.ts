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
    for (const [id, kind] of pages(db, 'id, kind', 'parties', ['id'])) {
      builder.party(id as string, kind as string);
    }
    const services = pages(db, 'id, provider, cost_per_hour, rule', 'services', ['id']);
    for (const [id, provider, cost, rule] of services) {
      builder.service(
        id as string,
        provider as string | null,
        cost as number | null,
        rule as string | null,
      );
    }
    const edges = pages(db, 'from_id, to_id, impact, weight', 'dependencies', ['from_id', 'to_id']);
    for (const [from, to, impact, weight] of edges) {
      builder.edge(from as string, to as string, impact as string | null, weight as number);
    }
    const subscriptions = pages(db, 'party_id, service_id', 'subscriptions', [
      'party_id',
      'service_id',
    ]);
    for (const [party, service] of subscriptions) {
      builder.subscription(party as string, service as string);
    }
    return builder.build();
  });
  // DEFERRED: a read transaction, so every count and page comes from one snapshot.
  return read.deferred();
}

/** Every row of `table` in key order; `columns` must start with the key columns. */
function* pages(
  db: BetterSqlite3.Database,
  columns: string,
  table: string,
  key: readonly string[],
): Generator<unknown[]> {
  const order = `order by ${key.join(', ')} limit ${PAGE}`;
  const first = db.prepare(`select ${columns} from ${table} ${order}`).raw();
  const after = `(${key.join(', ')}) > (${key.map(() => '?').join(', ')})`;
  const next = db.prepare(`select ${columns} from ${table} where ${after} ${order}`).raw();
  let rows = first.all() as unknown[][];
  for (;;) {
    yield* rows;
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || last === undefined) return;
    rows = next.all(...last.slice(0, key.length)) as unknown[][];
  }
}
