import type BetterSqlite3 from 'better-sqlite3';
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
import type { Actor, AuditRecord } from '../store.js';

type Statement = BetterSqlite3.Statement;

const ACTIVE_ADMINS =
  "select count(*) from users where role = 'admin' and disabled = 0 and password_hash is not null";

/**
 * Users, sessions and tokens on SQLite with statements prepared once. Reads run synchronously on
 * the connection (a sign-in check must not queue behind a long model load); every write runs in
 * an IMMEDIATE transaction with its audit record, and the caller runs it only when no other
 * transaction holds the connection (SqliteStore.exclusive).
 */
export class SqliteAccounts {
  private readonly q: Record<string, Statement>;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => Date,
  ) {
    const prepare = (text: string) => db.prepare(text);
    this.q = {
      countUsers: prepare('select count(*) from users').pluck(),
      activeAdmins: prepare(ACTIVE_ADMINS).pluck(),
      getUser: prepare('select * from users where name = ?'),
      listUsers: prepare('select * from users order by name'),
      insertUser: prepare(
        `insert into users (name, role, teams, disabled, password_hash, password_updated_at, version, created_at, updated_at)
         values (@name, @role, @teams, @disabled, @password_hash, @password_updated_at, @version, @created_at, @updated_at)
         on conflict (name) do nothing`,
      ),
      updateUser: prepare(
        `update users set role = @role, teams = @teams, disabled = @disabled, password_hash = @password_hash,
         password_updated_at = @password_updated_at, version = @version, updated_at = @updated_at where name = @name`,
      ),
      deleteUser: prepare('delete from users where name = ?'),
      insertSession: prepare(
        'insert into sessions (hash, user_name, created_at, expires_at) values (@hash, @user_name, @created_at, @expires_at)',
      ),
      getSession: prepare('select * from sessions where hash = ?'),
      deleteSession: prepare('delete from sessions where hash = ?'),
      deleteSessions: prepare('delete from sessions where user_name = ? and hash <> ?'),
      deleteExpired: prepare('delete from sessions where expires_at < ?'),
      insertToken: prepare(
        `insert into tokens (id, name, user_name, hash, scopes, created_at, expires_at, revoked_at, last_used_at)
         values (@id, @name, @user_name, @hash, @scopes, @created_at, @expires_at, @revoked_at, @last_used_at)`,
      ),
      getToken: prepare('select * from tokens where id = ?'),
      getTokenByHash: prepare('select * from tokens where hash = ?'),
      listTokens: prepare('select * from tokens order by created_at, id'),
      listUserTokens: prepare('select * from tokens where user_name = ? order by created_at, id'),
      revokeToken: prepare('update tokens set revoked_at = ? where id = ?'),
      touchToken: prepare('update tokens set last_used_at = ? where id = ?'),
      audit: prepare(
        'insert into audit (at, actor, op, kind, "key", before, after) values (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  countUsers(): number {
    return this.q.countUsers.get() as number;
  }

  getUser(name: string): UserRecord | undefined {
    const row = this.q.getUser.get(name) as UserRow | undefined;
    return row && userRowToUser(row);
  }

  listUsers(): UserRecord[] {
    return (this.q.listUsers.all() as UserRow[]).map(userRowToUser);
  }

  createUser(user: NewUser, actor: Actor): UserRecord {
    return this.transaction(() => {
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
      if (this.q.insertUser.run(userToRow(record)).changes === 0)
        throw new ConflictError(`user '${user.name}' already exists`);
      this.record(at, actor, 'create', 'user', user.name, null, userView(record));
      return record;
    });
  }

  updateUser(name: string, change: UserChange, actor: Actor, expectVersion?: number): UserRecord {
    return this.transaction(() => {
      const before = this.existingUser(name, expectVersion);
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
      const adminsBefore = this.q.activeAdmins.get() as number;
      this.q.updateUser.run(userToRow(after));
      this.keepAnAdmin(adminsBefore, `user '${name}'`);
      this.record(at, actor, 'update', 'user', name, userView(before), userView(after));
      return after;
    });
  }

  deleteUser(name: string, actor: Actor, expectVersion?: number): void {
    this.transaction(() => {
      const before = this.existingUser(name, expectVersion);
      const at = this.now().toISOString();
      const tokens = this.listTokens(name);
      const adminsBefore = this.q.activeAdmins.get() as number;
      this.q.deleteUser.run(name);
      this.keepAnAdmin(adminsBefore, `user '${name}'`);
      for (const token of tokens)
        this.record(at, actor, 'delete', 'token', token.id, tokenView(token), null);
      this.record(at, actor, 'delete', 'user', name, userView(before), null);
    });
  }

  createSession(session: SessionRecord): void {
    this.q.insertSession.run({
      hash: session.hash,
      user_name: session.user,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    });
  }

  getSession(hash: string): SessionRecord | undefined {
    const row = this.q.getSession.get(hash) as SessionRow | undefined;
    return row && sessionRowToSession(row);
  }

  deleteSession(hash: string): void {
    this.q.deleteSession.run(hash);
  }

  deleteSessions(user: string, exceptHash = ''): number {
    return this.q.deleteSessions.run(user, exceptHash).changes;
  }

  deleteExpiredSessions(now: string): number {
    return this.q.deleteExpired.run(now).changes;
  }

  createToken(token: TokenRecord, actor: Actor): void {
    this.transaction(() => {
      if (this.getUser(token.user) === undefined)
        throw new ConflictError(`token for user '${token.user}': no such user`);
      if (this.getToken(token.id) !== undefined || this.getTokenByHash(token.hash) !== undefined)
        throw new ConflictError(`token '${token.id}' already exists`);
      this.q.insertToken.run(tokenToRow(token));
      this.record(token.createdAt, actor, 'create', 'token', token.id, null, tokenView(token));
    });
  }

  getToken(id: string): TokenRecord | undefined {
    const row = this.q.getToken.get(id) as TokenRow | undefined;
    return row && tokenRowToToken(row);
  }

  getTokenByHash(hash: string): TokenRecord | undefined {
    const row = this.q.getTokenByHash.get(hash) as TokenRow | undefined;
    return row && tokenRowToToken(row);
  }

  listTokens(user?: string): TokenRecord[] {
    const rows = (
      user === undefined ? this.q.listTokens.all() : this.q.listUserTokens.all(user)
    ) as TokenRow[];
    return rows.map(tokenRowToToken);
  }

  revokeToken(id: string, at: string, actor: Actor): TokenRecord {
    return this.transaction(() => {
      const before = this.getToken(id);
      if (before === undefined) throw new NotFoundError(`no token '${id}'`);
      if (before.revokedAt !== null) return before;
      this.q.revokeToken.run(at, id);
      const after = { ...before, revokedAt: at };
      this.record(at, actor, 'update', 'token', id, tokenView(before), tokenView(after));
      return after;
    });
  }

  touchToken(id: string, at: string): void {
    this.q.touchToken.run(at, id);
  }

  private transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private existingUser(name: string, expectVersion: number | undefined): UserRecord {
    const user = this.getUser(name);
    if (user === undefined) throw new NotFoundError(`no user '${name}'`);
    if (expectVersion !== undefined && user.version !== expectVersion)
      throw new ConflictError(
        `user '${name}' is at version ${user.version}, not ${expectVersion}`,
        [{ op: 'update', kind: 'user', key: name, version: user.version }],
      );
    return user;
  }

  /** Throws (rolling back) when the change took away the last admin who can sign in. */
  private keepAnAdmin(before: number, what: string): void {
    const after = this.q.activeAdmins.get() as number;
    if (before > 0 && after === 0)
      throw new ConflictError(
        `${what}: this would leave no enabled admin with a password; make another admin first`,
      );
  }

  private record(
    at: string,
    actor: Actor,
    op: AuditRecord['op'],
    kind: AuditRecord['kind'],
    key: string,
    before: unknown,
    after: unknown,
  ): void {
    if (typeof actor?.id !== 'string' || actor.id.length === 0)
      throw new InputError('an actor id is required');
    this.q.audit.run(
      at,
      actor.id,
      op,
      kind,
      key,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    );
  }
}
