import { type ClientRequest, request } from 'node:http';

/**
 * Listens to the live stream and measures, for every status event, the time from its `at`
 * (stamped right after the signals' commit) to its arrival here. Both processes read the same
 * wall clock; `at` has millisecond resolution. It reads with node:http rather than fetch: the
 * web stream under fetch cost the probe several times the CPU, and on a machine the server and
 * the load generator keep busy, a probe short of CPU reads late and measures itself.
 */
export class StreamProbe {
  readonly delays: number[] = [];
  private call: ClientRequest | undefined;
  private done: Promise<void> | undefined;
  recording = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const call = request(
        `${this.url}/api/v1/stream`,
        { headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' } },
        (response) => {
          if (response.statusCode !== 200) {
            reject(new Error(`the stream answered ${response.statusCode}`));
            response.resume();
            return;
          }
          response.setEncoding('utf8');
          this.done = new Promise((ended) => {
            response.on('close', ended);
            response.on('error', () => ended());
          });
          let buffer = '';
          response.on('data', (chunk: string) => {
            const now = performance.timeOrigin + performance.now();
            buffer += chunk;
            let start = 0;
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              if (this.recording) this.measure(buffer.slice(start, end), now);
              start = end + 2;
              end = buffer.indexOf('\n\n', start);
            }
            buffer = buffer.slice(start);
          });
          resolve();
        },
      );
      call.on('error', reject);
      call.end();
      this.call = call;
    });
  }

  private measure(event: string, now: number): void {
    if (!event.includes('event: status')) return;
    const data = event.split('\n').find((line) => line.startsWith('data: '));
    const at = data && (JSON.parse(data.slice(6)) as { at?: string }).at;
    if (at) this.delays.push(now - Date.parse(at));
  }

  async stop(): Promise<void> {
    this.call?.destroy();
    await this.done;
  }
}
