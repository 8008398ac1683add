import { generateModel } from '../../generate.js';
import type { Progress } from '../../lib/progress.js';
import { formatMs } from '../../lib/table.js';
import { type Comparison, Pair } from './compare.js';
import type { StoreBenchConfig } from './config.js';
import { createSchema, openMigratedStore, openRaw, type Scratch } from './database.js';
import { writeGeneratedModel } from './large-rows.js';
import { COMPACT_QUERIES, iterateRows } from './raw-ops.js';

/** The load of the generated model, built from the store against reading its rows. */
export interface LargeResult {
  scale: number;
  services: number;
  dependencies: number;
  parties: number;
  subscriptions: number;
  /** Milliseconds to generate the model, and to write it with raw INSERTs (the setup). */
  generateMs: number;
  setupMs: number;
  /** The database once written: its pages times the page size, in bytes. */
  fileBytes: number;
  loadCompactModel: Comparison;
  mismatches: string[];
}

/**
 * Generates the model at `config.largeScale`, writes it with plain INSERTs into a new file of
 * the store's schema, then times `loadCompactModel` against `iterate()` over the same rows.
 */
export async function runLarge(
  config: StoreBenchConfig,
  scratch: Scratch,
  progress: Progress,
): Promise<LargeResult> {
  let started = performance.now();
  const generated = generateModel({
    scale: config.largeScale,
    seed: config.seed,
    onProgress: progress.track('generate'),
  });
  const generateMs = performance.now() - started;
  const c = generated.compact;
  const rows =
    c.partyIds.length + c.serviceIds.length + c.edgeFrom.length + c.subscriptionParty.length;
  const file = scratch.file('large');
  await createSchema(file);
  const db = openRaw(file);
  const mismatches: string[] = [];
  const pair = new Pair(rows);
  let setupMs = 0;
  let fileBytes = 0;
  try {
    started = performance.now();
    const written = writeGeneratedModel(db, generated, progress.track('setup: raw inserts'));
    setupMs = performance.now() - started;
    progress.note(`setup: ${written} rows written in ${formatMs(setupMs)}`);
    if (written !== rows) mismatches.push(`setup wrote ${written} rows, not ${rows}`);
    fileBytes = db
      .prepare('select page_count * page_size from pragma_page_count(), pragma_page_size()')
      .pluck()
      .get() as number;
    const store = await openMigratedStore(file);
    try {
      const loaded = await store.loadCompactModel();
      if (
        loaded.serviceIds.length !== c.serviceIds.length ||
        loaded.edgeFrom.length !== c.edgeFrom.length ||
        loaded.serviceRules.size !== c.serviceRules.size ||
        loaded.edgeImpacts.size !== c.edgeImpacts.size ||
        loaded.subscriptionParty.length !== c.subscriptionParty.length
      )
        mismatches.push('loadCompactModel read a model that differs from the generated one');
      const read = iterateRows(db, COMPACT_QUERIES).rows;
      if (read !== rows) mismatches.push(`the baseline read ${read} rows, not ${rows}`);
      for (let run = 0; run < config.runs; run++) {
        const steps = [
          () => pair.timeStore(() => store.loadCompactModel()),
          () => pair.timeRaw(() => iterateRows(db, COMPACT_QUERIES)),
        ];
        if (run % 2 === 1) steps.reverse();
        for (const step of steps) await step();
        progress.note(
          `run ${run + 1}: loadCompactModel ${formatMs(pair.store[run])}, raw iterate ${formatMs(pair.raw[run])}`,
        );
      }
    } finally {
      await store.close();
    }
  } finally {
    db.close();
  }
  return {
    scale: config.largeScale,
    services: c.serviceIds.length,
    dependencies: c.edgeFrom.length,
    parties: c.partyIds.length,
    subscriptions: c.subscriptionParty.length,
    generateMs,
    setupMs,
    fileBytes,
    loadCompactModel: pair.result(),
    mismatches,
  };
}
