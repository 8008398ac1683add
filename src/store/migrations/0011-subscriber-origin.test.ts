import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../migrations.js';
import { MIGRATION_FLAVORS, migratedBefore } from './migrated-before.test-helper.js';

const SEVEN = [
  'status.changed',
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'maintenance.scheduled',
  'maintenance.started',
  'maintenance.ended',
];
const TEN = [
  'maintenance.ended',
  'status.changed',
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'incident.reopened',
  'maintenance.scheduled',
  'maintenance.changed',
  'maintenance.cancelled',
  'maintenance.started',
];

describe.each(MIGRATION_FLAVORS)('migration 0011_subscriber_origin on %s', (flavor) => {
  it('marks what the sign-up form made, and turns lists of every event type of their day into "all"', async () => {
    const { db, schema, end } = await migratedBefore(flavor, '0011');
    try {
      const no = flavor === 'sqlite' ? 0 : false;
      const subscriber = async (kind: string, target: string, events: string[]) =>
        sql`insert into notify_subscribers (kind, name, target, sealed, services, page, events,
            internal, state, disabled_reason, failures, created_at, updated_at, version)
          values (${kind}, ${target}, ${target}, null, '[]', 'shop', ${JSON.stringify(events)},
            ${no}, 'active', null, 0, 1, 1, 1)`.execute(db);
      const created = async (id: number, actor: string) =>
        sql`insert into audit (at, actor, op, kind, "key", before, after)
          values ('2026-11-28T12:00:00.000Z', ${actor}, 'create', 'subscriber', ${String(id)},
            null, '{}')`.execute(db);
      await subscriber('email', 'cfo@example.com', TEN);
      await created(1, 'system:sign-up:shop');
      await subscriber('webhook', 'https://hooks.example.com/', SEVEN);
      await created(2, 'user:pat');
      await subscriber('email', 'ops@example.com', TEN.slice(1));
      await created(3, 'user:pat');
      await subscriber('slack', 'https://hooks.slack.com', [...SEVEN, 'incident.reopened']);

      await migrateToLatest(db, flavor, schema);
      const { rows } = await sql<{ id: number | string; events: string; origin: string }>`
        select id, events, origin from notify_subscribers order by id`.execute(db);
      expect(rows.map((r) => [Number(r.id), JSON.parse(r.events), r.origin])).toEqual([
        [1, 'all', 'sign-up'],
        [2, 'all', 'api'],
        [3, TEN.slice(1), 'api'],
        [4, [...SEVEN, 'incident.reopened'], 'api'],
      ]);
    } finally {
      await end();
    }
  });
});

describe('the sign-up lookup on SQLite', () => {
  it("is answered from the index on the page and the address's lower case", async () => {
    const database = new BetterSqlite3(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    try {
      await migrateToLatest(db, 'sqlite');
      // The statement sqlite-notify.ts makes for { kind, page, target }.
      const plan = database
        .prepare(
          `explain query plan select * from notify_subscribers
           where kind = ? and page = ? and lower(target) = ? order by id`,
        )
        .all('email', 'shop', 'a@example.com') as { detail: string }[];
      expect(plan.map((step) => step.detail).join('\n')).toContain(
        'USING INDEX notify_subscribers_page_target',
      );
    } finally {
      await db.destroy();
    }
  });
});
