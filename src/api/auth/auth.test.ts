import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AccountsApp,
  accountsApp,
  rootToken,
  signedIn,
  TEST_PASSWORD,
} from '../../../test/accounts-app.js';

let t: AccountsApp;
beforeEach(async () => {
  t = await accountsApp();
});
afterEach(() => t.close());

const login = (name: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name, password }, headers });

describe('browser sessions', () => {
  it('signs in with an http-only, SameSite=Strict cookie and gives the CSRF token', async () => {
    const response = await login('root', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(
      /^sc_session=scs_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43(19\d|200)$/,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body.user).toMatchObject({ name: 'root', role: 'admin', passwordSet: true });
    expect(JSON.stringify(body)).not.toContain('scrypt');
    const me = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: cookie.split(';')[0] as string },
    });
    expect(me.json()).toEqual({
      id: 'user:root',
      kind: 'user',
      role: 'admin',
      teams: [],
      scopes: [],
      csrfToken: body.csrfToken,
    });
  });

  it('marks the cookie Secure over HTTPS', async () => {
    const response = await login('root', TEST_PASSWORD, { 'x-forwarded-proto': 'https' });
    // Without trustProxy the protocol stays http: Secure follows the real connection.
    expect(String(response.headers['set-cookie'])).not.toContain('Secure');
  });

  it('refuses a wrong password and an unknown name alike, with 401', async () => {
    const wrong = await login('root', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const unknown = await login('nobody', 'not the password');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('needs the CSRF header on unsafe requests made with the cookie', async () => {
    const { cookie, csrf } = await signedIn(t.accounts, 'ed', 'editor');
    const body = { name: 'mine', scopes: ['read'] };
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': `${csrf}x` },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: body,
    });
    expect(right.statusCode).toBe(201);
    const read = await t.app.inject({ url: '/api/v1/services', headers: { cookie } });
    expect(read.statusCode).toBe(200);
  });

  it('signs out: the cookie is cleared and the session is gone', async () => {
    const { cookie, csrf } = await signedIn(t.accounts, 'ed', 'editor');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain(
      'sc_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
    );
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it('changes one’s own password, ending the other sessions', async () => {
    const first = await signedIn(t.accounts, 'amy', 'viewer');
    const second = await signedIn(t.accounts, 'amy', 'viewer');
    const change = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/password',
      headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
      payload: { current: TEST_PASSWORD, password: 'a brand new one' },
    });
    expect(change.statusCode).toBe(204);
    expect(
      (await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: first.cookie } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: second.cookie } }))
        .statusCode,
    ).toBe(401);
    expect((await login('amy', 'a brand new one')).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('shows the secret once, stores it hashed, and revocation works on the very next request', async () => {
    const admin = await rootToken(t.accounts, ['admin']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: admin.authorization },
      payload: { name: 'ci', scopes: ['read', 'write'], expiresInDays: 7 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { token, secret } = created.json();
    expect(secret).toMatch(/^sc_[A-Za-z0-9_-]{43}$/);
    const listed = await t.app.inject({
      url: '/api/v1/tokens',
      headers: { authorization: admin.authorization },
    });
    expect(JSON.stringify(listed.json())).not.toContain(secret);
    expect(JSON.stringify(listed.json())).not.toContain(secret.slice(3));
    const auth = { authorization: `Bearer ${secret}` };
    expect((await t.app.inject({ url: '/api/v1/services', headers: auth })).statusCode).toBe(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      headers: auth,
    });
    expect(revoked.statusCode).toBe(403); // a write token may not manage tokens
    const byAdmin = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      headers: { authorization: admin.authorization },
    });
    expect(byAdmin.json().revokedAt).not.toBeNull();
    const after = await t.app.inject({ url: '/api/v1/services', headers: auth });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('records changes made with a token as token:<id> and by users as user:<name>', async () => {
    const write = await rootToken(t.accounts, ['write']);
    const { cookie, csrf } = await signedIn(t.accounts, 'ed', 'editor');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'mine', scopes: ['read'] },
    });
    expect(created.statusCode).toBe(201);
    const service = await t.app.inject({
      url: '/api/v1/services/sap-erp',
      headers: { authorization: write.authorization },
    });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/services/sap-erp',
      headers: {
        authorization: write.authorization,
        'if-match': String(service.headers.etag),
        'content-type': 'application/merge-patch+json',
      },
      payload: { name: 'SAP ERP (renamed)' },
    });
    expect(patched.statusCode).toBe(200);
    const audit = await t.app.inject({
      url: '/api/v1/audit?limit=2',
      headers: { authorization: write.authorization },
    });
    expect(
      audit.json().items.map((r: { actor: string; kind: string }) => `${r.actor} ${r.kind}`),
    ).toEqual([`token:${write.id} service`, 'user:ed token']);
  });

  it('refuses a malformed, unknown or non-Bearer authorization', async () => {
    for (const authorization of [
      'Bearer',
      'Bearer sc_nope',
      `Basic ${Buffer.from('root:x').toString('base64')}`,
      `Bearer sc_${'a'.repeat(43)}`,
    ]) {
      const response = await t.app.inject({ url: '/api/v1/services', headers: { authorization } });
      expect(response.statusCode).toBe(401);
    }
  });
});

describe('users', () => {
  it('needs If-Match to change a user: 428 without, 412 when stale', async () => {
    const admin = await rootToken(t.accounts, ['admin']);
    const headers = { authorization: admin.authorization };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers,
      payload: { name: 'amy', role: 'viewer', teams: ['enterprise-apps'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/users/amy');
    const etag = String(created.headers.etag);
    const patch = (ifMatch?: string) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/v1/users/amy',
        headers: { ...headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        payload: { role: 'editor' },
      });
    expect((await patch()).statusCode).toBe(428);
    const changed = await patch(etag);
    expect(changed.statusCode).toBe(200);
    expect(changed.json().role).toBe('editor');
    expect((await patch(etag)).statusCode).toBe(412);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers,
      payload: { name: 'x', role: 'viewer', teams: ['no-such-team'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { path: 'teams[0]', message: "no party 'no-such-team'" },
    ]);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/users/amy',
      headers: { ...headers, 'if-match': String(changed.headers.etag) },
    });
    expect(removed.statusCode).toBe(204);
  });
});

describe('sign-in pages', () => {
  it('sends a browser from the home page to the web UI, and serves the sign-in form', async () => {
    const home = await t.app.inject({ url: '/' });
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/ui/');
    const form = await t.app.inject({ url: '/sign-in' });
    expect(form.headers['content-security-policy']).toContain("form-action 'self'");
    expect(form.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(form.body).toContain('<form method="post" action="/sign-in">');
  });

  it('signs in through the form from this site only, escaping what it shows back', async () => {
    const post = (payload: string, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          host: 'sc.example',
          ...headers,
        },
      });
    const wrong = await post('name=%3Cscript%3E&password=x', { origin: 'http://sc.example' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('value="&lt;script&gt;"');
    const crossSite = await post(`name=root&password=${encodeURIComponent(TEST_PASSWORD)}`, {
      origin: 'https://evil.example',
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
    const ok = await post(`name=root&password=${encodeURIComponent(TEST_PASSWORD)}`, {
      origin: 'http://sc.example',
    });
    expect(ok.statusCode).toBe(303);
    const cookie = String(ok.headers['set-cookie']).split(';')[0] as string;
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe('user:root');
  });
});
