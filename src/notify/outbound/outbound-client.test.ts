import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AddressPolicy } from './address-policy.js';
import { OutboundClient, type Resolver } from './outbound-client.js';
import { OutboundError } from './outbound-error.js';

/** Loopback canaries: servers on 127.0.0.1 that count every request they get. */
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

interface Canary {
  port: number;
  hits: IncomingMessage[];
  bodies: string[];
}

async function canary(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Canary> {
  const hits: IncomingMessage[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req);
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      bodies.push(body);
      handle(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, hits, bodies };
}

/** Names that exist only here: the system resolver would fail on them. */
function fakeDns(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

const loopbackAllowed = AddressPolicy.fromList('127.0.0.0/8');

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('OutboundClient', () => {
  it('does not reach a loopback receiver when the name resolves to loopback and that is not allowed', async () => {
    const target = await canary((_req, res) => res.end('ok'));
    const dns = fakeDns({ 'hooks.example.test': ['127.0.0.1'] });
    const client = new OutboundClient({ policy: new AddressPolicy(), resolve: dns });
    const error = await failure(
      client.request({
        url: `http://hooks.example.test:${target.port}/x?key=secret`,
        method: 'POST',
        body: '{}',
      }),
    );
    expect(error.code).toBe('blocked');
    expect(error.message).toBe(
      `http://hooks.example.test:${target.port}/…: 127.0.0.1 is not a public address`,
    );
    expect(target.hits).toHaveLength(0);
  });

  it('refuses a name when any of its addresses is refused', async () => {
    const target = await canary((_req, res) => res.end('ok'));
    const dns = fakeDns({ 'mixed.example.test': ['127.0.0.1', '10.0.0.8'] });
    const client = new OutboundClient({ policy: loopbackAllowed, resolve: dns });
    const error = await failure(
      client.request({ url: `http://mixed.example.test:${target.port}/` }),
    );
    expect(error.message).toContain('10.0.0.8 is not a public address');
    expect(target.hits).toHaveLength(0);
  });

  it('reaches an allowed receiver at the checked address, keeping the Host header, without a second lookup', async () => {
    const target = await canary((_req, res) => res.writeHead(202).end('taken'));
    const dns = fakeDns({ 'hooks.example.test': ['127.0.0.1'] });
    const client = new OutboundClient({ policy: loopbackAllowed, resolve: dns });
    const response = await client.request({
      url: `http://hooks.example.test:${target.port}/in`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(202);
    expect(response.body.toString()).toBe('taken');
    expect(target.hits).toHaveLength(1);
    expect(target.hits[0]?.headers.host).toBe(`hooks.example.test:${target.port}`);
    expect(target.bodies).toEqual(['{"a":1}']);
    // The name cannot be resolved by the system: the socket used the pinned address.
    expect(dns.asked).toEqual(['hooks.example.test']);
  });

  it('turns user info into Basic authorization and never shows it', async () => {
    const target = await canary((_req, res) => res.end());
    const client = new OutboundClient({ policy: loopbackAllowed });
    const response = await client.request({ url: `http://bob:s3cret@127.0.0.1:${target.port}/` });
    expect(target.hits[0]?.headers.authorization).toBe(`Basic ${btoa('bob:s3cret')}`);
    expect(response.url).toBe(`http://127.0.0.1:${target.port}/`);
  });

  it('refuses IP literals, metadata names and other schemes before any connection', async () => {
    const target = await canary((_req, res) => res.end());
    const dns = fakeDns({});
    const client = new OutboundClient({ policy: new AddressPolicy(), resolve: dns });
    expect((await failure(client.request({ url: `http://127.0.0.1:${target.port}/` }))).code).toBe(
      'blocked',
    );
    expect((await failure(client.request({ url: `http://[::1]:${target.port}/` }))).code).toBe(
      'blocked',
    );
    expect(
      (await failure(client.request({ url: 'http://169.254.169.254/latest/meta-data' }))).message,
    ).toBe('http://169.254.169.254/…: 169.254.169.254 is a cloud metadata address');
    expect((await failure(client.request({ url: 'http://metadata.google.internal/' }))).code).toBe(
      'blocked',
    );
    expect((await failure(client.request({ url: 'file:///etc/passwd' }))).message).toBe(
      'file: URLs are not allowed: only http and https',
    );
    expect((await failure(client.request({ url: 'not a url' }))).code).toBe('bad_url');
    expect(dns.asked).toEqual([]);
    expect(target.hits).toHaveLength(0);
  });

  it('re-checks every redirect: a redirect to a refused address is not followed', async () => {
    const inside = await canary((_req, res) => res.end('secret'));
    const outside = await canary((_req, res) =>
      res.writeHead(302, { location: `http://inside.example.test:${inside.port}/admin` }).end(),
    );
    const dns = fakeDns({
      'outside.example.test': ['127.0.0.1'],
      'inside.example.test': ['127.0.0.2'],
    });
    const client = new OutboundClient({
      policy: AddressPolicy.fromList('127.0.0.1/32'),
      resolve: dns,
    });
    const error = await failure(
      client.request({ url: `http://outside.example.test:${outside.port}/` }),
    );
    expect(error.message).toBe(
      `http://inside.example.test:${inside.port}/…: 127.0.0.2 is not a public address`,
    );
    expect(outside.hits).toHaveLength(1);
    expect(inside.hits).toHaveLength(0);
  });

  it('follows at most 3 redirects, turning a POST into a GET on 302', async () => {
    const loop = await canary((req, res) =>
      res.writeHead(302, { location: `/again${req.url}` }).end(),
    );
    const client = new OutboundClient({ policy: loopbackAllowed });
    const error = await failure(
      client.request({ url: `http://127.0.0.1:${loop.port}/`, method: 'POST', body: 'x' }),
    );
    expect(error.code).toBe('too_many_redirects');
    expect(loop.hits.map((h) => `${h.method} ${h.url}`)).toEqual([
      'POST /',
      'GET /again/',
      'GET /again/again/',
      'GET /again/again/again/',
    ]);
    expect(loop.bodies).toEqual(['x', '', '', '']);
  });

  it('keeps method and body on 307 and drops credentials at another origin', async () => {
    const second = await canary((_req, res) => res.end('done'));
    const first = await canary((_req, res) =>
      res.writeHead(307, { location: `http://127.0.0.1:${second.port}/b` }).end(),
    );
    const client = new OutboundClient({ policy: loopbackAllowed });
    const response = await client.request({
      url: `http://127.0.0.1:${first.port}/a`,
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: 'payload',
    });
    expect(response.body.toString()).toBe('done');
    expect(second.hits[0]?.method).toBe('POST');
    expect(second.bodies).toEqual(['payload']);
    expect(first.hits[0]?.headers.authorization).toBe('Bearer t');
    expect(second.hits[0]?.headers.authorization).toBeUndefined();
  });

  it('cuts an answer larger than the cap', async () => {
    const big = await canary((_req, res) => res.end(Buffer.alloc(200_000, 97)));
    const client = new OutboundClient({ policy: loopbackAllowed, maxResponseBytes: 1000 });
    const error = await failure(client.request({ url: `http://127.0.0.1:${big.port}/` }));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe(`http://127.0.0.1:${big.port}/: answer larger than 1000 bytes`);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const silent = await canary(() => undefined);
    const client = new OutboundClient({ policy: loopbackAllowed, totalTimeoutMs: 100 });
    const error = await failure(client.request({ url: `http://127.0.0.1:${silent.port}/` }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(
      `http://127.0.0.1:${silent.port}/: no complete answer within 100 ms`,
    );
  });

  it('names a name that does not resolve', async () => {
    const client = new OutboundClient({ policy: new AddressPolicy(), resolve: fakeDns({}) });
    const error = await failure(client.check('https://nowhere.example.test/hook'));
    expect(error).toMatchObject({
      code: 'dns',
      message: 'https://nowhere.example.test/…: cannot resolve nowhere.example.test (ENOTFOUND)',
    });
  });
});
