import { type ClientRequest, type IncomingMessage, request } from 'node:http';

/** One message as a Server-Sent Events client sees it; comments have `event: 'comment'`. */
export interface ReadEvent {
  event: string;
  id?: string;
  data?: unknown;
  comment?: string;
}

/**
 * A minimal SSE reader over node:http for tests: it parses messages as they arrive and lets a
 * test wait until a condition holds on what has arrived.
 */
export class SseReader {
  readonly events: ReadEvent[] = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];
  private req: ClientRequest | undefined;

  static open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const reader = new SseReader();
    return new Promise((resolve, reject) => {
      reader.req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        reader.status = res.statusCode ?? 0;
        reader.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => reader.take(chunk));
        res.on('end', () => {
          reader.ended = true;
          reader.wake();
        });
        res.on('error', () => {
          reader.ended = true;
          reader.wake();
        });
        resolve(reader);
      });
      reader.req.on('error', reject);
      reader.req.end();
    });
  }

  /** The body so far when the response was not a stream (an error). */
  get text(): string {
    return this.buffer;
  }

  /** Resolves once `check` holds on the events read; rejects after `ms`. */
  async until(check: (events: ReadEvent[]) => boolean, ms = 3000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check(this.events)) {
      if (this.ended) throw new Error(`stream ended: ${JSON.stringify(this.events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; read ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Events other than comments, by name. */
  named(name?: string): ReadEvent[] {
    return this.events.filter(
      (e) => e.event !== 'comment' && e.event !== 'retry' && (!name || e.event === name),
    );
  }

  close(): void {
    this.req?.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    if (this.status !== 200) return;
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      this.events.push(parseMessage(this.buffer.slice(0, end)));
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf('\n\n');
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

function parseMessage(block: string): ReadEvent {
  const message: ReadEvent = { event: 'message' };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) return { event: 'comment', comment: line.slice(1).trim() };
    const colon = line.indexOf(':');
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).trimStart();
    if (field === 'event') message.event = value;
    else if (field === 'id') message.id = value;
    else if (field === 'data') message.data = JSON.parse(value);
    else if (field === 'retry') message.event = 'retry';
  }
  return message;
}
