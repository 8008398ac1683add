import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordedSignal, SignalRecord } from '../signal-store.js';
import { signalTuple } from './sqlite-signals.js';

const WORKER = new URL('./signal-writer-worker.js', import.meta.url);

interface Reply {
  id: number;
  results?: RecordedSignal[];
  error?: string;
  closed?: true;
}

/**
 * Records signals on a thread of its own, with its own connection: a durable commit waits for
 * the disk (fsync), and on the main thread that wait would stop every request from being read.
 * Batches are answered in the order sent.
 */
export class SignalWriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve(value: Reply): void; reject(error: Error): void }
  >();
  private next = 0;
  private failed: Error | undefined;

  /** Set once the thread has died; its store starts another for the next batch. */
  get broken(): boolean {
    return this.failed !== undefined;
  }

  /** Whether the compiled worker is there (it is not when the sources run untranspiled, as in tests). */
  static available(): boolean {
    return existsSync(fileURLToPath(WORKER));
  }

  constructor(file: string, busyTimeoutMs: number) {
    this.worker = new Worker(WORKER, { workerData: { file, busyTimeoutMs } });
    this.worker.on('message', (reply: Reply) => {
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
    this.worker.on('exit', (code) => fail(new Error(`the signal writer thread stopped (${code})`)));
  }

  private send(message: { rows?: string; close?: true }): Promise<Reply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  /** One transaction; resolves once committed, rejects (nothing stored) when it failed. */
  async record(signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
    // One string of column tuples: copying it to the thread costs a fraction of cloning objects.
    const reply = await this.send({ rows: JSON.stringify(signals.map(signalTuple)) });
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.results ?? [];
  }

  async close(): Promise<void> {
    if (!this.failed) await this.send({ close: true }).catch(() => undefined);
    await this.worker.terminate();
  }
}
