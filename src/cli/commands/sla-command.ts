import type { Command } from 'commander';
import { availabilityCsv } from '../../availability/csv.js';
import type { AvailabilityFigures } from '../../availability/tally.js';
import { availabilitySource, wholeAnswer } from '../availability-source.js';
import { type Io, printJson, renderTable, terminalSafe } from '../output.js';
import { SERVER_OPTION, type SourceOptions } from '../query-source.js';
import { CommanderUsage } from './chain-commands.js';

interface SlaOptions extends SourceOptions {
  period: string;
  service?: string;
  customer?: string;
  zone?: string;
  weights?: string;
  json?: boolean;
  csv?: boolean;
}

const COLUMNS = [
  'AVAILABILITY',
  'SLO',
  'MET',
  'DOWN MIN',
  'PLANNED MIN',
  'BUDGET LEFT MIN',
  'BURN',
  'INCIDENTS',
  'MTTR MIN',
  'MTBF MIN',
];

/** `sla`: availability, SLO and error budget over a period (docs/availability.md). */
export function registerSlaCommand(program: Command, io: Io): void {
  program
    .command('sla')
    .description('availability, SLO and error budget over a period, per service or per customer')
    .requiredOption(
      '--period <period>',
      '2026, 2026-Q4, 2026-10, 2026-W41, 2026-10-05, or FROM..TO (dates or times)',
    )
    .option('--service <id>', 'only this service')
    .option('--customer <id>', 'this party, as it experiences everything it consumes')
    .option('--zone <zone>', 'the IANA time zone the period is read in (default UTC)')
    .option('--weights <list>', 'downtime weights, e.g. partial_outage:0.5,degraded:0.1')
    .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON (the API answer)')
    .option('--csv', 'print as CSV (a row per service, or per customer and subscription)')
    .action(async (options: SlaOptions) => {
      if (options.json && options.csv) throw new CommanderUsage('--json and --csv: choose one');
      if (options.service !== undefined && options.customer !== undefined)
        throw new CommanderUsage('--service and --customer: choose one');
      const source = await availabilitySource(options);
      const answer = await wholeAnswer(source, {
        period: options.period,
        ...(options.zone !== undefined && { zone: options.zone }),
        ...(options.service !== undefined && { service: options.service }),
        ...(options.customer !== undefined && { customer: options.customer }),
        ...(options.weights !== undefined && { weights: options.weights }),
      });
      if (options.json) return printJson(io, answer);
      if (options.csv) return io.out(availabilityCsv(answer.services, answer.customers));
      const { period } = answer;
      io.out(
        `Availability ${terminalSafe(period.label)} in ${terminalSafe(period.zone)}: ${period.from} to ${period.to}${period.partial ? `, up to ${period.end} (running)` : ''}`,
      );
      if (answer.services.length > 0)
        io.out(
          renderTable(
            ['SERVICE', ...COLUMNS],
            answer.services.map((s) => [s.service, ...cells(s)]),
          ),
        );
      for (const customer of answer.customers) {
        io.out(
          `\nCustomer ${terminalSafe(customer.party)} (${terminalSafe(customer.name)}), everything it consumes:`,
        );
        io.out(
          renderTable(['CUSTOMER', ...COLUMNS], [[customer.party, ...cells(customer.combined)]]),
        );
        io.out('\nPer subscription:');
        io.out(
          renderTable(
            ['SERVICE', ...COLUMNS],
            customer.subscriptions.map((s) => [s.service, ...cells(s)]),
          ),
        );
      }
    });
}

function cells(f: AvailabilityFigures): string[] {
  const show = (value: number | null | undefined, suffix = '') =>
    value === null || value === undefined ? '-' : `${value}${suffix}`;
  return [
    show(f.availability === null ? null : Number(f.availability.toFixed(4)), '%'),
    show(f.slo, '%'),
    f.met === null ? '-' : f.met ? 'yes' : 'NO',
    show(f.downtimeMinutes),
    show(f.plannedMinutes),
    show(f.errorBudget?.leftMinutes),
    show(f.burnRate),
    String(f.incidents),
    show(f.mttrMinutes),
    show(f.mtbfMinutes),
  ];
}
