import type { Command } from 'commander';
import type { HistorySource } from '../history-source.js';
import { type Io, printJson, renderTable, terminalSafe } from '../output.js';
import { querySource, SERVER_OPTION, type SourceOptions } from '../query-source.js';

const DATA_OPTION = [
  '--data <dir>',
  'data folder (env SERVICECHAIN_DATA, default ./data)',
] as const;

/**
 * `status --at TIME [ID]`: one service as `status ID` prints it, or the services that were not
 * operational then with how many of today's services were at each level.
 */
export async function printStatusAt(
  io: Io,
  history: HistorySource,
  time: string,
  id: string | undefined,
  json: boolean,
): Promise<void> {
  if (id !== undefined) {
    const state = await history.serviceAt(time, id);
    if (json) printJson(io, state);
    else
      io.out(
        renderTable(
          ['SERVICE', 'LEVEL', 'FLAGS', 'SINCE'],
          [[state.service, state.level, flags(state), state.since ?? '']],
        ),
      );
    return;
  }
  const chain = await history.chainAt(time);
  if (json) {
    printJson(io, chain);
    return;
  }
  const counts = Object.entries(chain.counts)
    .map(([level, count]) => `${count} ${level}`)
    .join(', ');
  io.out(`At ${chain.at}: ${counts}.`);
  if (chain.items.length > 0)
    io.out(
      renderTable(
        ['SERVICE', 'LEVEL', 'FLAGS', 'SINCE'],
        chain.items.map((s) => [s.service, s.level, flags(s), s.since]),
      ),
    );
}

/** `timeline`: a service's status changes over a window, with what caused each. */
export function registerHistoryCommands(program: Command, io: Io): void {
  program
    .command('timeline')
    .description("a service's status changes over a window, with their causes")
    .argument('<id>', 'a service id')
    .option('--from <time>', 'window start, ISO 8601 with a zone (default: a week before --to)')
    .option('--to <time>', 'window end, excluded, ISO 8601 with a zone (default: now)')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(
      async (
        id: string,
        options: SourceOptions & { from?: string; to?: string; json?: boolean },
      ) => {
        const source = await querySource(options);
        const timeline = await source.history.timeline(id, {
          ...(options.from !== undefined && { from: options.from }),
          ...(options.to !== undefined && { to: options.to }),
        });
        if (options.json) {
          printJson(io, timeline);
          return;
        }
        const { state } = timeline;
        const stateFlags = flags(state);
        io.out(
          `${terminalSafe(timeline.service)} from ${timeline.from} to ${timeline.to}: ${state.level}${stateFlags ? ` (${stateFlags})` : ''} at the start${state.since ? `, since ${state.since}` : ''}; ${timeline.changes.length} changes.`,
        );
        if (timeline.changes.length > 0)
          io.out(
            renderTable(
              ['AT', 'FROM', 'TO', 'CAUSE'],
              timeline.changes.map((c) => [c.at, shown(c.from), shown(c.to), c.cause]),
            ),
          );
      },
    );
}

/** A state's flags as the tables show them: `maintenance,acknowledged`. */
export function flags(status: { maintenance: boolean; acknowledged: boolean }): string {
  return [status.maintenance ? 'maintenance' : '', status.acknowledged ? 'acknowledged' : '']
    .filter(Boolean)
    .join(',');
}

function shown(state: { level: string; maintenance: boolean; acknowledged: boolean }): string {
  const extra = flags(state);
  return extra ? `${state.level} (${extra})` : state.level;
}
