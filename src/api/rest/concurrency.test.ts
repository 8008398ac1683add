import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
let base: string;
beforeAll(async () => {
  demo = await demoApp();
  base = await demo.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await demo.close();
});

/** Reads the service, adds its own tag, writes it back with If-Match; retries on 412. */
async function addTag(tag: string): Promise<{ attempts: number }> {
  const url = `${base}/api/v1/services/order-to-cash`;
  for (let attempts = 1; attempts <= 500; attempts++) {
    const read = await fetch(url);
    const service = (await read.json()) as { tags: string[] };
    const written = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': read.headers.get('etag') ?? '' },
      body: JSON.stringify({ ...service, tags: [...service.tags, tag] }),
    });
    await written.arrayBuffer();
    if (written.status === 200) return { attempts };
    if (written.status !== 412) throw new Error(`unexpected ${written.status}`);
  }
  throw new Error('gave up');
}

describe('optimistic concurrency', () => {
  it('loses no update among 50 concurrent read-modify-write clients', async () => {
    const before = await demo.store.getEntity('service', 'order-to-cash');
    const tags = Array.from({ length: 50 }, (_, i) => `client-${i}`);
    const results = await Promise.all(tags.map(addTag));
    const after = await demo.store.getEntity('service', 'order-to-cash');
    expect(after?.entity.tags).toEqual(expect.arrayContaining(tags));
    expect(after?.entity.tags).toHaveLength((before?.entity.tags.length ?? 0) + 50);
    expect(after?.version).toBe((before?.version ?? 0) + 50);
    // Some clients must have raced and retried, or the test proved nothing.
    expect(results.some((r) => r.attempts > 1)).toBe(true);
    const updates = await demo.store.listAudit({
      kind: 'service',
      key: 'order-to-cash',
      op: 'update',
    });
    expect(updates).toHaveLength(50);
  }, 60_000);
});
