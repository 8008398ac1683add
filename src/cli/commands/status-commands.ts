import type { Command } from 'commander';
import type { Explanation } from '../../engine/types.js';
import { isStatusLevel, STATUS_LEVELS, type StatusLevel } from '../../model/levels.js';
import { type Io, printJson, renderTable, terminalSafe } from '../output.js';
import { querySource, SERVER_OPTION, type SourceOptions } from '../query-source.js';
import { CommanderUsage } from './chain-commands.js';
import { flags, printStatusAt } from './history-commands.js';

type StatusOptions = SourceOptions & { at?: string; json?: boolean };

const DATA_OPTION = [
  '--data <dir>',
  'data folder (env SERVICECHAIN_DATA, default ./data)',
] as const;

function parseLevel(value: string): StatusLevel {
  if (!isStatusLevel(value))
    throw new CommanderUsage(`--level: '${value}' is not one of ${STATUS_LEVELS.join(', ')}`);
  return value;
}

/** `status`, `explain`, `impact` and `what-if`: the engine's answers about the chain. */
export function registerStatusCommands(program: Command, io: Io): void {
  program
    .command('status')
    .description('the status of one service, or of all; now, or at a past moment (--at)')
    .argument('[id]', 'a service id')
    .option('--at <time>', 'at this past moment, ISO 8601 with a zone (from the status history)')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(async (id: string | undefined, options: StatusOptions) => {
      const source = await querySource(options);
      if (options.at !== undefined) {
        await printStatusAt(io, source.history, options.at, id, options.json === true);
        return;
      }
      const statuses = id === undefined ? await source.statuses() : [await source.status(id)];
      if (options.json) printJson(io, id === undefined ? statuses : statuses[0]);
      else
        io.out(
          renderTable(
            ['SERVICE', 'LEVEL', 'FLAGS', 'SINCE'],
            statuses.map((s) => [
              s.service,
              s.level,
              // Who acknowledged the service itself; through its dependencies names nobody.
              s.acknowledgement
                ? `${flags(s)} by ${terminalSafe(s.acknowledgement.author)}`
                : flags(s),
              s.since ?? '',
            ]),
          ),
        );
    });

  program
    .command('explain')
    .description('why a service has its status: the tree of causes down to signals and overrides')
    .argument('<id>', 'a service id')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(async (id: string, options: SourceOptions & { json?: boolean }) => {
      const explanation = await (await querySource(options)).explain(id);
      if (options.json) printJson(io, explanation);
      else io.out(renderExplanation(explanation));
    });

  program
    .command('impact')
    .description('what an outage of a service would reach: services by hop, parties, cost per hour')
    .argument('<id>', 'a service id')
    .option(
      '--level <level>',
      'the level the service would reach (default major_outage)',
      parseLevel,
    )
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(
      async (id: string, options: SourceOptions & { level?: StatusLevel; json?: boolean }) => {
        const source = await querySource(options);
        const report = await source.impact(id, options.level ?? 'major_outage');
        if (options.json) {
          printJson(io, report);
          return;
        }
        io.out(
          `If ${terminalSafe(id)} reached ${report.level}: ${report.services.length} services affected, cost ${report.costPerHour.toLocaleString('en')} per hour.`,
        );
        io.out(
          renderTable(
            ['HOP', 'SERVICE', 'FROM', 'TO'],
            report.services.map((s) => [String(s.hop), s.service, s.from, s.to]),
          ),
        );
        if (report.parties.length > 0) {
          io.out('\nParties affected:');
          io.out(
            renderTable(
              ['PARTY', 'KIND', 'AS', 'SERVICES'],
              report.parties.map((p) => [p.party, p.kind, p.relation, p.services.join(', ')]),
            ),
          );
        }
      },
    );

  program
    .command('what-if')
    .description('what would change if services went down, without touching live state')
    .requiredOption('--down <id...>', 'services to take down')
    .option('--level <level>', 'the level they would reach (default major_outage)', parseLevel)
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print { changes, parties } as JSON')
    .action(
      async (options: SourceOptions & { down: string[]; level?: StatusLevel; json?: boolean }) => {
        const source = await querySource(options);
        const report = await source.whatIf(options.down, options.level ?? 'major_outage');
        if (options.json) {
          printJson(io, report);
          return;
        }
        io.out(`${report.changes.length} services would change:`);
        io.out(
          renderTable(
            ['SERVICE', 'FROM', 'TO'],
            report.changes.map((c) => [c.service, c.from, c.to]),
          ),
        );
        if (report.parties.length > 0) {
          io.out('\nParties affected:');
          io.out(
            renderTable(
              ['PARTY', 'KIND', 'SERVICES'],
              report.parties.map((p) => [p.party, p.kind, p.services.join(', ')]),
            ),
          );
        }
      },
    );
}

/** The root-cause tree, one cause a line, iteratively (a deep chain cannot overflow the stack). */
export function renderExplanation(root: Explanation): string {
  const lines: string[] = [];
  const pending: { node: Explanation; depth: number; via?: string }[] = [{ node: root, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth, via } = pending.pop() as {
      node: Explanation;
      depth: number;
      via?: string;
    };
    const pad = '  '.repeat(depth);
    lines.push(
      `${pad}${terminalSafe(node.service)}: ${node.level}${node.maintenance ? ' (maintenance)' : ''}${via ? `  via ${via}` : ''}`,
    );
    if (node.override)
      lines.push(
        `${pad}  override ${node.override.level}${node.override.author ? ` by ${terminalSafe(node.override.author)}` : ''}${node.override.reason ? `: ${terminalSafe(node.override.reason)}` : ''}`,
      );
    for (const signal of node.signals)
      lines.push(
        `${pad}  signal ${terminalSafe(signal.key)}: ${signal.level}${signal.summary ? ` (${terminalSafe(signal.summary)})` : ''}`,
      );
    for (const window of node.maintenanceWindows)
      lines.push(`${pad}  maintenance window ${terminalSafe(window)}`);
    for (let i = node.causes.length - 1; i >= 0; i--) {
      const cause = node.causes[i] as Explanation['causes'][number];
      pending.push({
        node: cause.explanation,
        depth: depth + 1,
        via: `${cause.via.impact} -> ${cause.via.contributed}`,
      });
    }
  }
  if (root.level === 'operational' && root.causes.length === 0) lines.push('  nothing is wrong');
  return lines.join('\n');
}
