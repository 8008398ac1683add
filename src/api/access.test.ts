import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  type Access,
  assertCanEditService,
  checkAccess,
  enforceAccess,
  type Principal,
} from './access.js';

const user = (role: Principal['role'], teams: string[] = []): Principal => ({
  id: `user:${role}`,
  kind: 'user',
  role,
  teams,
  scopes: [],
});
const token = (role: Principal['role'], scopes: Principal['scopes']): Principal => ({
  id: 'token:t1',
  kind: 'token',
  role,
  teams: [],
  scopes,
});

describe('checkAccess', () => {
  const levels: Access[] = ['public', 'read', 'owner', 'write', 'ingest', 'admin'];
  const verdicts = (principal: Principal | undefined) =>
    levels.map((level) => checkAccess(principal, level));

  it('lets nobody past public without signing in', () => {
    expect(verdicts(undefined)).toEqual([
      'ok',
      'unauthenticated',
      'unauthenticated',
      'unauthenticated',
      'unauthenticated',
      'unauthenticated',
    ]);
  });

  it('ranks roles: viewer < editor < admin', () => {
    expect(verdicts(user('viewer'))).toEqual([
      'ok',
      'ok',
      'ok',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
    expect(verdicts(user('editor'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'forbidden']);
    expect(verdicts(user('admin'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('gives tokens their scopes, never more than their creator', () => {
    expect(verdicts(token('admin', ['read']))).toEqual([
      'ok',
      'ok',
      'forbidden',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
    expect(verdicts(token('admin', ['ingest']))).toEqual([
      'ok',
      'forbidden',
      'forbidden',
      'forbidden',
      'ok',
      'forbidden',
    ]);
    expect(verdicts(token('viewer', ['write']))).toEqual([
      'ok',
      'ok',
      'ok',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
    expect(verdicts(token('editor', ['admin']))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'forbidden',
      'forbidden',
    ]);
    expect(verdicts(token('admin', ['admin']))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });
});

describe('assertCanEditService', () => {
  it('lets editors change anything and team members their own services only', () => {
    expect(() => assertCanEditService(user('editor'), [undefined, 'x'])).not.toThrow();
    expect(() => assertCanEditService(user('viewer', ['ops']), ['ops'])).not.toThrow();
    expect(() => assertCanEditService(user('viewer', ['ops']), ['ops', 'sales'])).toThrow(
      "only editors and members of 'sales' may change the services 'sales' provides",
    );
    expect(() => assertCanEditService(user('viewer', ['ops']), [undefined])).toThrow(
      'only editors may change a service that no team provides',
    );
    expect(() => assertCanEditService(undefined, ['ops'])).toThrow('sign in to change services');
  });
});

describe('enforceAccess', () => {
  it('refuses to register a route that declares no access', async () => {
    const app = Fastify();
    enforceAccess(app, async () => undefined);
    expect(() => app.get('/open', async () => 'x')).toThrow(
      'route GET /open declares no access (config.access): refused',
    );
  });

  it('answers 401 and 403 before the handler runs', async () => {
    let ran = 0;
    const app = Fastify();
    let who: Principal | undefined;
    enforceAccess(app, async () => who);
    app.post('/admin', { config: { access: 'admin' } }, async () => {
      ran++;
      return 'done';
    });
    expect((await app.inject({ method: 'POST', url: '/admin' })).statusCode).toBe(401);
    who = user('editor');
    const forbidden = await app.inject({ method: 'POST', url: '/admin' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'this needs admin access, which user:editor does not have',
      },
    });
    expect(ran).toBe(0);
    who = user('admin');
    expect((await app.inject({ method: 'POST', url: '/admin' })).body).toBe('done');
  });
});
