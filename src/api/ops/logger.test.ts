import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp, TEST_ADMIN } from '../../../test/demo-app.js';
import { createApp } from '../app.js';
import { createLogger, REDACTED, redactHeaders, redactUrl } from './logger.js';

let demo: DemoApp;
beforeEach(async () => {
  demo = await demoApp();
});
afterEach(async () => {
  await demo.close();
});

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('request logs', () => {
  it('are JSON lines with the request and the response, and no secrets', async () => {
    const { lines, logger } = capture();
    const app = await createApp({
      store: demo.store,
      runtime: demo.runtime,
      authenticate: async () => TEST_ADMIN,
      logger,
    });
    await app.inject({
      method: 'GET',
      url: '/api/v1/services/sap-erp/status?setupToken=s3cret-query',
      headers: {
        authorization: 'Bearer s3cret-token',
        cookie: 'session=s3cret-cookie',
        'x-api-key': 's3cret-key',
        'user-agent': 'test-agent',
      },
    });
    await app.close();
    const all = lines.join('\n');
    expect(all).not.toContain('s3cret');
    const records = lines.map((line) => JSON.parse(line));
    const incoming = records.find((r) => r.msg === 'incoming request');
    expect(incoming.req).toMatchObject({
      method: 'GET',
      url: `/api/v1/services/sap-erp/status?setupToken=${REDACTED}`,
      headers: {
        authorization: REDACTED,
        cookie: REDACTED,
        'x-api-key': REDACTED,
        'user-agent': 'test-agent',
      },
    });
    const completed = records.find((r) => r.msg === 'request completed');
    expect(completed.res).toEqual({ statusCode: 200, principal: 'user:test-admin' });
    expect(completed.reqId).toBe(incoming.reqId);
    expect(typeof completed.responseTime).toBe('number');
  });

  it('redact raw headers logged by other code too', () => {
    const { lines, logger } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer s3cret' } } }, 'raw');
    logger.info({ headers: { cookie: 'a=s3cret', accept: '*/*' } }, 'raw headers');
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(JSON.parse(lines[1] as string).headers).toEqual({ cookie: REDACTED, accept: '*/*' });
  });
});

describe('redactUrl', () => {
  it('hides the values of secret-looking query parameters only', () => {
    expect(redactUrl('/a?token=x&page=2&api_key=y&Password=z')).toBe(
      `/a?token=${REDACTED}&page=2&api_key=${REDACTED}&Password=${REDACTED}`,
    );
    expect(redactUrl('/a')).toBe('/a');
    expect(redactUrl('/a?%74oken=x')).toBe(`/a?%74oken=${REDACTED}`);
  });
});

describe('redactHeaders', () => {
  it('keeps every header but the secret ones', () => {
    expect(redactHeaders({ authorization: 'x', 'proxy-authorization': 'y', accept: 'z' })).toEqual({
      authorization: REDACTED,
      'proxy-authorization': REDACTED,
      accept: 'z',
    });
  });
});
