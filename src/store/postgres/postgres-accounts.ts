import { type Kysely, sql } from 'kysely';
import {
  type SessionRecord,
  type TokenRecord,
  tokenView,
  type UserChange,
  type UserRecord,
  userView,
} from '../../accounts/types.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import {
  type SessionRow,
  sessionRowToSession,
  type TokenRow,
  tokenRowToToken,
  tokenToRow,
  type UserRow,
  userRowToUser,
  userToRow,
} from '../account-rows.js';
import type { NewUser } from '../account-store.js';
import type { Database } from '../rows.js';
import type { Actor, AuditRecord } from '../store.js';
import { lockFor } from './postgres-locks.js';

type Db = Kysely<Database>;

const ACTIVE_ADMINS = sql<{ count: number }>`
  select count(*) as count from users
  where role = 'admin' and disabled = 0 and password_hash is not null`;

/**
 * Users, sessions and tokens on PostgreSQL. Each audited write is one transaction holding the
 * schema's account lock: "no user of that name", "still an admin left" and "at that version"
 * are read then acted on, which SQLite's single writer made safe and READ COMMITTED alone would
 * not (two admins demoting each other at once could both see the other one left).
 */
export class PostgresAccounts {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async countUsers(): Promise<number> {
    const { rows } = await sql<{ count: number }>`select count(*) as count from users`.execute(
      this.db,
    );
    return rows[0]?.count ?? 0;
  }

  getUser(name: string, db: Db = this.db): Promise<UserRecord | undefined> {
    return one(db, sql<UserRow>`select * from users where name = ${name}`, userRowToUser);
  }

  async listUsers(): Promise<UserRecord[]> {
    const { rows } = await sql<UserRow>`select * from users order by name`.execute(this.db);
    return rows.map(userRowToUser);
  }

  createUser(user: NewUser, actor: Actor): Promise<UserRecord> {
    return this.transaction(async (trx) => {
      const at = this.now().toISOString();
      const record: UserRecord = {
        ...user,
        teams: [...user.teams],
        disabled: false,
        passwordUpdatedAt: user.passwordHash === null ? null : at,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      const row = userToRow(record);
      const inserted = await sql`
        insert into users (name, role, teams, disabled, password_hash, password_updated_at,
          version, created_at, updated_at)
        values (${row.name}, ${row.role}, ${row.teams}, ${row.disabled}, ${row.password_hash},
          ${row.password_updated_at}, ${row.version}, ${row.created_at}, ${row.updated_at})
        on conflict (name) do nothing`.execute(trx);
      if (Number(inserted.numAffectedRows ?? 0) === 0)
        throw new ConflictError(`user '${user.name}' already exists`);
      await audit(trx, at, actor, 'create', 'user', user.name, null, userView(record));
      return record;
    });
  }

  updateUser(
    name: string,
    change: UserChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<UserRecord> {
    return this.transaction(async (trx) => {
      const before = await this.existingUser(trx, name, expectVersion);
      const at = this.now().toISOString();
      const after: UserRecord = {
        ...before,
        role: change.role ?? before.role,
        teams: change.teams ? [...change.teams] : before.teams,
        disabled: change.disabled ?? before.disabled,
        passwordHash: change.passwordHash ?? before.passwordHash,
        passwordUpdatedAt: change.passwordHash === undefined ? before.passwordUpdatedAt : at,
        version: before.version + 1,
        updatedAt: at,
      };
      const adminsBefore = await activeAdmins(trx);
      const row = userToRow(after);
      await sql`
        update users set role = ${row.role}, teams = ${row.teams}, disabled = ${row.disabled},
          password_hash = ${row.password_hash}, password_updated_at = ${row.password_updated_at},
          version = ${row.version}, updated_at = ${row.updated_at}
        where name = ${name}`.execute(trx);
      await keepAnAdmin(trx, adminsBefore, `user '${name}'`);
      await audit(trx, at, actor, 'update', 'user', name, userView(before), userView(after));
      return after;
    });
  }

  deleteUser(name: string, actor: Actor, expectVersion?: number): Promise<void> {
    return this.transaction(async (trx) => {
      const before = await this.existingUser(trx, name, expectVersion);
      const at = this.now().toISOString();
      const tokens = await this.listTokens(name, trx);
      const adminsBefore = await activeAdmins(trx);
      await sql`delete from users where name = ${name}`.execute(trx);
      await keepAnAdmin(trx, adminsBefore, `user '${name}'`);
      for (const token of tokens)
        await audit(trx, at, actor, 'delete', 'token', token.id, tokenView(token), null);
      await audit(trx, at, actor, 'delete', 'user', name, userView(before), null);
    });
  }

  async createSession(session: SessionRecord): Promise<void> {
    await sql`
      insert into sessions (hash, user_name, created_at, expires_at)
      values (${session.hash}, ${session.user}, ${session.createdAt}, ${session.expiresAt})`.execute(
      this.db,
    );
  }

  getSession(hash: string): Promise<SessionRecord | undefined> {
    return one(
      this.db,
      sql<SessionRow>`select * from sessions where hash = ${hash}`,
      sessionRowToSession,
    );
  }

  async deleteSession(hash: string): Promise<void> {
    await sql`delete from sessions where hash = ${hash}`.execute(this.db);
  }

  async deleteSessions(user: string, exceptHash = ''): Promise<number> {
    const result = await sql`
      delete from sessions where user_name = ${user} and hash <> ${exceptHash}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const result = await sql`delete from sessions where expires_at < ${now}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  createToken(token: TokenRecord, actor: Actor): Promise<void> {
    return this.transaction(async (trx) => {
      if ((await this.getUser(token.user, trx)) === undefined)
        throw new ConflictError(`token for user '${token.user}': no such user`);
      if (
        (await this.getToken(token.id, trx)) !== undefined ||
        (await this.getTokenByHash(token.hash, trx)) !== undefined
      )
        throw new ConflictError(`token '${token.id}' already exists`);
      const row = tokenToRow(token);
      await sql`
        insert into tokens (id, name, user_name, hash, scopes, created_at, expires_at, revoked_at,
          last_used_at)
        values (${row.id}, ${row.name}, ${row.user_name}, ${row.hash}, ${row.scopes},
          ${row.created_at}, ${row.expires_at}, ${row.revoked_at}, ${row.last_used_at})`.execute(
        trx,
      );
      await audit(trx, token.createdAt, actor, 'create', 'token', token.id, null, tokenView(token));
    });
  }

  getToken(id: string, db: Db = this.db): Promise<TokenRecord | undefined> {
    return one(db, sql<TokenRow>`select * from tokens where id = ${id}`, tokenRowToToken);
  }

  getTokenByHash(hash: string, db: Db = this.db): Promise<TokenRecord | undefined> {
    return one(db, sql<TokenRow>`select * from tokens where hash = ${hash}`, tokenRowToToken);
  }

  async listTokens(user?: string, db: Db = this.db): Promise<TokenRecord[]> {
    const query =
      user === undefined
        ? sql<TokenRow>`select * from tokens order by created_at, id`
        : sql<TokenRow>`select * from tokens where user_name = ${user} order by created_at, id`;
    const { rows } = await query.execute(db);
    return rows.map(tokenRowToToken);
  }

  revokeToken(id: string, at: string, actor: Actor): Promise<TokenRecord> {
    return this.transaction(async (trx) => {
      const before = await this.getToken(id, trx);
      if (before === undefined) throw new NotFoundError(`no token '${id}'`);
      if (before.revokedAt !== null) return before;
      await sql`update tokens set revoked_at = ${at} where id = ${id}`.execute(trx);
      const after = { ...before, revokedAt: at };
      await audit(trx, at, actor, 'update', 'token', id, tokenView(before), tokenView(after));
      return after;
    });
  }

  async touchToken(id: string, at: string): Promise<void> {
    await sql`update tokens set last_used_at = ${at} where id = ${id}`.execute(this.db);
  }

  private transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await lockFor(trx, 'accounts');
      return work(trx);
    });
  }

  private async existingUser(
    db: Db,
    name: string,
    expectVersion: number | undefined,
  ): Promise<UserRecord> {
    const user = await this.getUser(name, db);
    if (user === undefined) throw new NotFoundError(`no user '${name}'`);
    if (expectVersion !== undefined && user.version !== expectVersion)
      throw new ConflictError(
        `user '${name}' is at version ${user.version}, not ${expectVersion}`,
        [{ op: 'update', kind: 'user', key: name, version: user.version }],
      );
    return user;
  }
}

async function one<R, T>(
  db: Db,
  query: ReturnType<typeof sql<R>>,
  map: (row: R) => T,
): Promise<T | undefined> {
  const { rows } = await query.execute(db);
  const row = rows[0];
  return row === undefined ? undefined : map(row);
}

async function activeAdmins(db: Db): Promise<number> {
  const { rows } = await ACTIVE_ADMINS.execute(db);
  return rows[0]?.count ?? 0;
}

/** Throws (rolling back) when the change took away the last admin who can sign in. */
async function keepAnAdmin(db: Db, before: number, what: string): Promise<void> {
  const after = await activeAdmins(db);
  if (before > 0 && after === 0)
    throw new ConflictError(
      `${what}: this would leave no enabled admin with a password; make another admin first`,
    );
}

async function audit(
  db: Db,
  at: string,
  actor: Actor,
  op: AuditRecord['op'],
  kind: AuditRecord['kind'],
  key: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    throw new InputError('an actor id is required');
  await sql`
    insert into audit (at, actor, op, kind, "key", before, after)
    values (${at}, ${actor.id}, ${op}, ${kind}, ${key},
      ${before === null ? null : JSON.stringify(before)},
      ${after === null ? null : JSON.stringify(after)})`.execute(db);
}
