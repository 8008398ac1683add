import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { buildService } from '../store/test-model.js';
import { StatusRuntime } from './status-runtime.js';

describe('StatusRuntime.modelChanged', () => {
  it('reflects a write made while a rebuild was already reading the model', async () => {
    const real = await openSqliteStore({ file: ':memory:' });
    await real.migrate();
    let gate: (() => void) | undefined;
    // The first rebuild reads the model, then waits on the gate before it can use what it read.
    const store: Store = Object.create(real, {
      loadCompactModel: {
        value: async () => {
          const compact = await real.loadCompactModel();
          if (gate === undefined) await new Promise<void>((resolve) => (gate = resolve));
          return compact;
        },
      },
    });
    gate = () => undefined;
    const runtime = await StatusRuntime.start(store, () => 0);
    gate = undefined;
    await real.applyChanges(
      [{ op: 'create', kind: 'service', key: 'a', after: buildService({ id: 'a' }) }],
      { id: 'test' },
    );
    const first = runtime.modelChanged();
    while (gate === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    await real.applyChanges(
      [{ op: 'create', kind: 'service', key: 'b', after: buildService({ id: 'b' }) }],
      { id: 'test' },
    );
    const second = runtime.modelChanged();
    (gate as () => void)();
    await second;
    await first;
    expect([...runtime.engine.statuses()].map((s) => s.service).sort()).toEqual(['a', 'b']);
    await real.close();
  });
});

describe('StatusRuntime.watch', () => {
  it('reports a failing check to onError and keeps watching', async () => {
    const real = await openSqliteStore({ file: ':memory:' });
    await real.migrate();
    let failing = false;
    const store: Store = Object.create(real, {
      listAudit: {
        value: async (query: Parameters<Store['listAudit']>[0]) => {
          if (failing) throw new Error('database is locked');
          return real.listAudit(query);
        },
      },
    });
    const runtime = await StatusRuntime.start(store, () => 0);
    const errors: unknown[] = [];
    failing = true;
    runtime.watch(5, (error) => errors.push(error));
    while (errors.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((errors[0] as Error).message).toBe('database is locked');
    failing = false;
    await real.applyChanges(
      [{ op: 'create', kind: 'service', key: 'a', after: buildService({ id: 'a' }) }],
      { id: 'test' },
    );
    while (![...runtime.engine.statuses()].some((s) => s.service === 'a')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    runtime.stop();
    await real.close();
  });
});
