import type BetterSqlite3 from 'better-sqlite3';
import type { CompactModel } from '../../engine/compact-model.js';
import { CompactModelBuilder } from '../compact-builder.js';

/**
 * Reads the compact model in one read transaction, iterating raw rows (arrays, not objects) in
 * key order, so a million services and five million edges cost little more than reading them.
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
    for (const [id, kind] of rows(db, 'select id, kind from parties order by id')) {
      builder.party(id as string, kind as string);
    }
    const services = 'select id, provider, cost_per_hour, rule from services order by id';
    for (const [id, provider, cost, rule] of rows(db, services)) {
      builder.service(
        id as string,
        provider as string | null,
        cost as number | null,
        rule as string | null,
      );
    }
    const edges = 'select from_id, to_id, impact, weight from dependencies order by from_id, to_id';
    for (const [from, to, impact, weight] of rows(db, edges)) {
      builder.edge(from as string, to as string, impact as string | null, weight as number);
    }
    const subscriptions =
      'select party_id, service_id from subscriptions order by party_id, service_id';
    for (const [party, service] of rows(db, subscriptions)) {
      builder.subscription(party as string, service as string);
    }
    return builder.build();
  });
  // DEFERRED: a read transaction, so every count and row comes from one snapshot.
  return read.deferred();
}

function rows(db: BetterSqlite3.Database, sql: string): IterableIterator<unknown[]> {
  return db.prepare(sql).raw().iterate() as IterableIterator<unknown[]>;
}
