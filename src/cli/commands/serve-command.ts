import type { Command } from 'commander';
import { startServer } from '../../main.js';
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
        const server = await startServer({
          port,
          host: options.host ?? process.env.HOST ?? 'localhost',
          dataDir: dataDirFrom(options.data),
          logLevel,
          demo: options.demo && process.env.SERVICECHAIN_DEMO !== '0',
        });
        io.err(`Servicechain is serving on ${server.url.replace('127.0.0.1', 'localhost')}`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            io.err('shutting down …');
            void server.close().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      },
    );
}
