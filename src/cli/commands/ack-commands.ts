import type { Command } from 'commander';
import { type Io, printJson, terminalSafe } from '../output.js';
import { CommanderUsage } from './chain-commands.js';
import { call, SERVER_OPTION } from './signal-commands.js';

interface Answer {
  author: string;
  expiresAt: string | null;
  clearedBy: string | null;
}

interface AckOptions {
  note?: string;
  until?: string;
  server?: string;
  json?: boolean;
}

/**
 * Acknowledgements live in the running server, whose engine they change at once: like
 * overrides, they are sent to it and never written into a data folder behind its back.
 */
function server(given: string | undefined): string {
  const url = given ?? process.env.SERVICECHAIN_SERVER;
  if (!url)
    throw new CommanderUsage(
      'acknowledgements go to the running server: give --server URL (or set SERVICECHAIN_SERVER) and a token in SERVICECHAIN_TOKEN',
    );
  return url;
}

const pathOf = (id: string) => `/api/v1/services/${encodeURIComponent(id)}/acknowledgement`;

/** `ack` and `unack`: acknowledge a service's trouble, and take it back, on a server. */
export function registerAckCommands(program: Command, io: Io): void {
  program
    .command('ack')
    .description(
      "acknowledge a service's trouble (and what it alone takes down); cleared when it recovers",
    )
    .argument('<id>', 'a service id')
    .option('--note <text>', 'what you are doing about it')
    .option('--until <when>', 'a duration (2h, 30m, 1d12h) or an RFC 3339 time; default never')
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(async (id: string, options: AckOptions) => {
      const answer = (await call(server(options.server), 'PUT', pathOf(id), {
        ...(options.note !== undefined && { note: options.note }),
        ...(options.until !== undefined && { until: options.until }),
      })) as Answer;
      if (options.json) printJson(io, answer);
      else
        io.out(
          `${id}: acknowledged by ${terminalSafe(answer.author)}${
            answer.expiresAt ? ` until ${answer.expiresAt}` : ''
          }`,
        );
    });

  program
    .command('unack')
    .description("take back a service's acknowledgement")
    .argument('<id>', 'a service id')
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(async (id: string, options: Omit<AckOptions, 'note' | 'until'>) => {
      const answer = (await call(server(options.server), 'DELETE', pathOf(id))) as Answer;
      if (options.json) printJson(io, answer);
      else io.out(`${id}: acknowledgement taken back`);
    });
}
