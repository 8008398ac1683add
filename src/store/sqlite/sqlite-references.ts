import type BetterSqlite3 from 'better-sqlite3';
import type { Dependency, Party, Service, Subscription } from '../../model/entities.js';
import { conflict } from '../change-order.js';
import type { ChangeConflict, ModelChange } from '../store.js';

export type WriteChange = Exclude<ModelChange, { op: 'delete' }>;

/** How many referrers a conflict names before it says "and N more". */
const NAMED = 5;

/**
 * Checks, after every change of a set has run, that what was written refers only to entities
 * that exist, and that no deleted service or party is still referred to. Runs inside the
 * transaction, so a later change of the set may repair what an earlier one broke.
 */
export function findDanglingReferences(
  db: BetterSqlite3.Database,
  writes: readonly WriteChange[],
  deleted: { service: ReadonlySet<string>; party: ReadonlySet<string> },
): ChangeConflict[] {
  const exists = existence(db);
  const conflicts: ChangeConflict[] = [];
  const missing = (change: WriteChange, what: 'party' | 'service', id: string, role: string) => {
    if (!exists[what](id))
      conflicts.push(conflict(change, `${role} ${what} '${id}' does not exist`));
  };
  for (const change of writes) {
    switch (change.kind) {
      case 'party': {
        const { parent } = change.after as Party;
        if (parent !== undefined) missing(change, 'party', parent, 'parent');
        break;
      }
      case 'service': {
        const { provider } = change.after as Service;
        if (provider !== undefined) missing(change, 'party', provider, 'provider');
        break;
      }
      case 'dependency': {
        const { from, to } = change.after as Dependency;
        missing(change, 'service', from, 'consumer');
        missing(change, 'service', to, 'supporting');
        break;
      }
      case 'subscription': {
        const { party, service } = change.after as Subscription;
        missing(change, 'party', party, 'subscribing');
        missing(change, 'service', service, 'subscribed');
        break;
      }
    }
  }
  conflicts.push(...stillReferred(db, deleted, exists));
  return conflicts;
}

function existence(db: BetterSqlite3.Database) {
  const memo = (sql: string) => {
    const statement = db.prepare(sql).pluck();
    const known = new Map<string, boolean>();
    return (id: string) => {
      let found = known.get(id);
      if (found === undefined) {
        found = statement.get(id) !== undefined;
        known.set(id, found);
      }
      return found;
    };
  };
  return {
    party: memo('select 1 from parties where id = ?'),
    service: memo('select 1 from services where id = ?'),
  };
}

function stillReferred(
  db: BetterSqlite3.Database,
  deleted: { service: ReadonlySet<string>; party: ReadonlySet<string> },
  exists: ReturnType<typeof existence>,
): ChangeConflict[] {
  const conflicts: ChangeConflict[] = [];
  const limit = NAMED + 1;
  const keys = (sql: string) => db.prepare(`${sql} order by 1 limit ${limit}`).pluck();
  const serviceQueries = [
    [
      'dependencies',
      keys(
        `select from_id || '->' || to_id from dependencies where from_id = @id
         union all select from_id || '->' || to_id from dependencies where to_id = @id`,
      ),
    ],
    [
      'subscriptions',
      keys(`select party_id || '->' || service_id from subscriptions where service_id = @id`),
    ],
  ] as const;
  const partyQueries = [
    ['services (as provider)', keys('select id from services where provider = @id')],
    ['parties (as parent)', keys('select id from parties where parent = @id')],
    [
      'subscriptions',
      keys(`select party_id || '->' || service_id from subscriptions where party_id = @id`),
    ],
  ] as const;
  const check = (
    kind: 'service' | 'party',
    id: string,
    queries: typeof partyQueries | typeof serviceQueries,
  ) => {
    if (exists[kind](id)) return; // deleted and created again in the same set
    const named: string[] = [];
    for (const [what, statement] of queries) {
      const referrers = statement.all({ id }) as string[];
      if (referrers.length > 0) named.push(`${what} ${nameSome(referrers)}`);
    }
    if (named.length > 0) {
      const change = { op: 'delete', kind, key: id } as const;
      conflicts.push(conflict(change, `still referred to by ${named.join(' and ')}`));
    }
  };
  for (const id of deleted.service) check('service', id, serviceQueries);
  for (const id of deleted.party) check('party', id, partyQueries);
  return conflicts;
}

function nameSome(keys: readonly string[]): string {
  const shown = keys.slice(0, NAMED).map((k) => `'${k}'`);
  return keys.length > NAMED ? `${shown.join(', ')} and more` : shown.join(', ');
}
