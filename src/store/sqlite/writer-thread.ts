import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkChanges, checkTime } from '../history-codec.js';
import type { NewStatusChange } from '../history-store.js';
import type { RecordedSignal, SignalRecord } from '../signal-store.js';
import { changeTuple } from './sqlite-history.js';
import { signalTuple } from './sqlite-signals.js';
import { decodeRecorded, type WriterReply, type WriterRequest } from './writer-protocol.js';

const WORKER = new URL('./writer-thread-worker.js', import.meta.url);

/** A request without its id (the thread numbers them). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = Unnumbered<WriterRequest>;

/**
 * The busy writes on a thread of their own, with its own connection: signals and the status
 * history. A durable commit waits for the disk (fsync), and on the main thread that wait would
 * stop every request from being read; writing from two connections would also have them queue
 * for SQLite's one write lock. Requests are answered in the order sent.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve(value: WriterReply): void; reject(error: Error): void }
  >();
  private next = 0;
  private failed: Error | undefined;

  /** Set once the thread has died; its store starts another for the next request. */
  get broken(): boolean {
    return this.failed !== undefined;
  }

  /** Whether the compiled worker is there (it is not when the sources run untranspiled, as in tests). */
  static available(): boolean {
    return existsSync(fileURLToPath(WORKER));
  }

  constructor(file: string, busyTimeoutMs: number) {
    this.worker = new Worker(WORKER, { workerData: { file, busyTimeoutMs } });
    this.worker.on('message', (reply: WriterReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiter?.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the writer thread stopped (${code})`)));
  }

  private async send(request: Request): Promise<WriterReply> {
    if (this.failed) throw this.failed;
    const id = this.next++;
    const reply = await new Promise<WriterReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
    });
    if (reply.kind === 'error') throw new Error(reply.error);
    return reply;
  }

  /** One transaction; resolves once committed, rejects (nothing stored) when it failed. */
  async record(signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
    const reply = await this.send({
      kind: 'signals',
      rows: JSON.stringify(signals.map(signalTuple)),
    });
    if (reply.kind !== 'signals') throw new Error(`the writer thread answered ${reply.kind}`);
    return decodeRecorded(reply.recorded);
  }

  /** Checked here, so a refusal names the change; one transaction on the thread. */
  async recordChanges(changes: readonly NewStatusChange[]): Promise<void> {
    checkChanges(changes);
    if (changes.length === 0) return;
    await this.send({ kind: 'changes', rows: JSON.stringify(changes.map(changeTuple)) });
  }

  async snapshot(at: number): Promise<{ services: number }> {
    checkTime(at, 'at');
    const reply = await this.send({ kind: 'snapshot', at });
    if (reply.kind !== 'snapshot') throw new Error(`the writer thread answered ${reply.kind}`);
    return { services: reply.services };
  }

  async close(): Promise<void> {
    if (!this.failed) await this.send({ kind: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}
