import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { type ChangeTuple, SqliteHistory } from './sqlite-history.js';
import { type SignalTuple, SqliteSignals } from './sqlite-signals.js';
import { encodeRecorded, type WriterReply, type WriterRequest } from './writer-protocol.js';

/**
 * The writer thread: its own connection to the database file (WAL, synchronous FULL), doing each
 * request in one transaction and answering once it has committed.
 */
const { file, busyTimeoutMs } = workerData as { file: string; busyTimeoutMs: number };
const db = new BetterSqlite3(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
const signals = new SqliteSignals(db);
const history = new SqliteHistory(db);

function answer(request: WriterRequest): WriterReply {
  switch (request.kind) {
    case 'signals': {
      const rows = JSON.parse(request.rows) as SignalTuple[];
      return {
        id: request.id,
        kind: 'signals',
        recorded: encodeRecorded(signals.recordTuples(rows)),
      };
    }
    case 'changes':
      history.recordTuples(JSON.parse(request.rows) as ChangeTuple[]);
      return { id: request.id, kind: 'changes' };
    case 'snapshot':
      return { id: request.id, kind: 'snapshot', services: history.snapshot(request.at).services };
    case 'close':
      db.close();
      return { id: request.id, kind: 'closed' };
  }
}

parentPort?.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  try {
    reply = answer(request);
  } catch (error) {
    reply = {
      id: request.id,
      kind: 'error',
      error: error instanceof Error ? error.message : String(error),
    };
  }
  // The answer's arrays are moved to the main thread, not copied.
  const moved =
    reply.kind === 'signals'
      ? [reply.recorded.ids.buffer as ArrayBuffer, reply.recorded.codes.buffer as ArrayBuffer]
      : [];
  parentPort?.postMessage(reply, moved);
});
