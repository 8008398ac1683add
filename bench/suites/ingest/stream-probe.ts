/**
 * Listens to the live stream and measures, for every status event, the time from its `at`
 * (stamped right after the signals' commit) to its arrival here. Both processes read the same
 * wall clock; `at` has millisecond resolution.
 */
export class StreamProbe {
  readonly delays: number[] = [];
  private readonly controller = new AbortController();
  private done: Promise<void> | undefined;
  recording = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async start(): Promise<void> {
    const response = await fetch(`${this.url}/api/v1/stream`, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
      signal: this.controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`the stream answered ${response.status}`);
    this.done = this.read(response.body).catch(() => {});
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      const now = performance.timeOrigin + performance.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        if (!this.recording || !event.includes('event: status')) continue;
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        const at = data && (JSON.parse(data.slice(6)) as { at?: string }).at;
        if (at) this.delays.push(now - Date.parse(at));
      }
    }
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
