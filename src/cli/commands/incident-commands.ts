import type { Command } from 'commander';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../incidents/types.js';
import type { IncidentDraft, IncidentFieldChange } from '../../incidents/validate.js';
import type { IncidentQuery } from '../../store/incident-store.js';
import { type IncidentSource, incidentSource, type ShownIncident } from '../incident-source.js';
import { type Io, printJson, renderTable, terminalSafe } from '../output.js';
import { SERVER_OPTION } from '../query-source.js';
import { CommanderUsage } from './chain-commands.js';

const DATA_OPTION = [
  '--data <dir>',
  'the data folder (env SERVICECHAIN_DATA; default ./data)',
] as const;

type Where = { data?: string; server?: string };

/** `--impact SERVICE=LEVEL` options gathered into affected services. */
function collectImpact(
  value: string,
  list: { service: string; impact: string }[],
): { service: string; impact: string }[] {
  const at = value.lastIndexOf('=');
  if (at <= 0)
    throw new CommanderUsage(
      `--impact: '${value}' is not SERVICE=LEVEL (LEVEL: ${INCIDENT_IMPACTS.join(', ')})`,
    );
  return [...list, { service: value.slice(0, at), impact: value.slice(at + 1) }];
}

function collectSignal(value: string, list: number[]): number[] {
  if (!/^[1-9][0-9]{0,14}$/.test(value))
    throw new CommanderUsage(`--signal: '${value}' is not a signal id`);
  return [...list, Number(value)];
}

function incidentId(value: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(value))
    throw new CommanderUsage(`'${value}' is not an incident id (a whole number from 1)`);
  return Number(value);
}

/** An incident for people: its fields, then its log oldest first. */
export function renderIncident(incident: ShownIncident): string {
  const lines = [
    `incident ${incident.id}: ${terminalSafe(incident.title)}`,
    `  status      ${incident.status}${incident.resolvedAt ? ` (resolved ${incident.resolvedAt})` : ''}`,
    `  visibility  ${incident.visibility}`,
    `  opened      ${incident.createdAt} by ${terminalSafe(incident.author)}`,
    `  services    ${incident.services.map((s) => `${s.service} (${s.impact})`).join(', ') || '(none)'}`,
    `  signals     ${incident.signals.join(', ') || '(none)'}`,
    `  postmortem  ${incident.postmortem === null ? '(none)' : `${incident.postmortem.length} characters`}`,
    '',
    renderTable(
      ['AT', 'STATUS', 'BY', 'MESSAGE'],
      incident.updates.map((u) => [u.at, u.status, u.author, u.message]),
    ),
  ];
  return lines.join('\n');
}

async function print(io: Io, json: boolean | undefined, incident: Promise<ShownIncident>) {
  const shown = await incident;
  if (json) printJson(io, shown);
  else io.out(renderIncident(shown));
}

/** `incident list|show|open|update|resolve`, on a data folder or a server. */
export function registerIncidentCommands(program: Command, io: Io): void {
  const incident = program
    .command('incident')
    .description('incidents: open, update and resolve them; their impact drives status');
  const source = (options: Where): Promise<IncidentSource> => incidentSource(options);

  incident
    .command('list')
    .description('incidents, newest first')
    .option('--open', 'only those not resolved')
    .option('--resolved', 'only resolved ones')
    .option('--service <id>', 'only those naming this service')
    .option('--visibility <visibility>', 'internal or public')
    .option('--limit <n>', 'at most this many (1 to 500)', '50')
    .option('--before <id>', 'only incidents older than this id (the next page)')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(
      async (
        options: Where & {
          open?: boolean;
          resolved?: boolean;
          service?: string;
          visibility?: string;
          limit: string;
          before?: string;
          json?: boolean;
        },
      ) => {
        if (options.open && options.resolved)
          throw new CommanderUsage('choose one of --open and --resolved');
        if (!/^[1-9][0-9]{0,2}$/.test(options.limit))
          throw new CommanderUsage(
            `--limit: '${options.limit}' is not a whole number from 1 to 500`,
          );
        const query: IncidentQuery = {
          limit: Number(options.limit),
          ...(options.open && { state: 'open' as const }),
          ...(options.resolved && { state: 'resolved' as const }),
          ...(options.service !== undefined && { service: options.service }),
          ...(options.visibility !== undefined && {
            visibility: options.visibility as IncidentQuery['visibility'],
          }),
          ...(options.before !== undefined && { before: incidentId(options.before) }),
        };
        const page = await (await source(options)).list(query);
        if (options.json) return printJson(io, page);
        io.out(
          renderTable(
            ['ID', 'STATUS', 'OPENED', 'SERVICES', 'TITLE'],
            page.items.map((i) => [
              String(i.id),
              i.status,
              i.createdAt,
              i.services.map((s) => `${s.service}:${s.impact}`).join(',') || '-',
              i.title,
            ]),
          ),
        );
        if (page.nextBefore !== null) io.out(`more: --before ${page.nextBefore}`);
      },
    );

  incident
    .command('show')
    .description('one incident with its updates')
    .argument('<id>', 'an incident id')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON (with the root cause)')
    .action(async (id: string, options: Where & { json?: boolean }) =>
      print(io, options.json, (await source(options)).show(incidentId(id))),
    );

  incident
    .command('open')
    .description('open an incident; each --impact joins that service status until resolved')
    .requiredOption('--title <text>', 'what is wrong, in a line')
    .requiredOption('--message <text>', 'the first update')
    .option(
      '--impact <service=level>',
      `an affected service and its impact (${INCIDENT_IMPACTS.join(', ')}); repeatable`,
      collectImpact,
      [],
    )
    .option('--status <status>', 'investigating (default), identified or monitoring')
    .option('--visibility <visibility>', 'internal (default) or public')
    .option('--signal <id>', 'a stored signal that led to it (repeatable)', collectSignal, [])
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(
      async (
        options: Where & {
          title: string;
          message: string;
          impact: { service: string; impact: string }[];
          status?: string;
          visibility?: string;
          signal: number[];
          json?: boolean;
        },
      ) => {
        const draft = {
          title: options.title,
          message: options.message,
          services: options.impact,
          ...(options.status !== undefined && { status: options.status }),
          ...(options.visibility !== undefined && { visibility: options.visibility }),
          ...(options.signal.length > 0 && { signals: options.signal }),
        } as IncidentDraft;
        await print(io, options.json, (await source(options)).open(draft));
      },
    );

  incident
    .command('update')
    .description('add an update (a message and the status it moves to), or change fields')
    .argument('<id>', 'an incident id')
    .option('--message <text>', 'what is new')
    .option('--status <status>', `the status it moves to: ${INCIDENT_STATUSES.join(', ')}`)
    .option('--reopen', 'move a resolved incident back to an open status')
    .option('--title <text>', 'a new title')
    .option('--visibility <visibility>', 'internal or public')
    .option(
      '--impact <service=level>',
      'replace the affected services (repeatable); services left out stop carrying its impact',
      collectImpact,
      [],
    )
    .option('--no-services', 'take every service off the incident')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(
      async (
        id: string,
        options: Where & {
          message?: string;
          status?: string;
          reopen?: boolean;
          title?: string;
          visibility?: string;
          impact: { service: string; impact: string }[];
          services: boolean;
          json?: boolean;
        },
      ) => {
        const number = incidentId(id);
        if (!options.services && options.impact.length > 0)
          throw new CommanderUsage('--no-services and --impact do not go together');
        const change = {
          ...(options.title !== undefined && { title: options.title }),
          ...(options.visibility !== undefined && { visibility: options.visibility }),
          ...(options.impact.length > 0 && { services: options.impact }),
          ...(!options.services && { services: [] }),
        } as IncidentFieldChange;
        const changesFields = Object.keys(change).length > 0;
        if (options.message === undefined && (options.status || options.reopen))
          throw new CommanderUsage('--status and --reopen need --message: say what changed');
        if (options.message === undefined && !changesFields)
          throw new CommanderUsage(
            'give --message (with --status to move it), or fields to change (--title, --visibility, --impact)',
          );
        const where = await source(options);
        let shown: ShownIncident | undefined;
        if (changesFields) shown = await where.change(number, change);
        if (options.message !== undefined)
          shown = await where.addUpdate(number, {
            message: options.message,
            ...(options.status !== undefined && {
              status: options.status as ShownIncident['status'],
            }),
            ...(options.reopen && { reopen: true }),
          });
        await print(io, options.json, Promise.resolve(shown as ShownIncident));
      },
    );

  incident
    .command('resolve')
    .description('resolve an incident: its impact leaves the services at once')
    .argument('<id>', 'an incident id')
    .requiredOption('--message <text>', 'the last update')
    .option(...DATA_OPTION)
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(async (id: string, options: Where & { message: string; json?: boolean }) =>
      print(io, options.json, (await source(options)).resolve(incidentId(id), options.message)),
    );
}
