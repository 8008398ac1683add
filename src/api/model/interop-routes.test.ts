import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';
import { packageRoot } from '../../package-root.js';

const CATALOG = join(
  packageRoot(),
  'src',
  'interop',
  'backstage',
  'fixtures',
  'one-of-each',
  'catalog-info.yaml',
);

let demo: DemoApp;
beforeEach(async () => {
  demo = await demoApp();
});
afterEach(async () => {
  await demo.close();
});

const yaml = { 'content-type': 'application/yaml' };

describe('interop over HTTP', () => {
  it('plans a Backstage import on a dry run and writes nothing', async () => {
    const before = (await demo.store.listServices()).length;
    const response = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/import/backstage?dryRun=true&allowPartial=true',
      headers: yaml,
      payload: await readFile(CATALOG, 'utf8'),
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.applied).toBe(false);
    expect(body.read).toBeGreaterThan(0);
    expect(body.leftOut.map((p: { message: string }) => p.message)).toContain(
      "no party 'commerce-leads'",
    );
    expect(body.plan.created.map((e: { key: string }) => e.key)).toContain('checkout');
    expect((await demo.store.listServices()).length).toBe(before);
  });

  it('applies a Backstage import, audited as the caller, and the engine knows the new services', async () => {
    const response = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/import/backstage?allowPartial=true',
      headers: yaml,
      payload: await readFile(CATALOG, 'utf8'),
    });
    expect(response.json().applied).toBe(true);
    const [newest] = await demo.store.listAudit({ limit: 1 });
    expect(newest?.actor).toBe('user:test-admin');
    expect(
      (await demo.app.inject({ method: 'GET', url: '/api/v1/services/checkout/status' })).json()
        .level,
    ).toBe('operational');
  });

  it('refuses a broken catalog whole, naming file, line and field', async () => {
    const payload = {
      files: [
        {
          file: 'broken.yaml',
          text: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\nspec:\n  owner: group:nobody\n  type: service\n  lifecycle: production\n',
        },
      ],
    };
    const response = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/import/backstage',
      payload,
    });
    expect(response.statusCode).toBe(422);
    const problems = response.json().error.details as {
      file: string;
      line: number;
      message: string;
    }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.file).toBe('broken.yaml');
    expect(problems[0]?.line).toBeGreaterThan(0);
  });

  it('exports a table as spreadsheet-safe CSV that imports back unchanged', async () => {
    const exported = await demo.app.inject({ method: 'GET', url: '/api/v1/model/csv/services' });
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.body.split('\n')[0]).toMatch(/^id,/);
    const back = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/import/csv?kind=services',
      headers: { 'content-type': 'text/csv' },
      payload: exported.body,
    });
    expect(back.statusCode).toBe(200);
    expect(back.json().plan).toEqual({ created: [], changed: [], deleted: [] });
  });

  it('draws the chain around a service as a graph, and refuses a bad format', async () => {
    const dot = await demo.app.inject({
      method: 'GET',
      url: '/api/v1/model/graph?format=dot&around=sap-erp&depth=1',
    });
    expect(dot.statusCode).toBe(200);
    expect(dot.headers['content-type']).toBe('text/vnd.graphviz; charset=utf-8');
    expect(dot.body).toMatch(/^digraph/);
    expect(dot.body).toContain('sap-hana');
    expect(
      (await demo.app.inject({ method: 'GET', url: '/api/v1/model/graph?format=png' })).statusCode,
    ).toBe(400);
    expect(
      (await demo.app.inject({ method: 'GET', url: '/api/v1/model/graph?format=dot&depth=2' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await demo.app.inject({ method: 'GET', url: '/api/v1/model/graph?format=dot&around=nope' }))
        .statusCode,
    ).toBe(404);
  });
});
