import type { Command } from 'commander';
import { operationsFromEnv } from '../../api/ops/env-config.js';
import { startServer } from '../../main.js';
import { untilSignalled } from '../../shutdown.js';
import { dataDirFrom } from '../data-store.js';
import type { Io } from '../output.js';
import { CommanderUsage } from './chain-commands.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `serve`: the HTTP server, until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command, io: Io): void {
  program
    .command('serve')
    .description('serve the API and the web pages')
    .option('--port <port>', 'port (env PORT, default 8080)')
    .option('--host <host>', 'address to listen on (env HOST, default localhost)')
    .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
    .option('--log-level <level>', `${LOG_LEVELS.join(', ')} (env LOG_LEVEL, default info)`)
    .option('--no-demo', 'do not load the demo model into a new database (env SERVICECHAIN_DEMO=0)')
    .action(
      async (options: {
        port?: string;
        host?: string;
        data?: string;
        logLevel?: string;
        demo: boolean;
      }) => {
        const portText = options.port ?? process.env.PORT ?? '8080';
        const port = Number(portText);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CommanderUsage(`--port: '${portText}' is not a port number`);
        const logLevel = options.logLevel ?? process.env.LOG_LEVEL ?? 'info';
        if (!LOG_LEVELS.includes(logLevel))
          throw new CommanderUsage(
            `--log-level: '${logLevel}' is not one of ${LOG_LEVELS.join(', ')}`,
          );
        const { operations, shutdownTimeoutMs } = operationalSettings();
        const server = await startServer({
          port,
          host: options.host ?? process.env.HOST ?? 'localhost',
          dataDir: dataDirFrom(options.data),
          logLevel,
          demo: options.demo && process.env.SERVICECHAIN_DEMO !== '0',
          operations,
          shutdownTimeoutMs,
        });
        io.err(`Servicechain is serving on ${server.url.replace('127.0.0.1', 'localhost')}`);
        await untilSignalled(server.close, (message) => io.err(message));
        io.err('stopped');
      },
    );
}

/** Operational settings from the environment (docs/operations.md); a bad value is a usage error. */
function operationalSettings(): {
  operations: ReturnType<typeof operationsFromEnv>;
  shutdownTimeoutMs: number | undefined;
} {
  let operations: ReturnType<typeof operationsFromEnv>;
  try {
    operations = operationsFromEnv(process.env);
  } catch (error) {
    throw new CommanderUsage((error as Error).message);
  }
  const text = process.env.SERVICECHAIN_SHUTDOWN_TIMEOUT_MS;
  if (text === undefined || text === '') return { operations, shutdownTimeoutMs: undefined };
  const shutdownTimeoutMs = Number(text);
  if (!(Number.isInteger(shutdownTimeoutMs) && shutdownTimeoutMs >= 0))
    throw new CommanderUsage(
      `SERVICECHAIN_SHUTDOWN_TIMEOUT_MS: '${text}' is not a whole number of milliseconds`,
    );
  return { operations, shutdownTimeoutMs };
}
