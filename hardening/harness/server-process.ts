import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';

export const ADMIN_PASSWORD = 'hardening admin password 7f3c';

export interface ServerOptions {
  /** The data folder; a fresh one when left out. */
  dataDir?: string;
  /** Remove the data folder on close (default: when the folder is a fresh one). */
  removeOnClose?: boolean;
  /** Load the demo model into a new database (default true). */
  demo?: boolean;
  logLevel?: string;
  /** More environment, e.g. SERVICECHAIN_RATE_LIMITS. */
  env?: Record<string, string>;
}

/**
 * `servicechain serve` from the compiled package in a child process, on 127.0.0.1 and a port of
 * its own, as an operator runs it: everything it logs is kept (the secret tests read it), its
 * memory can be read, and it can be killed with any signal.
 */
export class ServerProcess {
  /** Every line written to standard output and standard error. */
  readonly logs: string[] = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly url: string,
    readonly dataDir: string,
    private readonly ownsData: boolean,
  ) {}

  static async start(options: ServerOptions = {}): Promise<ServerProcess> {
    const ownsData = options.removeOnClose ?? options.dataDir === undefined;
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sc-hardening-'));
    const root = packageRoot();
    const args = [
      join(root, 'bin', 'servicechain.js'),
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
      '--log-level',
      options.logLevel ?? 'debug',
    ];
    if (options.demo === false) args.push('--no-demo');
    const proc = spawn(process.execPath, args, {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        SERVICECHAIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ...options.env,
      },
    });
    const logs: string[] = [];
    const collect = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`the server did not start in 60 s:\n${logs.join('\n')}`));
      }, 60_000);
      const look = () => {
        const port = logs.map((l) => /http:\/\/localhost:(\d+)/.exec(l)?.[1]).find(Boolean);
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      };
      // The serve command says where it listens on standard error, whatever the log level.
      proc.stdout?.on('data', look);
      proc.stderr?.on('data', look);
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(`the server exited (${code ?? signal}) before listening:\n${logs.join('\n')}`),
        );
      });
    });
    const server = new ServerProcess(proc, url, dataDir, ownsData);
    server.logs.push(...logs);
    proc.stdout?.off('data', collect);
    proc.stderr?.off('data', collect);
    const keep = (chunk: Buffer) =>
      server.logs.push(...chunk.toString().split('\n').filter(Boolean));
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    return server;
  }

  /** The child's resident set size in bytes, from /proc (Linux). */
  rss(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    if (kb === undefined) throw new Error('no VmRSS in /proc/PID/status');
    return Number(kb) * 1024;
  }

  /** The data folder's database file. */
  get databaseFile(): string {
    return join(this.dataDir, 'servicechain.db');
  }

  /** Ends the process with `signal` and waits for it to be gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const { proc } = this;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }

  /** Stops the server and removes the data folder it made. */
  async close(): Promise<void> {
    await this.stop();
    if (this.ownsData) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
