import { afterEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';
import type { Principal } from '../access.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

const yaml = { 'content-type': 'application/yaml' };
const NEW_SERVICE = `apiVersion: servicechain/v1
kind: Service
metadata: { id: label-printing, name: Label printing }
spec:
  provider: sales
  dependsOn: [sap-erp]
`;

describe('services as code over HTTP', () => {
  it('validates files on their own, with file, line and field path', async () => {
    demo = await demoApp();
    const response = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/validate',
      payload: { files: [{ file: 'svc.yaml', text: NEW_SERVICE }] },
    });
    expect(response.json()).toEqual({
      valid: false,
      problems: [
        {
          file: 'svc.yaml',
          line: 5,
          column: 13,
          path: 'spec.provider',
          message: "no party 'sales'",
        },
        {
          file: 'svc.yaml',
          line: 6,
          column: 15,
          path: 'spec.dependsOn[0]',
          message: "no service 'sap-erp'",
        },
      ],
    });
  });

  it('plans against the store, applies all or nothing, and then plans nothing', async () => {
    demo = await demoApp();
    const { app, store } = demo;
    const plan = await app.inject({
      method: 'POST',
      url: '/api/v1/model/plan',
      payload: NEW_SERVICE,
      headers: yaml,
    });
    expect(plan.json()).toEqual({
      created: [
        { kind: 'service', key: 'label-printing', name: 'Label printing' },
        { kind: 'dependency', key: 'label-printing->sap-erp', name: 'label-printing -> sap-erp' },
      ],
      changed: [],
      deleted: [],
    });
    expect(await store.getService('label-printing')).toBeUndefined();
    const applied = await app.inject({
      method: 'POST',
      url: '/api/v1/model/apply',
      payload: NEW_SERVICE,
      headers: yaml,
    });
    expect(applied.json()).toMatchObject({ applied: true, created: plan.json().created });
    expect((await store.listAudit({ limit: 1 }))[0]?.actor).toBe('user:test-admin');
    expect(demo.runtime.engine.status('label-printing').level).toBe('operational');
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/model/apply',
      payload: NEW_SERVICE,
      headers: yaml,
    });
    expect(again.json()).toEqual({ applied: false, created: [], changed: [], deleted: [] });
  });

  it('refuses invalid files with 422 and every problem, writing nothing', async () => {
    demo = await demoApp();
    const before = (await demo.store.listAudit({ limit: 1 }))[0]?.id;
    const response = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/apply',
      payload: NEW_SERVICE.replace('provider: sales', 'provider: nobody').replace(
        'sap-erp',
        'sap-erpp',
      ),
      headers: yaml,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.map((p: { path: string }) => p.path)).toEqual([
      'spec.provider',
      'spec.dependsOn[0]',
    ]);
    expect((await demo.store.listAudit({ limit: 1 }))[0]?.id).toBe(before);
  });

  it('exports YAML that applies as no change, and JSON documents on request', async () => {
    demo = await demoApp();
    const exported = await demo.app.inject({ method: 'GET', url: '/api/v1/model/export' });
    expect(exported.headers['content-type']).toBe('application/yaml; charset=utf-8');
    const plan = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/plan?prune=true',
      payload: exported.body,
      headers: yaml,
    });
    expect(plan.json()).toEqual({ created: [], changed: [], deleted: [] });
    const documents = (
      await demo.app.inject({
        method: 'GET',
        url: '/api/v1/model/export',
        headers: { accept: 'application/json' },
      })
    ).json();
    expect(documents).toHaveLength(87);
    expect(documents[0]).toMatchObject({ apiVersion: 'servicechain/v1', kind: 'Party' });
  });

  it('lets viewers plan but not apply', async () => {
    const viewer: Principal = { id: 'user:v', kind: 'user', role: 'viewer', teams: [], scopes: [] };
    demo = await demoApp(undefined, viewer);
    const plan = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/plan',
      payload: NEW_SERVICE,
      headers: yaml,
    });
    expect(plan.statusCode).toBe(200);
    const apply = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/model/apply',
      payload: NEW_SERVICE,
      headers: yaml,
    });
    expect(apply.statusCode).toBe(403);
  });
});
