import { type Kysely, sql } from 'kysely';
import type { Dependency, Party, Service, Subscription } from '../../model/entities.js';
import { conflict } from '../change-order.js';
import type { Database } from '../rows.js';
import type { ChangeConflict, ModelChange } from '../store.js';

export type WriteChange = Exclude<ModelChange, { op: 'delete' }>;

/** How many referrers a conflict names before it says "and more". */
const NAMED = 5;

type Db = Kysely<Database>;

/**
 * The same checks as SQLite's (sqlite-references.ts), with the same messages in the same order,
 * but a few set-wise queries instead of one per id: what was written refers only to entities
 * that exist, and no deleted service or party is still referred to, after the whole set ran.
 */
export async function findDanglingReferences(
  db: Db,
  writes: readonly WriteChange[],
  deleted: { service: ReadonlySet<string>; party: ReadonlySet<string> },
): Promise<ChangeConflict[]> {
  const wanted = { party: new Set<string>(deleted.party), service: new Set(deleted.service) };
  const refs = writes.map((change) => referencesOf(change));
  for (const list of refs) for (const [what, id] of list) wanted[what].add(id);
  const exists = {
    party: await existing(db, 'parties', wanted.party),
    service: await existing(db, 'services', wanted.service),
  };
  const conflicts: ChangeConflict[] = [];
  writes.forEach((change, i) => {
    for (const [what, id, role] of refs[i] ?? [])
      if (!exists[what].has(id))
        conflicts.push(conflict(change, `${role} ${what} '${id}' does not exist`));
  });
  // Deleted and created again in the same set: not a deletion any more.
  const gone = {
    service: [...deleted.service].filter((id) => !exists.service.has(id)),
    party: [...deleted.party].filter((id) => !exists.party.has(id)),
  };
  const serviceReferrers = await referrers(db, gone.service, [
    [
      'dependencies',
      sql`select from_id as id, from_id || '->' || to_id as ref from dependencies
      union all select to_id, from_id || '->' || to_id from dependencies`,
    ],
    ['subscriptions', sql`select service_id, party_id || '->' || service_id from subscriptions`],
  ]);
  const partyReferrers = await referrers(db, gone.party, [
    ['services (as provider)', sql`select provider, id from services`],
    ['parties (as parent)', sql`select parent, id from parties`],
    ['subscriptions', sql`select party_id, party_id || '->' || service_id from subscriptions`],
  ]);
  const report = (kind: 'service' | 'party', ids: string[], found: Map<string, string[]>) => {
    for (const id of ids) {
      const named = found.get(id);
      if (named && named.length > 0) {
        const change = { op: 'delete', kind, key: id } as const;
        conflicts.push(conflict(change, `still referred to by ${named.join(' and ')}`));
      }
    }
  };
  report('service', gone.service, serviceReferrers);
  report('party', gone.party, partyReferrers);
  return conflicts;
}

function referencesOf(
  change: WriteChange,
): [what: 'party' | 'service', id: string, role: string][] {
  switch (change.kind) {
    case 'party': {
      const { parent } = change.after as Party;
      return parent === undefined ? [] : [['party', parent, 'parent']];
    }
    case 'service': {
      const { provider } = change.after as Service;
      return provider === undefined ? [] : [['party', provider, 'provider']];
    }
    case 'dependency': {
      const { from, to } = change.after as Dependency;
      return [
        ['service', from, 'consumer'],
        ['service', to, 'supporting'],
      ];
    }
    case 'subscription': {
      const { party, service } = change.after as Subscription;
      return [
        ['party', party, 'subscribing'],
        ['service', service, 'subscribed'],
      ];
    }
  }
  return [];
}

async function existing(
  db: Db,
  table: 'parties' | 'services',
  ids: ReadonlySet<string>,
): Promise<Set<string>> {
  if (ids.size === 0) return new Set();
  const result = await sql<{ id: string }>`
    select id from ${sql.table(table)} where id = any(${[...ids]}::text[])`.execute(db);
  return new Set(result.rows.map((r) => r.id));
}

/**
 * For each id, `what 'a', 'b'` per kind of referrer that has any (the first few by key,
 * bytewise), in the order the kinds are given. `source` selects (id referred to, referrer key).
 */
async function referrers(
  db: Db,
  ids: readonly string[],
  kinds: readonly (readonly [what: string, source: ReturnType<typeof sql>])[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (ids.length === 0) return found;
  for (const [what, source] of kinds) {
    const result = await sql<{ id: string; ref: string }>`
      select id, ref from (
        select r.id, r.ref,
          row_number() over (partition by r.id order by r.ref collate "C") as n
        from (${source}) as r(id, ref)
        where r.id = any(${ids}::text[])
      ) ranked
      where n <= ${NAMED + 1}
      order by id, ref collate "C"`.execute(db);
    const byId = new Map<string, string[]>();
    for (const { id, ref } of result.rows) byId.set(id, [...(byId.get(id) ?? []), ref]);
    for (const [id, refs] of byId) {
      const shown = refs.slice(0, NAMED).map((k) => `'${k}'`);
      const list = refs.length > NAMED ? `${shown.join(', ')} and more` : shown.join(', ');
      found.set(id, [...(found.get(id) ?? []), `${what} ${list}`]);
    }
  }
  return found;
}
