import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a worker script in a child process, sends it one request and resolves with its one
 * reply. Baselines that need a lot of memory, and the clean RSS figures, run this way so they
 * neither disturb nor are disturbed by the main process. The child regenerates the model from
 * the same seed, so it measures the same data.
 */
export function runWorker<Request, Reply>(
  script: URL,
  request: Request,
  execArgv: readonly string[] = ['--expose-gc'],
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(script), [], {
      execArgv: [...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let replied = false;
    child.once('message', (message) => {
      replied = true;
      const reply = message as { error?: string };
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve(message as Reply);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!replied)
        reject(new Error(`worker ${script.pathname} ended (${signal ?? code}) without a reply`));
    });
    child.send(request as object);
  });
}

/**
 * The worker side: answers the one request with `handle`'s result (or its error), then exits.
 */
export function serveOnce<Request, Reply>(handle: (request: Request) => Promise<Reply>): void {
  process.once('message', (request) => {
    handle(request as Request).then(
      (reply) => process.send?.(reply as object, () => process.exit(0)),
      (error: unknown) =>
        process.send?.(
          { error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          () => process.exit(1),
        ),
    );
  });
}
