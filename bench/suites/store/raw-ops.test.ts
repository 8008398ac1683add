import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompactModel } from '../../../src/engine/compact-model.js';
import { chainModel, createChanges, largeModel } from '../../../src/store/test-model.js';
import { generateModel } from '../../generate.js';
import {
  createSchema,
  createScratch,
  openMigratedStore,
  openRaw,
  type Scratch,
} from './database.js';
import { writeGeneratedModel } from './large-rows.js';
import {
  COMPACT_QUERIES,
  insertRows,
  iterateRows,
  MODEL_QUERIES,
  modelRows,
  serviceUpdateRows,
  tableCounts,
  updateServices,
} from './raw-ops.js';

let scratch: Scratch;
beforeEach(async () => {
  scratch = await createScratch();
});
afterEach(() => scratch.remove());

/** Every model row of a file, stamps left out but the version kept. */
function contents(file: string): unknown[] {
  const db = openRaw(file);
  try {
    return MODEL_QUERIES.map((q) =>
      db
        .prepare(q)
        .all()
        .map((row) => {
          const { created_at: _c, updated_at: _u, ...rest } = row as Record<string, unknown>;
          return rest;
        }),
    );
  } finally {
    db.close();
  }
}

describe('the raw baseline', () => {
  it('writes and updates the same rows as the store does', async () => {
    const model = chainModel();
    const updated = model.services.map((s) => ({ ...s, description: 'changed' }));
    const storeFile = scratch.file('store');
    const store = await openMigratedStore(storeFile);
    await store.applyChanges(createChanges(model), { id: 'cli:test' });
    const rawFile = scratch.file('raw');
    await createSchema(rawFile);
    const db = openRaw(rawFile);
    expect(insertRows(db, modelRows(model, '2025-01-01T00:00:00.000Z'))).toBe(3 + 8 + 9 + 6);
    expect(contents(rawFile)).toEqual(contents(storeFile));
    await store.applyChanges(
      updated.map((s) => ({ op: 'update', kind: 'service', key: s.id, after: s })),
      { id: 'cli:test' },
    );
    expect(updateServices(db, serviceUpdateRows(updated, '2025-01-02T00:00:00.000Z'))).toBe(8);
    expect(contents(rawFile)).toEqual(contents(storeFile));
    expect(tableCounts(db)).toEqual({ parties: 6, services: 8, dependencies: 9, subscriptions: 3 });
    db.close();
    await store.close();
  });

  it('reads every row of the model, in both column sets', async () => {
    const model = largeModel({ services: 100, fanOut: 3 });
    const file = scratch.file('raw');
    await createSchema(file);
    const db = openRaw(file);
    const rows = insertRows(db, modelRows(model, '2025-01-01T00:00:00.000Z'));
    expect(rows).toBe(2 + 100 + 270 + 1);
    expect(iterateRows(db, MODEL_QUERIES).rows).toBe(rows);
    expect(iterateRows(db, COMPACT_QUERIES).rows).toBe(rows);
    db.close();
  });
});

/** The model keyed by ids, so two numberings of it compare equal. */
function byIds(c: CompactModel) {
  const ids = c.serviceIds;
  return {
    services: ids
      .map((id, i) => [
        id,
        c.partyIds[c.serviceProvider[i] as number],
        c.serviceCost[i],
        c.serviceRules.get(i),
      ])
      .sort(),
    edges: Array.from(c.edgeFrom, (from, e) => [
      ids[from],
      ids[c.edgeTo[e] as number],
      c.edgeImpacts.get(e),
    ]).sort(),
    parties: c.partyIds.map((id, i) => [id, c.partyKinds[i]]).sort(),
    subscriptions: Array.from(c.subscriptionParty, (p, s) =>
      [c.partyIds[p], ids[c.subscriptionService[s] as number]].join(' '),
    ).sort(),
  };
}

describe('writeGeneratedModel', () => {
  it('writes the generated model so that the store loads it back', async () => {
    const generated = generateModel({ scale: 0.001, seed: 3 });
    const file = scratch.file('large');
    await createSchema(file);
    const db = openRaw(file);
    const fractions: number[] = [];
    const written = writeGeneratedModel(db, generated, (f) => fractions.push(f));
    db.close();
    const c = generated.compact;
    expect(written).toBe(
      c.partyIds.length + c.serviceIds.length + c.edgeFrom.length + c.subscriptionParty.length,
    );
    expect(fractions.at(-1)).toBe(1);
    const store = await openMigratedStore(file);
    const loaded = await store.loadCompactModel();
    await store.close();
    expect(byIds(loaded)).toEqual(byIds(c));
  });
});
