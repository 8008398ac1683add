import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../migrations.js';
import { MIGRATION_FLAVORS, migratedBefore } from './migrated-before.test-helper.js';

describe.each(MIGRATION_FLAVORS)('migration 0013_one_sign_up on %s', (flavor) => {
  it('keeps one sign-up per page and address (the confirmed one, else the newest waiting), then refuses a second', async () => {
    const { db, schema, end } = await migratedBefore(flavor, '0013');
    try {
      const no = flavor === 'sqlite' ? 0 : false;
      let id = 0;
      const subscriber = async (
        target: string,
        page: string | null,
        state: string,
        origin: string,
      ) => {
        await sql`insert into notify_subscribers (kind, name, target, sealed, services, page,
            events, internal, state, origin, disabled_reason, failures, created_at, updated_at,
            version)
          values ('email', ${target}, ${target}, null, '[]', ${page}, '"all"', ${no}, ${state},
            ${origin}, null, 0, 1, 1, 1)`.execute(db);
        id += 1;
        await sql`insert into notify_deliveries (subscriber, type, key, event, status, attempts,
            due_at, next_attempt_at, created_at, updated_at)
          values (${id}, 'confirm', null, '{}', 'pending', 0, 1, 1, 1, 1)`.execute(db);
      };
      await subscriber('cfo@example.com', 'shop', 'pending', 'sign-up'); // 1
      await subscriber('CFO@example.com', 'shop', 'active', 'sign-up'); // 2: kept, confirmed
      await subscriber('cfo@example.com', 'shop', 'pending', 'sign-up'); // 3
      await subscriber('cfo@example.com', 'shop', 'active', 'api'); // 4: an editor's
      await subscriber('ops@example.com', 'shop', 'disabled', 'sign-up'); // 5
      await subscriber('ops@example.com', 'shop', 'pending', 'sign-up'); // 6: kept
      await subscriber('ops@example.com', 'shop', 'pending', 'sign-up'); // 7: kept, newest
      await subscriber('ops@example.com', 'other', 'disabled', 'sign-up'); // 8: alone
      // Sign-ups an editor moved off their pages: the index leaves them alone, so must this.
      await subscriber('ops@example.com', null, 'active', 'sign-up'); // 9
      await subscriber('ops@example.com', null, 'active', 'sign-up'); // 10

      await migrateToLatest(db, flavor, schema);
      const { rows } = await sql<{ id: number | string }>`
        select id from notify_subscribers order by id`.execute(db);
      expect(rows.map((r) => Number(r.id))).toEqual([2, 4, 7, 8, 9, 10]);
      const deliveries = await sql<{ subscriber: number | string }>`
        select subscriber from notify_deliveries order by subscriber`.execute(db);
      expect(deliveries.rows.map((r) => Number(r.subscriber))).toEqual([2, 4, 7, 8, 9, 10]);

      await subscriber('ceo@example.com', 'shop', 'pending', 'sign-up');
      await subscriber('cfo@example.com', 'shop', 'pending', 'api');
      const error = await subscriber('Ops@Example.com', 'shop', 'pending', 'sign-up').then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/notify_subscribers_sign_up/);
    } finally {
      await end();
    }
  });
});
