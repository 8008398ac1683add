import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
beforeAll(async () => {
  demo = await demoApp(undefined, undefined);
});
afterAll(async () => {
  await demo.close();
});

type Media = {
  schema: { examples?: unknown[] };
  example?: unknown;
  examples?: Record<string, unknown>;
};

/** Examples given for a media type: its `example`, its `examples`, or its schema's. */
function examplesOf(content: Record<string, Media>): unknown[] {
  return Object.values(content).flatMap((c) => [
    ...(c.example === undefined ? [] : [c.example]),
    ...(c.examples === undefined ? [] : Object.values(c.examples)),
    ...(c.schema.examples ?? []),
  ]);
}

type Operation = {
  summary?: string;
  tags?: string[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
};

const MINE = /^\/api\/v1\/(services|parties|dependencies|subscriptions|model)(\/|$)/;

describe('the OpenAPI document', () => {
  it('gives every operation of every resource a summary, one tag, and an example of its JSON answer', async () => {
    const document = (await demo.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(
      document.paths as Record<string, Record<string, Operation>>,
    )) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (!op.summary) missing.push(`${where}: summary`);
        if (op.tags?.length !== 1) missing.push(`${where}: tag`);
        const success = Object.entries(op.responses).find(([code]) => code.startsWith('2'));
        const json = success?.[1].content?.['application/json'];
        if (json && examplesOf({ json }).length === 0) missing.push(`${where}: example`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is OpenAPI 3.1, public, and documents every REST route with a summary, tags and examples', async () => {
    const response = await demo.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>)
      .filter(
        ([path]) =>
          MINE.test(path) &&
          !/\/(status|explain|impact|dependencies|timeline|override)$/.test(path),
      )
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ path, method, op })),
      );
    expect(operations.length).toBe(33);
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBe(1);
      const success = Object.entries(op.responses).find(([code]) => code.startsWith('2'));
      expect(success, where).toBeDefined();
      const content = success?.[1].content;
      if (content) {
        expect(examplesOf(content).length, `${where} response example`).toBeGreaterThan(0);
      }
      if (op.requestBody) {
        expect(examplesOf(op.requestBody.content).length, `${where} body example`).toBeGreaterThan(
          0,
        );
      }
    }
    expect(document.paths['/api/v1/services/{id}'].put.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'if-match' }),
    );
  });

  it('serves /docs from this server only, under a CSP that lets its own scripts run', async () => {
    const page = await demo.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.body).not.toMatch(/<script>(?!<)/);
    const scripts = [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => m[1] as string);
    const styles = [...page.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1] as string);
    expect(scripts).toHaveLength(3);
    for (const asset of [...scripts, ...styles]) {
      expect(asset.startsWith('/docs/')).toBe(true);
      const response = await demo.app.inject({ method: 'GET', url: asset });
      expect(response.statusCode, asset).toBe(200);
      expect(response.body.length, asset).toBeGreaterThan(100);
    }
  });
});
