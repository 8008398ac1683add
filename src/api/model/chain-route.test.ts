import { afterEach, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';
import { createApp } from '../app.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('GET /api/v1/model/chain', () => {
  it('gives every service and party with the relations single GETs show', async () => {
    demo = await demoApp();
    const { app, store } = demo;
    const answer = await app.inject({ method: 'GET', url: '/api/v1/model/chain' });
    expect(answer.statusCode).toBe(200);
    const chain = answer.json();
    const model = await store.loadModel();
    expect(chain.services.map((s: { id: string }) => s.id)).toEqual(
      model.services.map((s) => s.id),
    );
    expect(chain.parties.map((p: { id: string }) => p.id)).toEqual(model.parties.map((p) => p.id));
    for (const id of ['order-to-cash', 'sap-erp']) {
      const single = (await app.inject({ method: 'GET', url: `/api/v1/services/${id}` })).json();
      expect(chain.services.find((s: { id: string }) => s.id === id)).toEqual(single);
    }
    const party = model.parties[0]?.id ?? '';
    const single = (await app.inject({ method: 'GET', url: `/api/v1/parties/${party}` })).json();
    expect(chain.parties.find((p: { id: string }) => p.id === party)).toEqual(single);
  });

  it('answers 304 to the current tag and a new tag after a model change', async () => {
    demo = await demoApp();
    const { app } = demo;
    const first = await app.inject({ method: 'GET', url: '/api/v1/model/chain' });
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\/"model-\d+"$/);
    const again = await app.inject({
      method: 'GET',
      url: '/api/v1/model/chain',
      headers: { 'if-none-match': tag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/services',
      payload: { id: 'chain-probe', label: 'technical' },
    });
    expect(created.statusCode).toBe(201);
    const changed = await app.inject({
      method: 'GET',
      url: '/api/v1/model/chain',
      headers: { 'if-none-match': tag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(tag);
    expect(changed.json().services.some((s: { id: string }) => s.id === 'chain-probe')).toBe(true);
  });

  it('is refused to callers who are not signed in', async () => {
    demo = await demoApp();
    const closed = await createApp({
      store: demo.store,
      runtime: demo.runtime,
      authenticate: async () => undefined,
    });
    const answer = await closed.inject({ method: 'GET', url: '/api/v1/model/chain' });
    expect(answer.statusCode).toBe(401);
    await closed.close();
  });
});
