import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InputError } from '../model/errors.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { buildParty, createChanges } from '../store/test-model.js';
import { Accounts } from './accounts.js';
import { FirstAdminSetup } from './first-admin.js';
import { LoginThrottle } from './login-throttle.js';

const CHEAP = { log2N: 10, r: 8, p: 1 };
const admin = { id: 'user:root' };
let store: Store;
let now: number;
let accounts: Accounts;

beforeEach(async () => {
  store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  await store.applyChanges(
    createChanges({
      parties: [buildParty({ id: 'ops' })],
      services: [],
      dependencies: [],
      subscriptions: [],
    }),
    admin,
  );
  now = Date.parse('2026-05-01T10:00:00Z');
  accounts = new Accounts(store, {
    now: () => new Date(now),
    scryptCost: CHEAP,
    sessionTtlMs: 60_000,
  });
  await accounts.createUser({ name: 'root', role: 'admin', password: 'root password!' }, admin);
});
afterEach(() => store.close());

describe('sign-in and sessions', () => {
  it('opens a session for the right password, valid until it expires', async () => {
    const result = await accounts.signIn('root', 'root password!', '10.0.0.1');
    if (!result.ok) throw new Error('expected a session');
    expect(result.secret).toMatch(/^scs_/);
    const session = await accounts.session(result.secret);
    expect(session?.principal).toEqual({
      id: 'user:root',
      kind: 'user',
      role: 'admin',
      teams: [],
      scopes: [],
    });
    expect(session?.csrfToken).toBe(result.csrfToken);
    now += 60_000;
    expect(await accounts.session(result.secret)).toBeUndefined();
  });

  it('answers the same for a wrong password, an unknown name and a disabled user', async () => {
    await accounts.createUser({ name: 'amy', role: 'viewer', password: 'amy password' }, admin);
    await accounts.updateUser('amy', { disabled: true }, admin);
    for (const [name, password] of [
      ['root', 'wrong password'],
      ['nobody', 'root password!'],
      ['amy', 'amy password'],
      ['NOT A NAME', 'x'],
    ])
      expect(await accounts.signIn(name as string, password as string, 'a')).toEqual({
        ok: false,
        reason: 'invalid',
      });
  });

  it('throttles an account after repeated failures, even with the right password', async () => {
    const throttled = new Accounts(store, {
      now: () => new Date(now),
      scryptCost: CHEAP,
      throttle: new LoginThrottle(undefined, () => now),
    });
    for (let i = 0; i < 5; i++) await throttled.signIn('root', 'wrong password', `10.0.0.${i}`);
    expect(await throttled.signIn('root', 'root password!', '10.0.1.1')).toEqual({
      ok: false,
      reason: 'throttled',
      retryAfterMs: 1000,
    });
    now += 1000;
    expect((await throttled.signIn('root', 'root password!', '10.0.1.1')).ok).toBe(true);
  });

  it('ends other sessions when the password changes, keeping the one asked', async () => {
    const one = await accounts.signIn('root', 'root password!', 'a');
    const two = await accounts.signIn('root', 'root password!', 'a');
    if (!one.ok || !two.ok) throw new Error('expected sessions');
    const { hashSecret } = await import('./secrets.js');
    await accounts.changeOwnPassword(
      'root',
      'root password!',
      'a new password',
      'a',
      hashSecret(two.secret),
    );
    expect(await accounts.session(one.secret)).toBeUndefined();
    expect(await accounts.session(two.secret)).toBeDefined();
    const wrong = accounts.changeOwnPassword('root', 'root password!', 'another one!', 'a');
    await expect(wrong).rejects.toThrow('the current password is not right');
  });
});

describe('users', () => {
  it('lists every problem of a new user at once, each with its path', async () => {
    const error = await accounts
      .createUser(
        {
          name: 'Bad Name',
          role: 'boss' as never,
          teams: ['ops', 'nope', 'ops'],
          password: 'short',
        },
        admin,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).details).toEqual([
      {
        path: 'name',
        message:
          "user name 'Bad Name' is not valid: use 1 to 63 lower-case letters, digits, '.', '_', '-' or '@', starting with a letter or digit",
      },
      { path: 'role', message: "role 'boss' is not viewer, editor or admin" },
      { path: 'password', message: 'the password must be at least 10 characters long' },
      { path: 'teams[2]', message: "team 'ops' is listed twice" },
    ]);
    const unknown = await accounts
      .createUser({ name: 'amy', role: 'viewer', teams: ['nope'] }, admin)
      .catch((e: unknown) => e);
    expect((unknown as InputError).details).toEqual([
      { path: 'teams[0]', message: "no party 'nope'" },
    ]);
  });
});

describe('tokens', () => {
  it('authenticates a token as its user with its scopes, until revoked', async () => {
    await accounts.createUser({ name: 'amy', role: 'editor', teams: ['ops'] }, admin);
    const { token, secret } = await accounts.createToken(
      { user: 'amy', name: 'ci deploy', scopes: ['read', 'write'] },
      { id: 'user:amy' },
    );
    expect(secret).toMatch(/^sc_[A-Za-z0-9_-]{43}$/);
    expect(token.hash).not.toContain(secret.slice(3));
    expect(token.expiresAt).toBe('2026-07-30T10:00:00.000Z');
    expect(await accounts.token(secret)).toEqual({
      id: `token:${token.id}`,
      kind: 'token',
      role: 'editor',
      teams: ['ops'],
      scopes: ['read', 'write'],
    });
    expect((await store.getToken(token.id))?.lastUsedAt).toBe('2026-05-01T10:00:00.000Z');
    await accounts.updateUser('amy', { role: 'viewer' }, admin);
    expect((await accounts.token(secret))?.role).toBe('viewer');
    await accounts.revokeToken(token.id, admin);
    expect(await accounts.token(secret)).toBeUndefined();
  });

  it('refuses expired tokens and those of disabled users', async () => {
    const { secret } = await accounts.createToken(
      { user: 'root', name: 'short', scopes: ['admin'], expiresInDays: 1 },
      admin,
    );
    await accounts.createUser({ name: 'amy', role: 'viewer', password: 'amy password' }, admin);
    const amy = await accounts.createToken({ user: 'amy', name: 'x', scopes: ['read'] }, admin);
    await accounts.updateUser('amy', { disabled: true }, admin);
    expect(await accounts.token(amy.secret)).toBeUndefined();
    expect(await accounts.token(secret)).toBeDefined();
    now += 24 * 60 * 60 * 1000;
    expect(await accounts.token(secret)).toBeUndefined();
    expect(await accounts.token('sc_not-a-token')).toBeUndefined();
  });

  it('grants only the scopes the user’s role allows', async () => {
    await accounts.createUser({ name: 'amy', role: 'viewer' }, admin);
    const error = await accounts
      .createToken(
        { user: 'amy', name: ' x', scopes: ['ingest', 'admin'], expiresInDays: 0 },
        admin,
      )
      .catch((e: unknown) => e);
    expect((error as InputError).details).toEqual([
      { path: 'name', message: 'a token name does not start or end with a space' },
      { path: 'scopes[0]', message: "'ingest' is not a scope a viewer may grant (read, write)" },
      { path: 'scopes[1]', message: "'admin' is not a scope a viewer may grant (read, write)" },
      { path: 'expiresInDays', message: 'expiresInDays is a whole number from 1 to 3650, or null' },
    ]);
  });
});

describe('first start', () => {
  it('creates the admin from a given password, once', async () => {
    const empty = await openSqliteStore({ file: ':memory:' });
    await empty.migrate();
    const setup = new FirstAdminSetup(new Accounts(empty, { scryptCost: CHEAP }));
    expect(await setup.start('admin password')).toEqual({ kind: 'created', name: 'admin' });
    expect(await setup.start('admin password')).toEqual({ kind: 'has-users' });
    expect((await empty.listAudit({ kind: 'user' }))[0]?.actor).toBe('system:setup');
    await empty.close();
  });

  it('opens a one-time setup link, spent by its first successful use', async () => {
    const empty = await openSqliteStore({ file: ':memory:' });
    await empty.migrate();
    const setup = new FirstAdminSetup(new Accounts(empty, { scryptCost: CHEAP }));
    const started = await setup.start(undefined);
    if (started.kind !== 'setup-link') throw new Error('expected a link');
    expect(started.secret).toMatch(/^scsetup_/);
    expect(await setup.isOpen('scsetup_wrong')).toBe(false);
    await expect(setup.complete(started.secret, 'short')).rejects.toThrow(InputError);
    expect(await setup.complete(started.secret, 'admin password')).toMatchObject({ role: 'admin' });
    expect(await setup.complete(started.secret, 'admin password')).toBeUndefined();
    await empty.close();
  });

  it('closes the setup link when it expires', async () => {
    const empty = await openSqliteStore({ file: ':memory:' });
    await empty.migrate();
    let clock = 0;
    const setup = new FirstAdminSetup(new Accounts(empty, { now: () => new Date(clock) }), 1000);
    const started = await setup.start(undefined);
    if (started.kind !== 'setup-link') throw new Error('expected a link');
    expect(started.expiresAt).toBe('1970-01-01T00:00:01.000Z');
    clock = 999;
    expect(await setup.isOpen(started.secret)).toBe(true);
    clock = 1000;
    expect(await setup.isOpen(started.secret)).toBe(false);
    await empty.close();
  });

  it('will not remove the last admin', async () => {
    await expect(accounts.updateUser('root', { role: 'viewer' }, admin)).rejects.toThrow(
      ConflictError,
    );
  });
});
