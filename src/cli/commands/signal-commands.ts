import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { isStatusLevel, STATUS_LEVELS } from '../../model/levels.js';
import { type Io, printJson, renderTable, terminalSafe } from '../output.js';
import { errorFromResponse, normalizeServer, RemoteError, tokenFor } from '../remote.js';
import { CommanderUsage } from './chain-commands.js';

type Env = Readonly<Record<string, string | undefined>>;

export const SERVER_OPTION = [
  '--server <url>',
  'the Servicechain server (env SERVICECHAIN_SERVER; token from SERVICECHAIN_TOKEN or the config file)',
] as const;

/**
 * Signals go to the server that keeps the live status, never straight into a data folder: a
 * running server would not see them. So these commands need --server (or SERVICECHAIN_SERVER).
 */
export async function call(
  server: string | undefined,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  env: Env = process.env,
): Promise<unknown> {
  const given = server ?? env.SERVICECHAIN_SERVER;
  if (!given)
    throw new CommanderUsage(
      'signals go to the running server: give --server URL (or set SERVICECHAIN_SERVER) and an ingest token in SERVICECHAIN_TOKEN',
    );
  const base = normalizeServer(given);
  const token = await tokenFor(base, env);
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
      redirect: 'error',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new RemoteError(
      `cannot reach ${base.origin}: ${cause?.code ?? (error as Error).message}`,
    );
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw errorFromResponse(response.status, parsed);
  return parsed;
}

/** `KEY=VALUE` options gathered into labels. */
function collectLabel(value: string, labels: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new CommanderUsage(`--label: '${value}' is not NAME=VALUE`);
  return { ...labels, [value.slice(0, at)]: value.slice(at + 1) };
}

interface SignalOptions {
  source: string;
  key: string;
  service?: string;
  label: Record<string, string>;
  level?: string;
  severity?: string;
  resolved?: boolean;
  startsAt?: string;
  endsAt?: string;
  summary?: string;
  url?: string;
  server?: string;
  json?: boolean;
}

/** The generic signal a `signal` command line describes (docs/integrations.md). */
export function signalBody(options: SignalOptions): Record<string, unknown> {
  if (options.level !== undefined && !isStatusLevel(options.level))
    throw new CommanderUsage(
      `--level: '${options.level}' is not one of ${STATUS_LEVELS.join(', ')}`,
    );
  return {
    source: options.source,
    key: options.key,
    state: options.resolved ? 'resolved' : 'firing',
    ...(options.service !== undefined && { service: options.service }),
    ...(Object.keys(options.label).length > 0 && { labels: options.label }),
    ...(options.level !== undefined && { level: options.level }),
    ...(options.severity !== undefined && { severity: options.severity }),
    ...(options.startsAt !== undefined && { startsAt: options.startsAt }),
    ...(options.endsAt !== undefined && { endsAt: options.endsAt }),
    ...(options.summary !== undefined && { summary: options.summary }),
    ...(options.url !== undefined && { url: options.url }),
  };
}

/** `signal`, `signals unmatched` and `override`: signals and manual status, on a server. */
export function registerSignalCommands(program: Command, io: Io): void {
  program
    .command('signal')
    .description(
      'send one signal to the server (for Nagios, Icinga and Zabbix notification scripts)',
    )
    .requiredOption('--source <name>', 'the sending system, e.g. nagios')
    .requiredOption('--key <key>', 'what the signal is about, stable per check, e.g. web01/http')
    .option('--service <id>', 'the service it belongs to (else labels and matchers decide)')
    .option('--label <name=value>', 'a label (repeatable)', collectLabel, {})
    .option('--level <level>', `the level: ${STATUS_LEVELS.join(', ')}`)
    .option('--severity <severity>', 'a severity the server maps to a level (critical, warning, …)')
    .option('--resolved', 'the problem is over (default: firing)')
    .option('--starts-at <time>', 'when it began, RFC 3339 (send it for idempotent resends)')
    .option('--ends-at <time>', 'when it lapses unless sent again, RFC 3339')
    .option('--summary <text>', 'one line for people')
    .option('--url <url>', 'a link to the check')
    .option(...SERVER_OPTION)
    .option('--json', 'print the answer as JSON')
    .action(async (options: SignalOptions) => {
      const answer = (await call(
        options.server,
        'POST',
        '/api/v1/signals',
        signalBody(options),
      )) as {
        stored: number;
        duplicates: number;
        unmatched: number;
      };
      if (options.json) printJson(io, answer);
      else
        io.out(
          `${answer.stored > 0 ? 'stored' : 'already stored'}${answer.unmatched > 0 ? ' (matches no service: see signals unmatched)' : ''}`,
        );
    });

  const signals = program.command('signals').description('signals the server has received');
  signals
    .command('unmatched')
    .description('signals that matched no service, newest first, with the reason')
    .option('--all', 'also those no longer active')
    .option('--limit <n>', 'at most this many (1 to 1000)', '100')
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(async (options: { all?: boolean; limit: string; server?: string; json?: boolean }) => {
      const query = new URLSearchParams({
        limit: options.limit,
        ...(options.all && { all: 'true' }),
      });
      const { items } = (await call(
        options.server,
        'GET',
        `/api/v1/signals/unmatched?${query}`,
      )) as {
        items: {
          source: string;
          key: string;
          level: string;
          receivedAt: string;
          unmatched: string;
        }[];
      };
      if (options.json) printJson(io, items);
      else
        io.out(
          renderTable(
            ['SOURCE', 'KEY', 'LEVEL', 'RECEIVED', 'WHY UNMATCHED'],
            items.map((s) => [
              s.source,
              terminalSafe(s.key),
              s.level,
              s.receivedAt,
              terminalSafe(s.unmatched),
            ]),
          ),
        );
    });

  program
    .command('override')
    .description("set a service's status by hand, with a reason and an expiry, or clear it")
    .argument('<id>', 'a service id')
    .option('--level <level>', `the level: ${STATUS_LEVELS.join(', ')}`)
    .option('--reason <text>', 'why (required to set)')
    .option('--expires <when>', 'a duration (2h, 30m, 1d12h) or an RFC 3339 time; default never')
    .option('--clear', 'clear the override')
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(
      async (
        id: string,
        options: {
          level?: string;
          reason?: string;
          expires?: string;
          clear?: boolean;
          server?: string;
          json?: boolean;
        },
      ) => {
        const path = `/api/v1/services/${encodeURIComponent(id)}/override`;
        let answer: { level: string; expiresAt: string | null; clearedBy: string | null };
        if (options.clear) {
          if (options.level || options.reason || options.expires)
            throw new CommanderUsage('--clear takes no --level, --reason or --expires');
          answer = (await call(options.server, 'DELETE', path)) as typeof answer;
        } else {
          if (!options.level || !options.reason)
            throw new CommanderUsage('give --level and --reason to set an override, or --clear');
          if (!isStatusLevel(options.level))
            throw new InputError(
              `--level: '${options.level}' is not one of ${STATUS_LEVELS.join(', ')}`,
            );
          answer = (await call(options.server, 'POST', path, {
            level: options.level,
            reason: options.reason,
            ...(options.expires !== undefined && { expires: options.expires }),
          })) as typeof answer;
        }
        if (options.json) printJson(io, answer);
        else if (options.clear) io.out(`${id}: override cleared`);
        else io.out(`${id}: ${answer.level} until ${answer.expiresAt ?? 'cleared'}`);
      },
    );
}
