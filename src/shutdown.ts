import type { FastifyInstance } from 'fastify';

/** How long in-flight requests get to finish once shutdown begins (default). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Stops the HTTP side gracefully: the listening socket closes at once (new connections are
 * refused; a request arriving on a kept-alive connection gets 503), live streams end with a
 * `shutdown` event (the stream route's preClose hook), requests under way finish. Connections
 * still open after `timeoutMs` are cut. Resolves `true` when everything finished in time.
 */
export async function closeApp(app: FastifyInstance, timeoutMs: number): Promise<boolean> {
  let cut = false;
  const deadline = setTimeout(() => {
    cut = true;
    app.server.closeAllConnections();
  }, timeoutMs);
  // A kept-alive connection whose request finishes after closing began would otherwise hold the
  // server open until its keep-alive timeout: close connections as they fall idle.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
  return !cut;
}

/**
 * Waits for SIGINT or SIGTERM, then runs `stop` and resolves with the signal's name. A second
 * signal while stopping exits at once with code 130 (for people pressing Ctrl-C twice).
 */
export function untilSignalled(
  stop: () => Promise<void>,
  notify: (message: string) => void,
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): Promise<NodeJS.Signals> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        notify(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      notify(`${signal}: shutting down (finishing requests under way) …`);
      stop().then(() => {
        for (const name of signals) process.off(name, onSignal);
        resolve(signal);
      }, reject);
    };
    for (const name of signals) process.on(name, onSignal);
  });
}
