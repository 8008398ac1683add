import type { Model, Service } from '../../../src/model/entities.js';
import type { Actor, ModelChange } from '../../../src/store/store.js';
import { createChanges, largeModel } from '../../../src/store/test-model.js';
import type { Progress } from '../../lib/progress.js';
import { formatMs } from '../../lib/table.js';
import { type Comparison, Pair } from './compare.js';
import type { StoreBenchConfig } from './config.js';
import { createSchema, openMigratedStore, openRaw, type Scratch } from './database.js';
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

/** The figures of one model size. */
export interface SizeResult {
  services: number;
  parties: number;
  dependencies: number;
  subscriptions: number;
  create: Comparison;
  update: Comparison;
  loadModel: Comparison;
  loadCompactModel: Comparison;
  /** Disagreements between what the store and the baseline wrote or read; empty when none. */
  mismatches: string[];
}

const ACTOR: Actor = { id: 'cli:bench' };

/** Every service with a new description: an update that rewrites each service's body. */
function updatedServices(model: Model): Service[] {
  return model.services.map((s) => ({ ...s, description: 'Updated by the store benchmark.' }));
}

function modelCounts(model: Model): Record<string, number> {
  return {
    parties: model.parties.length,
    services: model.services.length,
    dependencies: model.dependencies.length,
    subscriptions: model.subscriptions.length,
  };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * One size: create and update through the store and through the baseline, each run on new
 * files, then both loads and their baseline reads on the last file the store wrote.
 */
export async function runSize(
  config: StoreBenchConfig,
  services: number,
  scratch: Scratch,
  progress: Progress,
): Promise<SizeResult> {
  const model = largeModel({ services, fanOut: config.fanOut });
  const counts = modelCounts(model);
  progress.note(
    `model: ${counts.services} services, ${counts.dependencies} dependencies, ${counts.parties} parties, ${counts.subscriptions} subscriptions`,
  );
  const mismatches: string[] = [];
  const writes = await runWrites(config, model, scratch, progress, mismatches);
  const loads = await runLoads(config, model, writes.lastStoreFile, progress, mismatches);
  return {
    services: counts.services as number,
    parties: counts.parties as number,
    dependencies: counts.dependencies as number,
    subscriptions: counts.subscriptions as number,
    create: writes.create.result(),
    update: writes.update.result(),
    loadModel: loads.model.result(),
    loadCompactModel: loads.compact.result(),
    mismatches,
  };
}

interface Writes {
  create: Pair;
  update: Pair;
  lastStoreFile: string;
}

async function runWrites(
  config: StoreBenchConfig,
  model: Model,
  scratch: Scratch,
  progress: Progress,
  mismatches: string[],
): Promise<Writes> {
  const counts = modelCounts(model);
  const creates = createChanges(model);
  const updated = updatedServices(model);
  const updates: ModelChange[] = updated.map((s) => ({
    op: 'update',
    kind: 'service',
    key: s.id,
    after: s,
  }));
  const create = new Pair(sum(counts));
  const update = new Pair(updated.length);
  let lastStoreFile = '';
  for (let run = 0; run < config.runs; run++) {
    const sides = [storeSide, rawSide];
    // Alternate which side goes first, so neither always meets the other's leftovers.
    if (run % 2 === 1) sides.reverse();
    for (const side of sides) await side(run);
  }
  return { create, update, lastStoreFile };

  async function storeSide(run: number): Promise<void> {
    const file = scratch.file('store');
    const store = await openMigratedStore(file);
    const c = await create.timeStore(() => store.applyChanges(creates, ACTOR));
    const u = await update.timeStore(() => store.applyChanges(updates, ACTOR));
    await store.close();
    lastStoreFile = file;
    progress.note(`run ${run + 1}: store create ${formatMs(c)}, update ${formatMs(u)}`);
    if (run === 0) checkCounts(file, counts, 'the store', mismatches);
  }

  async function rawSide(run: number): Promise<void> {
    const file = scratch.file('raw');
    await createSchema(file);
    const at = new Date().toISOString();
    const rows = modelRows(model, at);
    const updateRows = serviceUpdateRows(updated, at);
    const db = openRaw(file);
    try {
      let written = 0;
      let changed = 0;
      const c = await create.timeRaw(() => {
        written = insertRows(db, rows);
      });
      const u = await update.timeRaw(() => {
        changed = updateServices(db, updateRows);
      });
      progress.note(`run ${run + 1}: raw create ${formatMs(c)}, update ${formatMs(u)}`);
      if (written !== sum(counts)) mismatches.push(`raw create wrote ${written} rows`);
      if (changed !== updated.length) mismatches.push(`raw update changed ${changed} rows`);
    } finally {
      db.close();
    }
    if (run === 0) checkCounts(file, counts, 'the baseline', mismatches);
  }
}

function checkCounts(
  file: string,
  expected: Record<string, number>,
  who: string,
  mismatches: string[],
): void {
  const db = openRaw(file);
  try {
    const found = tableCounts(db);
    for (const [table, count] of Object.entries(expected))
      if (found[table] !== count)
        mismatches.push(`${who} wrote ${found[table]} ${table}, not ${count}`);
  } finally {
    db.close();
  }
}

async function runLoads(
  config: StoreBenchConfig,
  model: Model,
  file: string,
  progress: Progress,
  mismatches: string[],
): Promise<{ model: Pair; compact: Pair }> {
  const counts = modelCounts(model);
  const rows = sum(counts);
  const loadPair = new Pair(rows);
  const compactPair = new Pair(rows);
  const store = await openMigratedStore(file);
  const db = openRaw(file);
  try {
    const loaded = await store.loadModel();
    const compact = await store.loadCompactModel();
    if (sum(modelCounts(loaded)) !== rows) mismatches.push('loadModel read a different model');
    if (
      compact.serviceIds.length !== counts.services ||
      compact.edgeFrom.length !== counts.dependencies
    )
      mismatches.push('loadCompactModel read a different model');
    for (const queries of [MODEL_QUERIES, COMPACT_QUERIES]) {
      const read = iterateRows(db, queries).rows;
      if (read !== rows) mismatches.push(`the baseline read ${read} rows, not ${rows}`);
    }
    for (let run = 0; run < config.runs; run++) {
      const steps = [
        () => loadPair.timeStore(() => store.loadModel()),
        () => loadPair.timeRaw(() => iterateRows(db, MODEL_QUERIES)),
        () => compactPair.timeStore(() => store.loadCompactModel()),
        () => compactPair.timeRaw(() => iterateRows(db, COMPACT_QUERIES)),
      ];
      if (run % 2 === 1) steps.reverse();
      for (const step of steps) await step();
      progress.note(
        `run ${run + 1}: loadModel ${formatMs(loadPair.store[run])} (raw ${formatMs(loadPair.raw[run])}), loadCompactModel ${formatMs(compactPair.store[run])} (raw ${formatMs(compactPair.raw[run])})`,
      );
    }
  } finally {
    db.close();
    await store.close();
  }
  return { model: loadPair, compact: compactPair };
}
