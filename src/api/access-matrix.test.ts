import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsApp, accountsApp, rootToken, signedIn } from '../../test/accounts-app.js';

/**
 * Deny by default, checked route by route: every route of the app is called by each kind of
 * caller, and the answer's class (`401`, `403`, or `ok` for anything else: the access check let
 * it through) must be the one in access-matrix.json. A route missing from the file fails.
 * After an intended change, regenerate with UPDATE_ACCESS_MATRIX=1 and review the diff.
 */
const MATRIX_FILE = fileURLToPath(new URL('./access-matrix.json', import.meta.url));
const CALLERS = [
  'anonymous',
  'viewer',
  'team-viewer',
  'editor',
  'admin',
  'token-read',
  'token-write',
  'token-ingest',
  'token-admin',
] as const;
type Caller = (typeof CALLERS)[number];
type Verdict = '401' | '403' | 'ok';

/** Real values for path parameters, so that handlers past the access check find something. */
const PARAMS: Record<string, string> = {
  id: 'sap-erp',
  name: 'victim',
  party: 'enterprise-apps',
  service: 'sap-erp',
  from: 'sap-erp',
  to: 'sap-hana',
  page: 'public',
};

function fill(url: string, tokenId: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (url.startsWith('/api/v1/tokens') && name === 'id') return tokenId;
    if (url.startsWith('/api/v1/parties') && name === 'id') return 'enterprise-apps';
    return PARAMS[name] ?? 'x';
  });
}

let t: AccountsApp;
const headersOf = {} as Record<Caller, Record<string, string>>;
let victimToken = '';

beforeAll(async () => {
  t = await accountsApp();
  headersOf.anonymous = {};
  const session = async (
    name: string,
    role: 'viewer' | 'editor' | 'admin',
    teams: string[] = [],
  ) => {
    const { cookie, csrf } = await signedIn(t.accounts, name, role, teams);
    sessionUsers.set(cookie, name);
    return { cookie, 'x-csrf-token': csrf };
  };
  headersOf.viewer = await session('vic', 'viewer');
  headersOf['team-viewer'] = await session('tina', 'viewer', ['enterprise-apps']);
  headersOf.editor = await session('ed', 'editor');
  headersOf.admin = await session('ada', 'admin');
  for (const scope of ['read', 'write', 'ingest', 'admin'] as const)
    headersOf[`token-${scope}`] = {
      authorization: (await rootToken(t.accounts, [scope])).authorization,
    };
  await t.accounts.createUser({ name: 'victim', role: 'viewer' }, { id: 'test' });
  victimToken = (
    await t.accounts.createToken({ user: 'victim', name: 'v', scopes: ['read'] }, { id: 'test' })
  ).token.id;
});
afterAll(() => t.close());

/** Valid bodies where a handler checks more than the route's access (else `{}`). */
const BODIES: Record<string, unknown> = {
  'POST /api/v1/tokens': { name: 'matrix', scopes: ['read'] },
  'POST /api/v1/users': { name: 'newbie', role: 'viewer' },
  'PUT /api/v1/auth/password': { current: 'not the password', password: 'long enough new one' },
};

/** The answer's class: refused by access (`401`, `403`) or let through (`ok`, whatever followed). */
async function verdict(method: string, url: string, caller: Caller): Promise<Verdict> {
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  const response = await t.app.inject({
    method: method as 'GET',
    url: fill(url, victimToken),
    headers: { ...headersOf[caller], ...(unsafe ? { 'if-match': '*' } : {}) },
    ...(unsafe ? { payload: BODIES[`${method} ${url}`] ?? {} } : {}),
    payloadAsStream: true,
  });
  const chunks: Buffer[] = [];
  if (response.statusCode === 401 || response.statusCode === 403)
    for await (const chunk of response.stream()) chunks.push(chunk as Buffer);
  else response.stream().destroy();
  if (url === '/api/v1/auth/logout' && caller !== 'anonymous' && !caller.startsWith('token'))
    headersOf[caller] = await resignIn(headersOf[caller]);
  const code = chunks.length > 0 ? errorCode(Buffer.concat(chunks).toString()) : undefined;
  if (response.statusCode === 401 && code === 'unauthenticated') return '401';
  if (response.statusCode === 403 && (code === 'forbidden' || code === 'csrf_failed')) return '403';
  return 'ok';
}

function errorCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** A new session for the user of a session just signed out. */
const sessionUsers = new Map<string, string>();
async function resignIn(headers: Record<string, string>): Promise<Record<string, string>> {
  const name = sessionUsers.get(headers.cookie ?? '') as string;
  const { cookie, csrf } = await signedIn(t.accounts, name, 'viewer');
  sessionUsers.set(cookie, name);
  return { cookie, 'x-csrf-token': csrf };
}

function routeKeys(): string[] {
  const keys = new Set<string>();
  for (const route of t.routes)
    for (const method of [route.method].flat())
      if (method !== 'HEAD') keys.add(`${method} ${route.url}`);
  return [...keys].sort();
}

describe('the access matrix', () => {
  it('answers every route for every caller as access-matrix.json says', async () => {
    const observed: Record<string, Record<Caller, Verdict>> = {};
    for (const key of routeKeys()) {
      const [method, url] = key.split(' ') as [string, string];
      const row = {} as Record<Caller, Verdict>;
      for (const caller of CALLERS) row[caller] = await verdict(method, url, caller);
      observed[key] = row;
    }
    if (process.env.UPDATE_ACCESS_MATRIX === '1')
      writeFileSync(MATRIX_FILE, `${JSON.stringify(observed, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(MATRIX_FILE, 'utf8')) as Record<string, unknown>;
    const missing = Object.keys(observed).filter((key) => !(key in expected));
    expect(missing, 'routes missing from access-matrix.json').toEqual([]);
    expect(observed).toStrictEqual(expected);
  }, 60_000);

  it('lets nobody anonymous past anything but public routes', async () => {
    const expected = JSON.parse(readFileSync(MATRIX_FILE, 'utf8')) as Record<
      string,
      Record<Caller, Verdict>
    >;
    const open = Object.entries(expected)
      .filter(([, row]) => row.anonymous === 'ok')
      .map(([key]) => key);
    const publicRoutes = t.routes
      .filter((r) => (r.config as { access?: string } | undefined)?.access === 'public')
      .flatMap((r) =>
        [r.method]
          .flat()
          .filter((m) => m !== 'HEAD')
          .map((m) => `${m} ${r.url}`),
      );
    expect(open.sort()).toEqual([...new Set(publicRoutes)].sort());
  });

  it('covers every operation of the OpenAPI document', async () => {
    const response = await t.app.inject({ url: '/api/v1/openapi.json', headers: headersOf.admin });
    expect(response.statusCode).toBe(200);
    const paths = (response.json() as { paths: Record<string, Record<string, unknown>> }).paths;
    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((m) => m !== 'head' && m !== 'parameters')
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(20);
    const known = new Set(routeKeys());
    expect(documented.filter((key) => !known.has(key))).toEqual([]);
  });
});
