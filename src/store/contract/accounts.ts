import { afterEach, describe, expect, it } from 'vitest';
import type { TokenRecord } from '../../accounts/types.js';
import { ConflictError, NotFoundError } from '../../model/errors.js';
import type { Store } from '../store.js';
import { alice, type OpenStore, rejectionOf } from './helpers.js';

const HASH = 'scrypt$10$8$1$c2FsdA$a2V5';

function buildToken(overrides: Partial<TokenRecord> & { id: string }): TokenRecord {
  return {
    name: `token ${overrides.id}`,
    user: 'root',
    scopes: ['read'],
    hash: `hash-${overrides.id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

/** Users, sessions and tokens: what is kept, versions, the last admin, cascades and audit. */
export function accountContract(open: OpenStore): void {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  async function openWithRoot(): Promise<Store> {
    store = await open();
    await store.migrate();
    await store.createUser({ name: 'root', role: 'admin', teams: [], passwordHash: HASH }, alice);
    return store;
  }

  describe('users', () => {
    it('creates a user at version 1 with times, and lists users by name', async () => {
      const s = await openWithRoot();
      const viewer = await s.createUser(
        { name: 'amy', role: 'viewer', teams: ['ops', 'sales'], passwordHash: null },
        alice,
      );
      expect(viewer).toMatchObject({
        name: 'amy',
        role: 'viewer',
        teams: ['ops', 'sales'],
        disabled: false,
        passwordHash: null,
        passwordUpdatedAt: null,
        version: 1,
      });
      expect(viewer.createdAt).toBe(viewer.updatedAt);
      expect(await s.getUser('amy')).toStrictEqual(viewer);
      expect((await s.listUsers()).map((u) => u.name)).toEqual(['amy', 'root']);
      expect(await s.countUsers()).toBe(2);
      expect(await s.getUser('nobody')).toBeUndefined();
    });

    it('refuses a second user of the same name', async () => {
      const s = await openWithRoot();
      const error = await rejectionOf(
        s.createUser({ name: 'root', role: 'viewer', teams: [], passwordHash: null }, alice),
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe("user 'root' already exists");
    });

    it('updates given fields only, one version up, stamping a new password', async () => {
      const s = await openWithRoot();
      await s.createUser(
        { name: 'amy', role: 'viewer', teams: ['ops'], passwordHash: null },
        alice,
      );
      const promoted = await s.updateUser('amy', { role: 'editor' }, alice, 1);
      expect(promoted).toMatchObject({ role: 'editor', teams: ['ops'], version: 2 });
      const withPassword = await s.updateUser('amy', { passwordHash: HASH }, alice);
      expect(withPassword.passwordHash).toBe(HASH);
      expect(withPassword.passwordUpdatedAt).toBe(withPassword.updatedAt);
      expect(await s.getUser('amy')).toStrictEqual(withPassword);
    });

    it('refuses a stale version and an unknown user, changing nothing', async () => {
      const s = await openWithRoot();
      const stale = await rejectionOf(s.updateUser('root', { teams: ['x'] }, alice, 7));
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale.message).toBe("user 'root' is at version 1, not 7");
      const missing = await rejectionOf(s.updateUser('nobody', { role: 'admin' }, alice));
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(s.deleteUser('nobody', alice))).toBeInstanceOf(NotFoundError);
      expect((await s.getUser('root'))?.version).toBe(1);
    });

    it('never leaves no enabled admin who can sign in', async () => {
      const s = await openWithRoot();
      const reason =
        "user 'root': this would leave no enabled admin with a password; make another admin first";
      for (const change of [{ role: 'editor' as const }, { disabled: true }]) {
        const error = await rejectionOf(s.updateUser('root', change, alice));
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).toBe(reason);
      }
      expect((await rejectionOf(s.deleteUser('root', alice))).message).toBe(reason);
      await s.createUser({ name: 'second', role: 'admin', teams: [], passwordHash: HASH }, alice);
      await s.updateUser('root', { disabled: true }, alice);
      expect((await s.getUser('root'))?.disabled).toBe(true);
    });

    it('deletes a user with their sessions and tokens', async () => {
      const s = await openWithRoot();
      await s.createUser({ name: 'amy', role: 'editor', teams: [], passwordHash: HASH }, alice);
      await s.createSession({
        hash: 's1',
        user: 'amy',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2026-01-02T00:00:00.000Z',
      });
      await s.createToken(buildToken({ id: 't1', user: 'amy' }), alice);
      await s.deleteUser('amy', alice, 1);
      expect(await s.getUser('amy')).toBeUndefined();
      expect(await s.getSession('s1')).toBeUndefined();
      expect(await s.getToken('t1')).toBeUndefined();
      const audit = await s.listAudit({ limit: 3 });
      expect(audit.map((r) => `${r.op} ${r.kind} ${r.key}`)).toEqual([
        'delete user amy',
        'delete token t1',
        'create token t1',
      ]);
    });

    it('audits user changes without the password hash', async () => {
      const s = await openWithRoot();
      await s.updateUser('root', { teams: ['ops'], passwordHash: `${HASH}x` }, { id: 'user:x' });
      const [record] = await s.listAudit({ kind: 'user', limit: 1 });
      expect(record).toMatchObject({ actor: 'user:x', op: 'update', kind: 'user', key: 'root' });
      expect(record?.before).toMatchObject({ name: 'root', teams: [], passwordSet: true });
      expect(record?.after).toMatchObject({ name: 'root', teams: ['ops'], passwordSet: true });
      expect(JSON.stringify(await s.listAudit({ limit: 1000 }))).not.toContain(HASH);
    });
  });

  describe('sessions', () => {
    it('keeps sessions by hash and deletes them one, by user, or by expiry', async () => {
      const s = await openWithRoot();
      const session = (hash: string, expiresAt: string) => ({
        hash,
        user: 'root',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt,
      });
      await s.createSession(session('a', '2026-01-01T01:00:00.000Z'));
      await s.createSession(session('b', '2026-01-01T03:00:00.000Z'));
      await s.createSession(session('c', '2026-01-01T03:00:00.000Z'));
      expect(await s.getSession('a')).toStrictEqual(session('a', '2026-01-01T01:00:00.000Z'));
      expect(await s.deleteExpiredSessions('2026-01-01T02:00:00.000Z')).toBe(1);
      expect(await s.getSession('a')).toBeUndefined();
      await s.deleteSession('b');
      expect(await s.getSession('b')).toBeUndefined();
      await s.createSession(session('d', '2026-01-01T03:00:00.000Z'));
      expect(await s.deleteSessions('root', 'd')).toBe(1);
      expect(await s.getSession('c')).toBeUndefined();
      expect(await s.getSession('d')).toBeDefined();
      expect(await s.listAudit({ kind: 'user', limit: 10 })).toHaveLength(1);
    });
  });

  describe('tokens', () => {
    it('keeps tokens by id and by hash, lists them by creation, and revokes once', async () => {
      const s = await openWithRoot();
      await s.createUser({ name: 'amy', role: 'viewer', teams: [], passwordHash: null }, alice);
      const t2 = buildToken({ id: 't2', createdAt: '2026-01-02T00:00:00.000Z' });
      const t1 = buildToken({ id: 't1', user: 'amy', scopes: ['read', 'write'] });
      await s.createToken(t2, alice);
      await s.createToken(t1, alice);
      expect(await s.getToken('t1')).toStrictEqual(t1);
      expect(await s.getTokenByHash('hash-t2')).toStrictEqual(t2);
      expect((await s.listTokens()).map((t) => t.id)).toEqual(['t1', 't2']);
      expect((await s.listTokens('amy')).map((t) => t.id)).toEqual(['t1']);
      const revoked = await s.revokeToken('t1', '2026-02-01T00:00:00.000Z', { id: 'user:amy' });
      expect(revoked.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      expect((await s.getToken('t1'))?.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      const again = await s.revokeToken('t1', '2026-03-01T00:00:00.000Z', alice);
      expect(again.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      const audit = await s.listAudit({ kind: 'token' });
      expect(audit.map((r) => `${r.actor} ${r.op} ${r.key}`)).toEqual([
        'user:amy update t1',
        'user:alice create t1',
        'user:alice create t2',
      ]);
      expect(JSON.stringify(audit)).not.toContain('hash-t');
      await s.touchToken('t2', '2026-02-02T00:00:00.000Z');
      expect((await s.getToken('t2'))?.lastUsedAt).toBe('2026-02-02T00:00:00.000Z');
    });

    it('refuses a token of an unknown user, a repeated id, or revoking an unknown one', async () => {
      const s = await openWithRoot();
      await s.createToken(buildToken({ id: 't1' }), alice);
      const orphan = await rejectionOf(s.createToken(buildToken({ id: 't2', user: 'x' }), alice));
      expect(orphan).toBeInstanceOf(ConflictError);
      const twice = await rejectionOf(
        s.createToken(buildToken({ id: 't1', hash: 'other' }), alice),
      );
      expect(twice.message).toBe("token 't1' already exists");
      const unknown = await rejectionOf(s.revokeToken('zz', '2026-01-01T00:00:00.000Z', alice));
      expect(unknown).toBeInstanceOf(NotFoundError);
      expect((await s.listTokens()).map((t) => t.id)).toEqual(['t1']);
    });
  });
}
