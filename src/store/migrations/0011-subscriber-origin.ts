import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Every event type there was, per release that changed the list: a subscriber whose list names
 * all of one of them asked for everything. Frozen here, as the lists were, whatever the code
 * adds later.
 */
const FULL_SETS_BEFORE: readonly (readonly string[])[] = [
  [
    'status.changed',
    'incident.created',
    'incident.updated',
    'incident.resolved',
    'maintenance.scheduled',
    'maintenance.started',
    'maintenance.ended',
  ],
  [
    'status.changed',
    'incident.created',
    'incident.updated',
    'incident.resolved',
    'incident.reopened',
    'maintenance.scheduled',
    'maintenance.changed',
    'maintenance.cancelled',
    'maintenance.started',
    'maintenance.ended',
  ],
];

/** What `"all"` is turned back into on the way down: the full list of 0007's last release. */
const LAST_FULL_SET = FULL_SETS_BEFORE[FULL_SETS_BEFORE.length - 1] as readonly string[];

function namesAFullSet(events: unknown): boolean {
  if (!Array.isArray(events)) return false;
  const given = new Set(events);
  return FULL_SETS_BEFORE.some(
    (set) => set.length === given.size && set.every((t) => given.has(t)),
  );
}

/**
 * Subscribers: where each came from, "all events" kept as such, and the sign-up form's lookup.
 *
 * - `origin`: `api` (an editor or admin made it) or `sign-up` (an address that signed itself up
 *   on a public page; those hear nothing while their page is not public). Rows the sign-up form
 *   made before are found by their audit record's actor, `system:sign-up:<page>`.
 * - `events` holds `"all"` for a subscriber that follows every event type, so that it hears of
 *   types added later; lists that named every type of their day become `"all"`.
 * - An index on the page and the address in lower case (ASCII letters only, the same on both
 *   databases), which the sign-up form asks for on every post.
 */
export function subscriberOriginMigration(flavor: SqlFlavor): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('notify_subscribers')
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo('api'))
        .execute();
      await sql`update notify_subscribers set origin = 'sign-up'
        where cast(id as text) in (select "key" from audit where kind = 'subscriber'
          and op = 'create' and actor like 'system:sign-up:%')`.execute(db);

      const { rows } = await sql<{ id: number | string; events: string }>`
        select id, events from notify_subscribers`.execute(db);
      for (const row of rows)
        if (namesAFullSet(JSON.parse(row.events)))
          await sql`update notify_subscribers set events = ${JSON.stringify('all')}
            where id = ${row.id}`.execute(db);

      // The expression must be the one listSubscribers asks with, or the index goes unused.
      const lowered = flavor === 'sqlite' ? sql`lower(target)` : sql`lower(target collate "C")`;
      await sql`create index notify_subscribers_page_target
        on notify_subscribers (page, ${lowered})`.execute(db);
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('notify_subscribers_page_target').execute();
      await sql`update notify_subscribers set events = ${JSON.stringify(LAST_FULL_SET)}
        where events = ${JSON.stringify('all')}`.execute(db);
      await db.schema.alterTable('notify_subscribers').dropColumn('origin').execute();
    },
  };
}
