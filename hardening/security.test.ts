import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../src/api/access.js';
import { accountsApp } from '../test/accounts-app.js';
import {
  ANONYMOUS,
  type Answer,
  type Credentials,
  call,
  expectStatus,
  newToken,
  signIn,
  signInAdmin,
  userSession,
} from './harness/client.js';
import { figure } from './harness/figures.js';
import { ADMIN_PASSWORD, ServerProcess } from './harness/server-process.js';

/**
 * Security promises held against the real server (`servicechain serve` in a child process over
 * the demo model): CSRF on every unsafe route, other teams' ids, token revocation, secrets at
 * rest, in logs and in exports, sign-in throttling, and security headers on every kind of
 * answer. The role-by-route matrix itself is src/api/access-matrix.test.ts.
 */
const MATRIX = JSON.parse(
  readFileSync(new URL('../src/api/access-matrix.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, string>>;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every secret the tests create or use; none may be found in clear at rest, in logs or exports. */
const secrets = new Map<string, string>([['admin password', ADMIN_PASSWORD]]);

/** Webhooks to this machine are allowed, so the test needs no DNS (deliveries fail: port 9). */
const OUTBOUND = { SERVICECHAIN_OUTBOUND_ALLOW: '127.0.0.0/8' };

let server: ServerProcess;
let admin: Credentials & { kind: 'session' };

beforeAll(async () => {
  server = await ServerProcess.start({ env: OUTBOUND });
  admin = await signInAdmin(server.url);
  secrets.set('admin session cookie', admin.cookie.split('=')[1] as string);
  secrets.set('admin CSRF token', admin.csrf);
});
afterAll(() => server?.close());

async function etag(path: string): Promise<string> {
  const answer = expectStatus(await call(server.url, path, admin), 200);
  return answer.headers.get('etag') ?? '';
}

/** The newest audit entry: when it has not changed, nothing was written. */
async function newestAudit(): Promise<unknown> {
  const answer = expectStatus(await call(server.url, '/api/v1/audit?limit=1', admin), 200);
  return (answer.json as { items: unknown[] }).items[0];
}

function fill(route: string): string {
  const values: Record<string, string> = {
    id: 'sap-erp',
    from: 'sap-erp',
    to: 'sap-hana',
    party: 'sales',
    service: 'order-to-cash',
    name: 'admin',
    slug: 'public',
  };
  const path = route.slice(route.indexOf(' ') + 1);
  return path.replace(/:(\w+)/g, (_, name: string) =>
    route.includes('/tokens/') ? '0123456789ab' : (values[name] ?? 'x'),
  );
}

describe('CSRF', () => {
  it('refuses every unsafe route called with a session cookie but no X-CSRF-Token, writing nothing', async () => {
    const before = await newestAudit();
    const routes = Object.entries(MATRIX)
      .filter(
        ([route, verdicts]) =>
          UNSAFE.has(route.split(' ')[0] as string) && verdicts.anonymous === '401',
      )
      .map(([route]) => route);
    const answers: string[] = [];
    for (const route of routes) {
      const method = route.split(' ')[0] as string;
      const path = fill(route);
      const missing = await call(server.url, path, admin, { method, body: {}, withoutCsrf: true });
      const wrong = await call(
        server.url,
        path,
        { ...admin, csrf: 'not-the-token' },
        { method, body: {} },
      );
      for (const answer of [missing, wrong])
        answers.push(
          `${route}: ${answer.status} ${(answer.json as { error?: { code?: string } })?.error?.code}`,
        );
    }
    figure('CSRF: unsafe routes refused without the header', routes.length);
    expect(answers).toEqual(
      routes.flatMap((route) => [`${route}: 403 csrf_failed`, `${route}: 403 csrf_failed`]),
    );
    expect(await newestAudit()).toStrictEqual(before);
  });

  it('does not sign out a session on a logout without the header', async () => {
    const session = await signInAdmin(server.url);
    await call(server.url, '/api/v1/auth/logout', session, { method: 'POST', withoutCsrf: true });
    expectStatus(await call(server.url, '/api/v1/auth/me', session), 200);
  });
});

describe("another team's ids (IDOR)", () => {
  /** Requests of a member of digital-commerce on what enterprise-apps provides (sap-erp). */
  const FOREIGN: {
    route: string;
    path: string;
    method: string;
    body?: unknown;
    ifMatch?: string;
  }[] = [
    {
      route: 'PUT /api/v1/services/:id',
      method: 'PUT',
      path: '/api/v1/services/sap-erp',
      body: { name: 'Taken over' },
      ifMatch: '/api/v1/services/sap-erp',
    },
    {
      route: 'PATCH /api/v1/services/:id',
      method: 'PATCH',
      path: '/api/v1/services/sap-erp',
      body: { description: 'taken over' },
      ifMatch: '/api/v1/services/sap-erp',
    },
    {
      route: 'DELETE /api/v1/services/:id',
      method: 'DELETE',
      path: '/api/v1/services/sap-erp',
      ifMatch: '/api/v1/services/sap-erp',
    },
    {
      route: 'POST /api/v1/services/:id/override',
      method: 'POST',
      path: '/api/v1/services/sap-erp/override',
      body: { level: 'major_outage', reason: 'not mine' },
    },
    {
      route: 'DELETE /api/v1/services/:id/override',
      method: 'DELETE',
      path: '/api/v1/services/sap-erp/override',
    },
    {
      route: 'PUT /api/v1/services/:id/acknowledgement',
      method: 'PUT',
      path: '/api/v1/services/sap-erp/acknowledgement',
      body: { note: 'not mine' },
    },
    {
      route: 'DELETE /api/v1/services/:id/acknowledgement',
      method: 'DELETE',
      path: '/api/v1/services/sap-erp/acknowledgement',
    },
    {
      route: 'PUT /api/v1/dependencies/:from/:to',
      method: 'PUT',
      path: '/api/v1/dependencies/sap-erp/sap-hana',
      body: { impact: 'ignore' },
      ifMatch: '/api/v1/dependencies/sap-erp/sap-hana',
    },
    {
      route: 'PATCH /api/v1/dependencies/:from/:to',
      method: 'PATCH',
      path: '/api/v1/dependencies/sap-erp/sap-hana',
      body: { impact: 'ignore' },
      ifMatch: '/api/v1/dependencies/sap-erp/sap-hana',
    },
    {
      route: 'DELETE /api/v1/dependencies/:from/:to',
      method: 'DELETE',
      path: '/api/v1/dependencies/sap-erp/sap-hana',
      ifMatch: '/api/v1/dependencies/sap-erp/sap-hana',
    },
    {
      route: 'POST /api/v1/dependencies',
      method: 'POST',
      path: '/api/v1/dependencies',
      body: { from: 'sap-erp', to: 'dns' },
    },
    {
      route: 'POST /api/v1/services',
      method: 'POST',
      path: '/api/v1/services',
      body: { id: 'planted', name: 'Planted', provider: 'enterprise-apps' },
    },
    {
      route: 'POST /api/v1/incidents',
      method: 'POST',
      path: '/api/v1/incidents',
      body: {
        title: 'Not ours',
        message: 'x',
        services: [{ service: 'sap-erp', impact: 'major_outage' }],
        visibility: 'public',
      },
    },
    {
      route: 'PATCH /api/v1/incidents/:id',
      method: 'PATCH',
      path: '/api/v1/incidents/INCIDENT',
      body: { title: 'taken over' },
      ifMatch: '/api/v1/incidents/INCIDENT',
    },
    {
      route: 'POST /api/v1/incidents/:id/updates',
      method: 'POST',
      path: '/api/v1/incidents/INCIDENT/updates',
      body: { message: 'not mine', status: 'identified' },
      ifMatch: '/api/v1/incidents/INCIDENT',
    },
    {
      route: 'POST /api/v1/incidents/:id/resolve',
      method: 'POST',
      path: '/api/v1/incidents/INCIDENT/resolve',
      body: { message: 'not mine' },
      ifMatch: '/api/v1/incidents/INCIDENT',
    },
    {
      route: 'PUT /api/v1/incidents/:id/postmortem',
      method: 'PUT',
      path: '/api/v1/incidents/INCIDENT/postmortem',
      body: { postmortem: 'not mine' },
      ifMatch: '/api/v1/incidents/INCIDENT',
    },
  ];
  /** An incident on enterprise-apps' sap-erp, opened by the admin. */
  let incident = '';
  beforeAll(async () => {
    const opened = expectStatus(
      await call(server.url, '/api/v1/incidents', admin, {
        body: {
          title: 'ERP slow',
          message: 'Looking into it.',
          services: [{ service: 'sap-erp', impact: 'degraded' }],
          visibility: 'internal',
        },
      }),
      201,
    );
    incident = (opened.json as { id: string }).id;
  });

  it('covers every route whose access is owner', async () => {
    const app = await accountsApp();
    const owner = app.routes
      .filter((r) => (r.config as { access?: Access } | undefined)?.access === 'owner')
      .map((r) => `${String(r.method)} ${r.url}`)
      .filter((r) => !r.startsWith('HEAD'));
    await app.close();
    const covered = new Set(FOREIGN.map((f) => f.route));
    expect(owner.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("refuses a team member every write on another team's service, and changes nothing", async () => {
    const tina = await userSession(server.url, admin, {
      name: 'tina',
      role: 'viewer',
      teams: ['digital-commerce'],
      password: 'tina password 31',
    });
    secrets.set('tina password', 'tina password 31');
    secrets.set('tina CSRF token', tina.csrf);
    const before = await newestAudit();
    const refused: string[] = [];
    for (const foreign of FOREIGN) {
      const path = foreign.path.replace('INCIDENT', incident);
      const headers = foreign.ifMatch
        ? { 'if-match': await etag(foreign.ifMatch.replace('INCIDENT', incident)) }
        : undefined;
      const answer = await call(server.url, path, tina, {
        method: foreign.method,
        body: foreign.body,
        headers,
      });
      refused.push(`${foreign.method} ${foreign.path}: ${answer.status}`);
    }
    figure("IDOR: writes on another team's service or incident refused", FOREIGN.length);
    expect(refused).toEqual(FOREIGN.map((f) => `${f.method} ${f.path}: 403`));
    expect(await newestAudit()).toStrictEqual(before);
    // The same member may change their own team's service: the refusals above are about the team.
    const own = await call(server.url, '/api/v1/services/web-01', tina, {
      method: 'PATCH',
      body: { description: 'ours' },
      headers: { 'if-match': await etag('/api/v1/services/web-01') },
    });
    expect(own.status).toBe(200);
    const handOver = await call(server.url, '/api/v1/services/web-01', tina, {
      method: 'PATCH',
      body: { provider: 'enterprise-apps' },
      headers: { 'if-match': own.headers.get('etag') ?? '' },
    });
    expect(handOver.status).toBe(403);
  });

  it("refuses a user another user's tokens, and the token keeps working", async () => {
    const admins = await newToken(server.url, admin, ['read']);
    secrets.set('admin read token', admins.secret);
    const vic = await userSession(server.url, admin, {
      name: 'vic',
      role: 'editor',
      password: 'vic password 42',
    });
    secrets.set('vic password', 'vic password 42');
    const revoke = await call(server.url, `/api/v1/tokens/${admins.id}`, vic, { method: 'DELETE' });
    expect([403, 404]).toContain(revoke.status);
    const listed = expectStatus(await call(server.url, '/api/v1/tokens', vic), 200).json as {
      items: { id: string }[];
    };
    expect(listed.items.map((t) => t.id)).not.toContain(admins.id);
    expectStatus(
      await call(server.url, '/api/v1/services', { kind: 'token', secret: admins.secret }),
      200,
    );
    const password = await call(server.url, '/api/v1/users/admin', vic, {
      method: 'PATCH',
      body: { role: 'viewer' },
      headers: { 'if-match': '"1"' },
    });
    expect(password.status).toBe(403);
  });
});

describe('revocation', () => {
  it('refuses a revoked token, and a disabled user’s token and session, on the very next request', async () => {
    const token = await newToken(server.url, admin, ['read', 'write']);
    secrets.set('admin write token', token.secret);
    const bearer: Credentials = { kind: 'token', secret: token.secret };
    expectStatus(await call(server.url, '/api/v1/services', bearer), 200);
    expectStatus(
      await call(server.url, `/api/v1/tokens/${token.id}`, admin, { method: 'DELETE' }),
      200,
      204,
    );
    expect((await call(server.url, '/api/v1/services', bearer)).status).toBe(401);

    const dora = await userSession(server.url, admin, {
      name: 'dora',
      role: 'editor',
      password: 'dora password 7',
    });
    secrets.set('dora password', 'dora password 7');
    const doras = await newToken(server.url, dora, ['read']);
    secrets.set('dora read token', doras.secret);
    expectStatus(await call(server.url, '/api/v1/services', dora), 200);
    const version = await etag('/api/v1/users/dora');
    expectStatus(
      await call(server.url, '/api/v1/users/dora', admin, {
        method: 'PATCH',
        body: { disabled: true },
        headers: { 'if-match': version },
      }),
      200,
    );
    expect((await call(server.url, '/api/v1/services', dora)).status).toBe(401);
    expect(
      (await call(server.url, '/api/v1/services', { kind: 'token', secret: doras.secret })).status,
    ).toBe(401);
  });
});

/** The kinds of answer the server gives, each of which must carry the security headers. */
async function everyKindOfAnswer(): Promise<Record<string, Answer>> {
  const page = expectStatus(
    await call(server.url, '/api/v1/status-pages', admin, {
      body: {
        slug: 'public',
        title: 'Acme status',
        audience: 'public',
        services: [{ service: 'order-to-cash', key: 'ordering', name: 'Ordering' }],
      },
    }),
    201,
  );
  expect(page.status).toBe(201);
  const ui = await call(server.url, '/ui/', ANONYMOUS);
  const script = /src="([^"]+\.js)"/.exec(ui.text)?.[1] ?? '/ui/missing.js';
  const services = await call(server.url, '/api/v1/services/sap-erp', admin);
  return {
    'JSON 200': services,
    'status page 304': await call(server.url, '/status/public', ANONYMOUS, {
      headers: {
        'if-none-match':
          (await call(server.url, '/status/public', ANONYMOUS)).headers.get('etag') ?? '',
      },
    }),
    'JSON 401': await call(server.url, '/api/v1/services', ANONYMOUS),
    'JSON 403': await call(server.url, '/api/v1/users', {
      kind: 'token',
      secret: (await newToken(server.url, admin, ['read'])).secret,
    }),
    'JSON 404 route': await call(server.url, '/api/v1/nothing-here', admin),
    'JSON 404 entity': await call(server.url, '/api/v1/services/nothing-here', admin),
    'JSON 400 malformed': await call(server.url, '/api/v1/what-if', admin, {
      raw: { body: '{', type: 'application/json' },
    }),
    'JSON 413 too large': await call(server.url, '/api/v1/what-if', admin, {
      raw: { body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }), type: 'application/json' },
    }),
    'JSON 400 bad URL': await call(server.url, '/api/v1/services/%ED%A0%80', admin),
    'JSON 414 path part too long': await call(
      server.url,
      `/api/v1/services/${'a'.repeat(300)}`,
      admin,
    ),
    'JSON 415': await call(server.url, '/api/v1/what-if', admin, {
      raw: { body: 'a=b', type: 'text/x-unknown' },
    }),
    HEAD: await call(server.url, '/api/v1/services', admin, { method: 'HEAD' }),
    'OpenAPI document': await call(server.url, '/api/v1/openapi.json', ANONYMOUS),
    'API docs page': await call(server.url, '/docs', ANONYMOUS),
    health: await call(server.url, '/healthz', ANONYMOUS),
    metrics: await call(server.url, '/metrics', admin),
    'sign-in page': await call(server.url, '/sign-in', ANONYMOUS),
    'home redirect': await call(server.url, '/', ANONYMOUS),
    'UI page': ui,
    'UI script': await call(
      server.url,
      script.startsWith('/') ? script : `/ui/${script}`,
      ANONYMOUS,
    ),
    'status page HTML': await call(server.url, '/status/public', ANONYMOUS),
    'status page JSON': await call(server.url, '/status/public.json', ANONYMOUS),
    'status page feed': await call(server.url, '/status/public/feed.atom', ANONYMOUS),
    'status page badge': await call(server.url, '/status/public/badge/ordering.svg', ANONYMOUS),
    'status page 404': await call(server.url, '/status/no-such-page', ANONYMOUS),
    'live stream': await streamHeaders(),
  };
}

/** The stream's answer: headers only, then the connection is dropped. */
async function streamHeaders(): Promise<Answer> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/v1/stream`, {
    headers: { cookie: admin.cookie },
    signal: controller.signal,
  });
  controller.abort();
  return { status: response.status, headers: response.headers, text: '', json: undefined };
}

describe('security headers', () => {
  it('come with every kind of answer, with a CSP that forbids framing and inline script', async () => {
    const answers = await everyKindOfAnswer();
    const report: string[] = [];
    const problems: string[] = [];
    for (const [kind, answer] of Object.entries(answers)) {
      const csp = answer.headers.get('content-security-policy') ?? '';
      report.push(`${kind} (${answer.status}): ${csp}`);
      const missing = [
        answer.headers.get('x-content-type-options') === 'nosniff' ? '' : 'nosniff',
        answer.headers.get('x-frame-options') === 'DENY' ? '' : 'x-frame-options',
        answer.headers.get('referrer-policy') ? '' : 'referrer-policy',
        csp.includes("frame-ancestors 'none'") ? '' : "frame-ancestors 'none'",
        /script-src[^;]*'unsafe-(inline|eval)'/.test(csp) ||
        (/default-src[^;]*'unsafe-inline'/.test(csp) && !/script-src/.test(csp))
          ? 'a CSP allowing inline script'
          : '',
        csp === '' ? 'CSP' : '',
      ].filter(Boolean);
      if (missing.length > 0) problems.push(`${kind} (${answer.status}): ${missing.join(', ')}`);
    }
    figure('security headers: kinds of answer checked', Object.keys(answers).length);
    console.log(report.join('\n'));
    expect(problems).toEqual([]);
    // The kinds above really are different answers.
    expect(answers['JSON 413 too large']?.status).toBe(413);
    expect(answers['status page 304']?.status).toBe(304);
    expect(answers['status page HTML']?.status).toBe(200);
    expect(answers['UI script']?.status).toBe(200);
    expect(answers['live stream']?.status).toBe(200);
  });
});

describe('secrets', () => {
  it('are nowhere in clear: not in the database files, the logs, nor any export', async () => {
    const subscriber = expectStatus(
      await call(server.url, '/api/v1/notify/subscribers', admin, {
        body: {
          kind: 'webhook',
          name: 'On-call bridge',
          url: 'http://hook-user:hook-password-5d1e@127.0.0.1:9/servicechain',
          services: ['order-to-cash'],
          events: ['status.changed'],
        },
      }),
      201,
    ).json as { signingSecret: string };
    secrets.set('webhook signing secret', subscriber.signingSecret);
    secrets.set('webhook URL password', 'hook-password-5d1e');
    expectStatus(
      await call(server.url, '/api/v1/notify/subscribers', admin, {
        body: {
          kind: 'slack',
          name: 'Ops channel',
          url: 'http://127.0.0.1:9/services/T000/B000/slack-secret-9c2f',
          services: ['order-to-cash'],
          events: ['status.changed'],
        },
      }),
      201,
    );
    secrets.set('Slack URL secret', 'slack-secret-9c2f');
    const exports: Record<string, string> = {};
    for (const path of [
      '/api/v1/model/export',

      '/api/v1/audit?limit=1000',
      '/api/v1/users',
      '/api/v1/tokens',
      '/api/v1/notify/subscribers',
      '/api/v1/notify/deliveries',
    ])
      exports[path] = (await call(server.url, path, admin)).text;
    await server.stop('SIGTERM');
    const files = ['', '-wal', '-shm'].map((suffix) => `${server.databaseFile}${suffix}`);
    const found: string[] = [];
    for (const [name, secret] of secrets) {
      for (const file of files) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          continue;
        }
        if (bytes.includes(Buffer.from(secret, 'utf8')))
          found.push(`${name} in ${file.slice(file.lastIndexOf('/') + 1)}`);
      }
      if (server.logs.some((line) => line.includes(secret))) found.push(`${name} in the log`);
      for (const [path, text] of Object.entries(exports))
        if (text.includes(secret)) found.push(`${name} in ${path}`);
    }
    figure('secrets looked for', secrets.size);
    figure('log lines searched', server.logs.length);
    expect(server.logs.length).toBeGreaterThan(20);
    expect(found).toEqual([]);
    server = await ServerProcess.start({
      dataDir: server.dataDir,
      removeOnClose: true,
      env: OUTBOUND,
    });
  });
});

describe('sign-in throttle', () => {
  it('makes an account wait after 5 wrong passwords, even for the right one, then lets it in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await call(server.url, '/api/v1/auth/login', ANONYMOUS, {
            body: { name: 'admin', password: `guess ${i}` },
          })
        ).status,
      );
    const throttled = await call(server.url, '/api/v1/auth/login', ANONYMOUS, {
      body: { name: 'admin', password: ADMIN_PASSWORD },
    });
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await signIn(server.url, 'admin', ADMIN_PASSWORD);
  });

  it('makes one address wait after 20 failures in all, whatever the names', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++)
      statuses.push(
        (
          await call(server.url, '/api/v1/auth/login', ANONYMOUS, {
            body: { name: `nobody-${i}`, password: 'guess' },
          })
        ).status,
      );
    // 5 failures above, 15 here: the 16th attempt waits.
    expect(statuses).toEqual([...Array(15).fill(401), 429]);
    figure('sign-in: failures from one address before it must wait', 20);
  });
});
