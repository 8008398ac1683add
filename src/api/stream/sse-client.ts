import type { EventLog, LiveEvent } from '../../runtime/event-log.js';

/** The part of a response (http.ServerResponse) the stream writes to. */
export interface SseOutput {
  /** False when the data had to be buffered: wait for `drain` before writing more. */
  write(chunk: string): boolean;
  end(): void;
  destroy(): void;
  once(event: 'drain', listener: () => void): unknown;
}

/** One Server-Sent Events message; `data` is sent as one line of JSON. */
export function formatSse(name: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** About this many bytes are written in one go when a client is behind. */
const BATCH_BYTES = 64 * 1024;

/**
 * One stream client. It holds no queue of its own: it keeps a cursor into the event log and
 * writes from there while its connection takes data; when the connection pushes back it waits
 * for `drain`. A client so slow that the log drops events it has not been sent yet is
 * disconnected (`onDropped`); it reconnects with Last-Event-ID and is told to reset.
 */
export class SseClient {
  private cursor: number;
  private waiting = false;
  private closed = false;

  constructor(
    private readonly out: SseOutput,
    private readonly log: EventLog,
    private readonly wants: (event: LiveEvent) => boolean,
    /** The id of the last event the client has (or need not have). */
    after: number,
    private readonly onDropped: () => void,
  ) {
    this.cursor = after;
  }

  /** Writes what the client has not had yet, as far as its connection takes it. */
  pump(): void {
    if (this.closed) return;
    if (this.cursor < this.log.oldestId - 1) {
      this.drop();
      return;
    }
    if (this.waiting) return;
    let batch = '';
    while (this.cursor < this.log.newestId) {
      const event = this.log.eventAt(this.cursor + 1) as LiveEvent;
      this.cursor = event.id;
      if (!this.wants(event)) continue;
      const { id, type, ...data } = event;
      batch += formatSse(type, data, id);
      if (batch.length >= BATCH_BYTES) {
        if (!this.write(batch)) return;
        batch = '';
      }
    }
    if (batch) this.write(batch);
  }

  /** Sends an event outside the log (ready, reset, shutdown), unless the client is behind. */
  send(name: string, data: unknown, id?: number): void {
    if (!this.closed && !this.waiting) this.write(formatSse(name, data, id));
  }

  /** A comment line: keeps proxies from closing an idle connection. */
  heartbeat(): void {
    if (!this.closed && !this.waiting) this.write(': heartbeat\n\n');
  }

  /** Ends the stream, with a last event when the connection can still take it. */
  close(last?: { name: string; data: unknown }): void {
    if (this.closed) return;
    if (last) this.send(last.name, last.data);
    this.closed = true;
    this.out.end();
  }

  /** Stops writing; for a connection the other side closed. */
  detach(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(chunk: string): boolean {
    if (this.out.write(chunk)) return true;
    this.waiting = true;
    this.out.once('drain', () => {
      this.waiting = false;
      this.pump();
    });
    return false;
  }

  private drop(): void {
    this.closed = true;
    this.out.destroy();
    this.onDropped();
  }
}
