import { StreamProbe } from './stream-probe.js';

/**
 * The live-stream listener of the ingest suite, in a process of its own so that the load
 * generator's work does not delay its reads: `start` connects and records, `stop` answers with
 * the delays.
 */
let probe: StreamProbe | undefined;

process.on('message', (message: { type: string; url?: string; token?: string }) => {
  void (async () => {
    if (message.type === 'start') {
      probe = new StreamProbe(message.url as string, message.token as string);
      await probe.start();
      probe.recording = true;
      process.send?.({ type: 'started' });
    } else if (message.type === 'stop' && probe) {
      probe.recording = false;
      const delays = probe.delays;
      await probe.stop();
      process.send?.({ type: 'delays', delays }, () => process.exit(0));
    }
  })().catch((error: unknown) => {
    process.send?.({ type: 'error', error: String(error) });
  });
});
