import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/** The unique index: at most one sign-up per page and address. */
export const SIGN_UP_INDEX = 'notify_subscribers_sign_up';

/**
 * At most one subscriber that signed itself up (origin `sign-up`) per status page and address,
 * the address compared as the sign-up form looks it up (ASCII letters without case, 0011), so
 * that two posts of one address at the same moment make one pending subscriber and one
 * confirmation mail: the second insert fails, and the form answers it as an address it knows.
 * What editors make (origin `api`) is not limited.
 *
 * Two such posts could make two rows before, so those are made one first: of each page and
 * address the row kept is the one that confirmed (`active`), else the one waiting (`pending`),
 * else a `disabled` one, the newest of them; the others go with their deliveries (no audit record:
 * they were copies made by a race, not anyone's decision).
 */
export function oneSignUpMigration(flavor: SqlFlavor): Migration {
  // The expression of notify_subscribers_page_target (0011), so both databases agree. Sign-ups an
  // editor moved off their page (page null) are not copies: the index leaves them alone too.
  const lowered = flavor === 'sqlite' ? sql`lower(target)` : sql`lower(target collate "C")`;
  return {
    async up(db: Kysely<unknown>) {
      const extra = sql`select id from (
          select id, row_number() over (
            partition by page, ${lowered}
            order by case state when 'active' then 0 when 'pending' then 1 else 2 end, id desc
          ) as rank
          from notify_subscribers where origin = 'sign-up' and page is not null
        ) ranked where rank > 1`;
      // Deliveries first: SQLite enforces the cascade only where foreign keys are on.
      await sql`delete from notify_deliveries where subscriber in (${extra})`.execute(db);
      await sql`delete from notify_subscribers where id in (${extra})`.execute(db);
      await sql`create unique index ${sql.raw(SIGN_UP_INDEX)}
        on notify_subscribers (page, ${lowered}) where origin = 'sign-up'`.execute(db);
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex(SIGN_UP_INDEX).execute();
    },
  };
}
