import BetterSqlite3 from 'better-sqlite3';
import { createEngine } from '../../engine/index.js';
import type { EngineInput } from '../../engine/types.js';
import { openSqliteStore } from './sqlite-store.js';

/**
 * What the crash tests check of a SQLite file a killed process left behind (the ingest crash
 * test and the hardening suite's apply and migration kills).
 */

/** SQLite's integrity check (`ok` when intact) and the rows whose foreign keys point nowhere. */
export function integrity(file: string): { integrity: string; foreignKeys: unknown[] } {
  const db = new BetterSqlite3(file);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      foreignKeys: db.pragma('foreign_key_check') as unknown[],
    };
  } finally {
    db.close();
  }
}

/**
 * Every service's level computed from scratch, from the stored model and the stored firing
 * signals alone: what a restarted server must show.
 */
export async function fullRecompute(file: string): Promise<Record<string, string>> {
  const store = await openSqliteStore({ file });
  try {
    const engine = createEngine(await store.loadModel());
    const db = new BetterSqlite3(file, { readonly: true });
    const rows = db
      .prepare(
        `select s.source, s.key, s.level, s.services from signal_heads h join signals s on s.id = h.signal_id
         where h.state = 'firing' and (s.ends_at is null or s.ends_at > ?)`,
      )
      .all(Date.now()) as { source: string; key: string; level: string; services: string }[];
    db.close();
    const inputs: EngineInput[] = rows.flatMap((row) =>
      (JSON.parse(row.services) as string[]).map((service) => ({
        type: 'signal' as const,
        service,
        key: `${row.source}/${row.key}`,
        level: row.level as 'degraded',
      })),
    );
    engine.apply(inputs, Date.now());
    return Object.fromEntries([...engine.statuses()].map((s) => [s.service, s.level]));
  } finally {
    await store.close();
  }
}
