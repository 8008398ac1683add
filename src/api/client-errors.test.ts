import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../test/demo-app.js';

let t: DemoApp;
let port: number;

beforeAll(async () => {
  t = await demoApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(() => t.close());

/** Sends raw bytes and reads everything the server writes until it closes the connection. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

function parse(response: string): { status: string; headers: string; body: unknown } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  const [status = '', ...headers] = head.split('\r\n');
  return { status, headers: headers.join('\n').toLowerCase(), body: JSON.parse(body) };
}

describe('requests the HTTP server cannot read', () => {
  it('answer bytes that are not HTTP with 400 bad_request in the API error shape, and close', async () => {
    const answer = parse(await raw('FOO\u0001 / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(answer.status).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toStrictEqual({
      error: { code: 'bad_request', message: 'the request is not valid HTTP (HPE_INVALID_METHOD)' },
    });
    expect(answer.headers).toContain('content-type: application/json; charset=utf-8');
    expect(answer.headers).toContain('x-content-type-options: nosniff');
    expect(answer.headers).toContain('connection: close');
  });

  it('answer headers over the limit with 431 headers_too_large', async () => {
    const answer = parse(
      await raw(`GET /api/v1/services HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(answer.status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.body).toStrictEqual({
      error: {
        code: 'headers_too_large',
        message: 'the request headers are over the server limit of 16 KiB',
      },
    });
  });

  it('still answer a readable request on the same server', async () => {
    const answer = await raw(
      'GET /api/v1/services/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
  });
});
