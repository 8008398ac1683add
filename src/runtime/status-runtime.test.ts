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
