import type { Command } from 'commander';
import type { PresentedWindow } from '../../maintenance/present.js';
import type { WindowDraft } from '../../maintenance/validate.js';
import { WINDOW_WHEN, type WindowWhen } from '../../maintenance/windows.js';
import {
  type MaintenanceSource,
  maintenanceSource,
  type ShownImpact,
} from '../maintenance-source.js';
import { type Io, printJson, renderTable, terminalSafe } from '../output.js';
import { SERVER_OPTION } from '../query-source.js';
import { CommanderUsage } from './chain-commands.js';

const DATA_OPTION = [
  '--data <dir>',
  'the data folder (env SERVICECHAIN_DATA; default ./data)',
] as const;

type Where = { data?: string; server?: string };

interface DraftOptions extends Where {
  title?: string;
  description?: string;
  service: string[];
  start?: string;
  end?: string;
  dtstart?: string;
  zone?: string;
  duration?: string;
  rrule?: string;
  json?: boolean;
}

function collect(value: string, list: string[]): string[] {
  return [...list, value];
}

function windowId(value: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(value))
    throw new CommanderUsage(`'${value}' is not a maintenance window id (a whole number from 1)`);
  return Number(value);
}

/**
 * The draft a command line describes: `--start` and `--end` for a one-off window, or `--rrule`
 * with `--dtstart`, `--zone` and `--duration` for a recurring one.
 */
export function draftFrom(options: DraftOptions): WindowDraft {
  const recurring = options.rrule !== undefined;
  if (recurring && (options.start !== undefined || options.end !== undefined))
    throw new CommanderUsage(
      '--rrule does not go with --start/--end: use --dtstart and --duration',
    );
  if (recurring) {
    const missing = (['dtstart', 'zone', 'duration'] as const).filter(
      (name) => options[name] === undefined,
    );
    if (missing.length > 0)
      throw new CommanderUsage(
        `a recurring window needs ${missing.map((m) => `--${m}`).join(', ')}`,
      );
    const duration = options.duration as string;
    if (!/^[0-9]{1,6}$/.test(duration))
      throw new CommanderUsage(`--duration: '${duration}' is not a number of minutes`);
  } else if (options.start === undefined || options.end === undefined)
    throw new CommanderUsage(
      'give --start and --end (a one-off window) or --rrule, --dtstart, --zone and --duration (a recurring one)',
    );
  return {
    title: options.title ?? '',
    ...(options.description !== undefined && { description: options.description }),
    services: options.service,
    ...(recurring
      ? {
          recurrence: {
            start: options.dtstart as string,
            zone: options.zone as string,
            durationMinutes: Number(options.duration),
            rrule: options.rrule as string,
          },
        }
      : { start: options.start, end: options.end }),
  };
}

function describeSchedule(window: PresentedWindow): string {
  const { schedule } = window;
  return schedule.kind === 'once'
    ? `${schedule.start} to ${schedule.end}`
    : `${schedule.rrule} from ${schedule.start} ${schedule.zone}, ${schedule.durationMinutes} min each`;
}

/** A window for people: its fields, then its next occurrences. */
export function renderWindow(window: PresentedWindow): string {
  const lines = [
    `maintenance window ${window.id}: ${terminalSafe(window.title)}`,
    `  state        ${window.state}`,
    `  services     ${window.services.join(', ')}`,
    `  schedule     ${terminalSafe(describeSchedule(window))}`,
    `  planned      ${window.createdAt} by ${terminalSafe(window.author)}`,
  ];
  if (window.description) lines.push(`  description  ${terminalSafe(window.description)}`);
  lines.push('');
  lines.push(
    window.next.length === 0
      ? 'no occurrence to come'
      : renderTable(
          ['START', 'END'],
          window.next.map((o) => [o.start, o.end]),
        ),
  );
  return lines.join('\n');
}

export function renderImpact(impact: ShownImpact): string {
  const services = renderTable(
    ['SERVICE', 'WHY'],
    impact.services.map((s) => [s.service, s.covered ? 'covered' : 'rests on a covered service']),
  );
  const parties =
    impact.parties.length === 0
      ? 'no customers or providers'
      : renderTable(
          ['PARTY', 'KIND', 'AS', 'SERVICES'],
          impact.parties.map((p) => [p.party, p.kind, p.relation, p.services.join(', ')]),
        );
  const next =
    impact.next.length === 0
      ? 'no occurrence to come'
      : `next: ${impact.next.map((o) => `${o.start} to ${o.end}`).join('; ')}`;
  return [services, '', parties, '', next].join('\n');
}

function addDraftOptions(command: Command): Command {
  return command
    .option('--title <text>', 'what the window is for')
    .option('--description <text>', 'more words for the people affected')
    .option('--service <id>', 'a service the window covers (repeatable)', collect, [])
    .option('--start <time>', 'a one-off window: its start, e.g. 2026-12-05T22:00:00Z')
    .option('--end <time>', 'a one-off window: its end, e.g. 2026-12-06T02:00:00Z')
    .option('--rrule <rule>', 'a recurring window: an RFC 5545 RRULE that ends (COUNT or UNTIL)')
    .option('--dtstart <wall>', 'a recurring window: its first local start, e.g. 2026-12-08T22:00')
    .option('--zone <zone>', 'a recurring window: the time zone of --dtstart, e.g. Europe/Berlin')
    .option('--duration <minutes>', 'a recurring window: how long each occurrence lasts');
}

/** `maintenance list|show|schedule|cancel|impact`, on a data folder or a server. */
export function registerMaintenanceCommands(program: Command, io: Io): void {
  const maintenance = program
    .command('maintenance')
    .description('maintenance windows: planned time, shown as maintenance and not charged');
  const source = (options: Where): Promise<MaintenanceSource> => maintenanceSource(options);
  const printWindow = async (json: boolean | undefined, window: Promise<PresentedWindow>) => {
    const shown = await window;
    if (json) printJson(io, shown);
    else io.out(renderWindow(shown));
  };

  maintenance
    .command('list')
    .description('maintenance windows, oldest first')
    .option('--when <when>', `${WINDOW_WHEN.join(', ')} (default all)`)
    .option('--service <id>', 'only windows that cover this service')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print JSON')
    .action(async (options: Where & { when?: string; service?: string; json?: boolean }) => {
      if (options.when !== undefined && !(WINDOW_WHEN as readonly string[]).includes(options.when))
        throw new CommanderUsage(
          `--when: '${options.when}' is not one of ${WINDOW_WHEN.join(', ')}`,
        );
      const windows = await (await source(options)).list({
        ...(options.when !== undefined && { when: options.when as WindowWhen }),
        ...(options.service !== undefined && { service: options.service }),
      });
      if (options.json) return printJson(io, { items: windows });
      if (windows.length === 0) return io.out('no maintenance windows');
      io.out(
        renderTable(
          ['ID', 'STATE', 'TITLE', 'SERVICES', 'NEXT'],
          windows.map((w) => [
            String(w.id),
            w.state,
            w.title,
            w.services.join(','),
            w.next[0]?.start ?? '-',
          ]),
        ),
      );
    });

  maintenance
    .command('show <id>')
    .description('a maintenance window and its next occurrences')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print JSON')
    .action(async (id: string, options: Where & { json?: boolean }) =>
      printWindow(options.json, (await source(options)).show(windowId(id))),
    );

  addDraftOptions(
    maintenance
      .command('schedule')
      .description('plan a maintenance window, one-off (--start, --end) or recurring (--rrule …)'),
  )
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print JSON')
    .action(async (options: DraftOptions) =>
      printWindow(options.json, (await source(options)).schedule(draftFrom(options))),
    );

  maintenance
    .command('cancel <id>')
    .description('cancel a maintenance window: one going on ends now')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print JSON')
    .action(async (id: string, options: Where & { json?: boolean }) =>
      printWindow(options.json, (await source(options)).cancel(windowId(id))),
    );

  addDraftOptions(
    maintenance
      .command('impact [id]')
      .description(
        'the services and customers a window will touch: a stored one by id, or a draft given by the schedule options',
      ),
  )
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, options: DraftOptions) => {
      const from = await source(options);
      const impact =
        id === undefined
          ? await from.preview({ ...draftFrom(options), title: options.title ?? 'draft' })
          : await from.impact(windowId(id));
      if (options.json) printJson(io, impact);
      else io.out(renderImpact(impact));
    });
}
