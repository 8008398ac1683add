import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../src/accounts/accounts.js';
import { createApp } from '../src/api/app.js';
import { StatusRuntime } from '../src/runtime/status-runtime.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { applyModelFiles, TEST_ADMIN } from '../test/demo-app.js';
import { figure } from './harness/figures.js';

/**
 * Every route of the OpenAPI document, fuzzed (fast-check, 10,000 requests in all) as an admin,
 * in process: nothing may answer 5xx, and every 4xx of the API must have the documented error
 * shape. Then the classic hostile inputs one by one: oversized bodies, deep nesting, prototype
 * keys, NUL, lone surrogates, right-to-left overrides, look-alike names, YAML alias bombs.
 */
const TOTAL_REQUESTS = 10_000;

let app: FastifyInstance;
let store: Store;
let document: OpenApi;

interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: string; schema?: Schema; required?: boolean }[];
  requestBody?: { content: Record<string, { schema?: Schema; example?: unknown }> };
}
interface Schema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  pattern?: string;
  anyOf?: Schema[];
}
interface OpenApi {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
}

beforeAll(async () => {
  store = await openSqliteStore({ file: ':memory:' });
  await store.migrate();
  await applyModelFiles(store);
  const runtime = await StatusRuntime.start(store);
  app = await createApp({
    store,
    runtime,
    accounts: new Accounts(store, { scryptCost: { log2N: 10, r: 8, p: 1 } }),
    authenticate: async () => TEST_ADMIN,
    // The fuzzer is one caller sending thousands of requests: limits would answer most of them.
    operations: { rateLimits: false },
  });
  document = (await app.inject({ url: '/api/v1/openapi.json' })).json() as OpenApi;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** The stream never ends: it is fuzzed through its query alone, which is checked first. */
const NEVER_ENDING = new Set(['GET /api/v1/stream']);

function operations(): Operation[] {
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(methods))
      list.push({ ...operation, method: method.toUpperCase(), path });
  return list;
}

/** Strings a fuzzer should try, beyond random ones. */
const nasty = fc.constantFrom(
  '',
  ' ',
  'a'.repeat(5000),
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  'null',
  '9'.repeat(40),
  'sap-erp',
  'order-to-cash',
);
const anyString = fc.oneof(
  nasty,
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** A value for a schema: often valid-looking, often not. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const wild = fc.oneof(anyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  if (!schema || depth > 3) return wild;
  const choices: fc.Arbitrary<unknown>[] = [wild];
  if (schema.enum) choices.push(fc.constantFrom(...schema.enum));
  if (schema.anyOf) choices.push(...schema.anyOf.map((s) => valueFor(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' && schema.properties) {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(schema.properties))
      shape[name] = valueFor(property, depth + 1);
    choices.push(fc.record(shape, { requiredKeys: [] }));
    choices.push(fc.dictionary(anyString, wild, { maxKeys: 4 }));
  }
  if (type === 'array') choices.push(fc.array(valueFor(schema.items, depth + 1), { maxLength: 4 }));
  if (type === 'string') choices.push(anyString);
  if (type === 'integer' || type === 'number') choices.push(fc.integer({ min: -10, max: 100_000 }));
  return fc.oneof(...choices);
}

/** A body: the documented example changed in one field, a value for the schema, or any JSON. */
function bodyFor(
  operation: Operation,
): fc.Arbitrary<{ payload: unknown; type: string } | undefined> {
  const content = operation.requestBody?.content;
  if (!content) return fc.constant(undefined);
  const json = content['application/json'];
  const choices: fc.Arbitrary<{ payload: unknown; type: string } | undefined>[] = [
    fc.jsonValue({ maxDepth: 3 }).map((payload) => ({ payload, type: 'application/json' })),
    fc.constant(undefined),
  ];
  if (json) {
    choices.push(valueFor(json.schema).map((payload) => ({ payload, type: 'application/json' })));
    const example = json.example;
    if (example && typeof example === 'object' && !Array.isArray(example)) {
      const keys = Object.keys(example);
      choices.push(
        fc
          .tuple(fc.constantFrom(...keys), valueFor(json.schema?.properties?.[keys[0] as string]))
          .map(([key, value]) => ({
            payload: { ...example, [key]: value },
            type: 'application/json',
          })),
      );
      choices.push(fc.constant({ payload: example, type: 'application/json' }));
    }
  }
  for (const [type, media] of Object.entries(content))
    if (type !== 'application/json')
      choices.push(
        anyString.map((text) => ({ payload: `${String(media.example ?? '')}${text}`, type })),
      );
  return fc.oneof(...choices);
}

/** Percent-encoded; a lone surrogate, which has no UTF-8, goes as its invalid 3-byte form. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '')) + '%ED%A0%80';
  }
}

function requestFor(operation: Operation) {
  const params = (operation.parameters ?? []).filter((p) => p.in === 'path');
  const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
  return fc.record({
    path: fc
      .tuple(...params.map(() => anyString))
      .map((values) =>
        params.reduce(
          (url, param, i) => url.replace(`{${param.name}}`, encode(String(values[i]))),
          operation.path,
        ),
      ),
    query: fc
      .tuple(...query.map((q) => fc.option(valueFor(q.schema), { nil: undefined })))
      .map((values) =>
        query
          .map((q, i) => (values[i] === undefined ? '' : `${q.name}=${encode(String(values[i]))}`))
          .filter(Boolean)
          .join('&'),
      ),
    body: bodyFor(operation),
    ifMatch: fc.option(fc.constantFrom('"1"', '*', 'W/"x"', 'garbage'), { nil: undefined }),
  });
}

function errorShapeProblem(status: number, body: string, path: string): string | undefined {
  if (status < 400 || status >= 500) return undefined;
  // Public pages (sign-in, status pages) answer people, in HTML; the API answers in its shape.
  if (!path.startsWith('/api/')) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string' && typeof parsed.error?.message === 'string')
      return undefined;
  } catch {
    // fall through
  }
  return `${status} without the error shape: ${body.slice(0, 200)}`;
}

describe('every route fuzzed from the OpenAPI document', () => {
  it(`answers ${TOTAL_REQUESTS} generated requests without a 5xx, every API 4xx in the error shape`, async () => {
    const list = operations();
    const perOperation = Math.ceil(TOTAL_REQUESTS / list.length);
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    let sent = 0;
    for (const operation of list) {
      const name = `${operation.method} ${operation.path}`;
      await fc.assert(
        fc.asyncProperty(requestFor(operation), async (request) => {
          if (NEVER_ENDING.has(name) && request.query === '') return;
          const url = `${request.path}${request.query ? `?${request.query}` : ''}`;
          const headers: Record<string, string> = {};
          if (request.ifMatch) headers['if-match'] = request.ifMatch;
          if (request.body) headers['content-type'] = request.body.type;
          const payload =
            request.body === undefined
              ? undefined
              : typeof request.body.payload === 'string' && request.body.type !== 'application/json'
                ? request.body.payload
                : JSON.stringify(request.body.payload);
          const answer = await app.inject({
            method: operation.method as 'GET',
            url: NEVER_ENDING.has(name) ? `${url}&lastEventId=%00` : url,
            headers,
            ...(payload !== undefined && { payload }),
          });
          sent++;
          statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
          const shape = errorShapeProblem(answer.statusCode, answer.body, request.path);
          const problem =
            answer.statusCode >= 500 ? `${answer.statusCode}: ${answer.body.slice(0, 300)}` : shape;
          if (problem)
            problems.push(
              `${operation.method} ${url} ${payload?.slice(0, 200) ?? ''} -> ${problem}`,
            );
        }),
        { numRuns: perOperation, seed: 11 },
      );
    }
    figure('fuzz: operations', list.length);
    figure('fuzz: requests', sent);
    figure(
      'fuzz: answers by status',
      JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]))),
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(TOTAL_REQUESTS - 2 * perOperation);
  }, 600_000);
});

async function post(url: string, payload: string, type = 'application/json') {
  return app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload });
}

describe('hostile bodies', () => {
  it('refuses an oversized body with 413 in the error shape', async () => {
    const answer = await post(
      '/api/v1/services',
      JSON.stringify({ id: 'big', description: 'x'.repeat(2_000_000) }),
    );
    expect(answer.statusCode).toBe(413);
    expect(answer.json().error.code).toBe('payload_too_large');
  });

  it('refuses nesting 100,000 deep without a stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const url of ['/api/v1/services', '/api/v1/signals', '/api/v1/what-if']) {
      const answer = await post(url, deep);
      expect(answer.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(answer.statusCode, url).toBeLessThan(500);
    }
    const nested = `{"id":"deep","labels":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expect((await post('/api/v1/services', nested)).statusCode).toBe(400);
  });

  it('never lets __proto__ or constructor.prototype keys reach an object prototype', async () => {
    const bodies = [
      ['/api/v1/services', '{"id":"proto-1","__proto__":{"polluted":"yes"}}'],
      ['/api/v1/services', '{"id":"proto-2","labels":{"__proto__":{"polluted":"yes"}}}'],
      ['/api/v1/services', '{"id":"proto-3","constructor":{"prototype":{"polluted":"yes"}}}'],
      [
        '/api/v1/signals',
        '{"source":"x","key":"p","service":"dns","labels":{"__proto__":{"polluted":"yes"}}}',
      ],
      [
        '/api/v1/signals',
        '{"source":"x","key":"c","service":"dns","labels":{"constructor":{"prototype":{"polluted":"yes"}}}}',
      ],
      [
        '/api/v1/signals/alertmanager',
        '{"version":"4","alerts":[{"status":"firing","labels":{"__proto__":{"polluted":"yes"},"alertname":"a"},"startsAt":"2026-11-28T12:00:00Z"}]}',
      ],
      [
        '/api/v1/model/validate',
        '{"files":[{"file":"a.yaml","text":"apiVersion: servicechain/v1\\nkind: Service\\nmetadata: { id: proto-4 }\\nspec:\\n  __proto__: { polluted: yes }\\n"}]}',
      ],
    ] as const;
    const statuses: number[] = [];
    for (const [url, body] of bodies) statuses.push((await post(url, body)).statusCode);
    expect(statuses.every((s) => s < 500)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Labels sent as data stay data: a stored signal's labels have no prototype key set.
    const unmatched = await app.inject({ url: '/api/v1/signals/unmatched?all=true' });
    expect(unmatched.statusCode).toBe(200);
    expect(unmatched.body).not.toContain('"polluted"');
  });

  it('refuses NUL, lone surrogates and right-to-left overrides in ids, and keeps or refuses them whole in text', async () => {
    for (const id of ['a\u0000b', 'a\uD800', 'a\u202Eb', 'caf\u00e9', 'cafe\u0301'])
      expect(
        (await post('/api/v1/services', JSON.stringify({ id }))).statusCode,
        JSON.stringify(id),
      ).toBe(400);
    const texts = ['nul \u0000 inside', 'lone \uD800 surrogate', 'rtl \u202Etxt.exe'];
    for (const [i, name] of texts.entries()) {
      const answer = await post('/api/v1/services', JSON.stringify({ id: `text-${i}`, name }));
      expect(answer.statusCode, JSON.stringify(name)).toBeLessThan(500);
      if (answer.statusCode === 201) {
        const read = await app.inject({ url: `/api/v1/services/text-${i}` });
        // Kept exactly as sent (a lone surrogate cannot be sent in UTF-8: it arrives as U+FFFD).
        expect(read.json().name).toBe(name.replace('\uD800', '\uFFFD'));
      } else expect(answer.statusCode).toBe(400);
    }
  });

  it('does not take two user names that differ only in Unicode normalisation (NFC and NFD)', async () => {
    const nfc = 'zo\u00eb';
    const nfd = 'zoe\u0308';
    const first = await post('/api/v1/users', JSON.stringify({ name: nfc, role: 'viewer' }));
    const second = await post('/api/v1/users', JSON.stringify({ name: nfd, role: 'viewer' }));
    figure('look-alike user names: NFC then NFD', `${first.statusCode}, ${second.statusCode}`);
    expect(second.statusCode === 409 || second.statusCode === 400 || first.statusCode === 400).toBe(
      true,
    );
  });
});

describe('hostile YAML', () => {
  const billionLaughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from({ length: 9 }, (_, i) => {
      const name = String.fromCharCode(98 + i);
      const previous = String.fromCharCode(97 + i);
      return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`;
    }),
  ].join('\n');

  /** Refused: a 4xx, or validation's answer `{ valid: false, problems }`; never applied. */
  function refused(answer: { statusCode: number; body: string }): boolean {
    if (answer.statusCode >= 400 && answer.statusCode < 500) return true;
    return (
      answer.statusCode === 200 && (JSON.parse(answer.body) as { valid?: boolean }).valid === false
    );
  }

  it('refuses an alias bomb quickly, without expanding it', async () => {
    for (const url of ['/api/v1/model/validate', '/api/v1/model/plan', '/api/v1/model/apply']) {
      const started = Date.now();
      const answer = await post(url, billionLaughs, 'application/yaml');
      const ms = Date.now() - started;
      figure(
        `YAML alias bomb on ${url}`,
        `${answer.statusCode} in ${ms} ms, ${answer.body.length} bytes`,
      );
      expect(refused(answer), answer.body.slice(0, 200)).toBe(true);
      expect(answer.body.length).toBeLessThan(100_000);
      expect(ms).toBeLessThan(5000);
    }
  });

  it('refuses documents whose aliases make a cycle', async () => {
    const cycle =
      'apiVersion: servicechain/v1\nkind: Service\nmetadata: &m { id: loop, name: Loop }\nspec: &s\n  self: *s\n  labels: { meta: *m }\n';
    const selfList =
      'apiVersion: servicechain/v1\nkind: Service\nmetadata: { id: loop2 }\nspec:\n  tags: &t [a, *t]\n';
    for (const text of [cycle, selfList])
      for (const url of ['/api/v1/model/validate', '/api/v1/model/plan', '/api/v1/model/apply']) {
        const answer = await post(url, text, 'application/yaml');
        expect(refused(answer), `${url}: ${answer.body.slice(0, 200)}`).toBe(true);
      }
    expect((await app.inject({ url: '/api/v1/services/loop' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/services/loop2' })).statusCode).toBe(404);
  });
});
