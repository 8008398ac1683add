import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { type SignalTuple, SqliteSignals } from './sqlite-signals.js';

/**
 * The signal writer's thread: its own connection to the database file (WAL, synchronous FULL),
 * recording each batch it is sent in one transaction and answering once it has committed.
 */
const { file, busyTimeoutMs } = workerData as { file: string; busyTimeoutMs: number };
const db = new BetterSqlite3(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
const signals = new SqliteSignals(db);

parentPort?.on('message', (message: { id: number; rows?: string; close?: true }) => {
  if (message.close) {
    db.close();
    parentPort?.postMessage({ id: message.id, closed: true });
    return;
  }
  try {
    const rows = JSON.parse(message.rows ?? '[]') as SignalTuple[];
    parentPort?.postMessage({ id: message.id, results: signals.recordTuples(rows) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
