import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EventLog, type LiveEventData } from '../../runtime/event-log.js';
import { formatSse, SseClient, type SseOutput } from './sse-client.js';

/** A connection that takes `room` writes, then pushes back until `drain()`. */
class FakeOutput extends EventEmitter implements SseOutput {
  chunks: string[] = [];
  ended = false;
  destroyed = false;
  constructor(public room = Number.POSITIVE_INFINITY) {
    super();
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    this.room--;
    return this.room > 0;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  drain(room: number): void {
    this.room = room;
    this.emit('drain');
  }
  get ids(): string[] {
    return [...this.chunks.join('').matchAll(/^id: (\d+)$/gm)].map((m) => m[1] as string);
  }
}

const status = (service: string): LiveEventData => ({
  type: 'status',
  service,
  from: { level: 'operational', maintenance: false, acknowledged: false },
  to: { level: 'degraded', maintenance: false, acknowledged: false },
  at: '2026-11-28T12:00:00.000Z',
  cause: 'test',
});

function setup(room: number, capacity = 100) {
  const log = new EventLog({ firstId: 1, capacity });
  const out = new FakeOutput(room);
  let dropped = 0;
  const client = new SseClient(
    out,
    log,
    () => true,
    0,
    () => dropped++,
  );
  log.subscribe(() => client.pump());
  return { log, out, client, dropped: () => dropped };
}

describe('formatSse', () => {
  it('writes id, event and one line of JSON data', () => {
    expect(formatSse('status', { a: 'x\ny' }, 7)).toBe(
      'id: 7\nevent: status\ndata: {"a":"x\\ny"}\n\n',
    );
    expect(formatSse('shutdown', {})).toBe('event: shutdown\ndata: {}\n\n');
  });
});

describe('SseClient', () => {
  it('writes events as they come while the connection takes them', () => {
    const { log, out } = setup(Number.POSITIVE_INFINITY);
    log.append([status('a')]);
    log.append([status('b'), status('c')]);
    expect(out.ids).toEqual(['1', '2', '3']);
    expect(out.chunks[0]).toContain('event: status\ndata: {"service":"a",');
  });

  it('waits for drain when the connection pushes back, then goes on from its cursor', () => {
    const { log, out } = setup(1);
    log.append([status('a')]);
    expect(out.ids).toEqual(['1']);
    log.append([status('b'), status('c')]);
    expect(out.ids).toEqual(['1']);
    out.drain(10);
    expect(out.ids).toEqual(['1', '2', '3']);
  });

  it('drops a client the log has left behind, without buffering for it', () => {
    const { log, out, client, dropped } = setup(1, 3);
    log.append([status('a')]);
    log.append([status('b'), status('c'), status('d')]);
    expect(out.destroyed).toBe(false);
    log.append([status('e')]);
    expect(out.destroyed).toBe(true);
    expect(dropped()).toBe(1);
    expect(client.isClosed).toBe(true);
    expect(out.chunks).toHaveLength(1);
  });

  it('skips events the client does not want', () => {
    const log = new EventLog({ firstId: 1 });
    const out = new FakeOutput();
    const client = new SseClient(
      out,
      log,
      (e) => e.type === 'status' && e.service !== 'b',
      0,
      () => {},
    );
    log.append([status('a'), status('b'), status('c')]);
    client.pump();
    expect(out.ids).toEqual(['1', '3']);
  });

  it('closes with a last event, and sends nothing after', () => {
    const { log, out, client } = setup(Number.POSITIVE_INFINITY);
    client.close({ name: 'shutdown', data: { reconnect: true } });
    log.append([status('a')]);
    client.heartbeat();
    expect(out.chunks).toEqual(['event: shutdown\ndata: {"reconnect":true}\n\n']);
    expect(out.ended).toBe(true);
  });

  it('sends heartbeats only while the connection takes data', () => {
    const { out, client } = setup(2);
    client.heartbeat();
    client.heartbeat();
    client.heartbeat();
    expect(out.chunks).toEqual([': heartbeat\n\n', ': heartbeat\n\n']);
  });
});
