import { mkdir, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { modelToDocuments, modelToYaml } from '../../as-code/export-model.js';
import { planFiles, planSources } from '../../as-code/model-files.js';
import { isEmptyPlan, type Plan, planToChanges } from '../../as-code/plan.js';
import { readSources } from '../../as-code/source-files.js';
import { emptyModel } from '../../model/entities.js';
import { dataDirFrom, openDataStore } from '../data-store.js';
import {
  formatValue,
  type Io,
  printJson,
  printProblems,
  renderTable,
  terminalSafe,
} from '../output.js';
import { querySource, SERVER_OPTION } from '../query-source.js';
import { CommanderUsage } from './chain-commands.js';
import { type ExportFlags, exportFormatted } from './interop-commands.js';

/** `validate`, `plan`, `apply` and `export`: the model as files. */
export function registerModelCommands(
  program: Command,
  io: Io,
  setExit: (code: number) => void,
): void {
  program
    .command('validate')
    .description('check model files on their own: every reference must resolve within them')
    .argument('<path>', 'a model file or a folder of them')
    .option('--json', 'print the result as JSON')
    .action(async (path: string, options: { json?: boolean }) => {
      const read = await readSources(path);
      const outcome =
        read.problems.length > 0
          ? { ok: false as const, problems: read.problems }
          : planSources(read.sources, emptyModel(), { prune: true });
      if (!outcome.ok) {
        if (options.json) printJson(io, { valid: false, problems: outcome.problems });
        else printProblems(io, outcome.problems);
        setExit(1);
        return;
      }
      const { declared } = outcome.value;
      const counts = {
        parties: declared.parties.length,
        services: declared.services.length,
        dependencies: declared.dependencies.length,
        subscriptions: declared.subscriptions.length,
      };
      if (options.json) printJson(io, { valid: true, ...counts });
      else
        io.out(
          `valid: ${counts.services} services, ${counts.parties} parties, ${counts.dependencies} dependencies, ${counts.subscriptions} subscriptions in ${read.sources.length} file${read.sources.length === 1 ? '' : 's'}`,
        );
    });

  program
    .command('plan')
    .description('show what applying model files would change in the store')
    .argument('<path>', 'a model file or a folder of them')
    .option('--prune', 'also delete what the files do not mention')
    .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
    .option('--json', 'print { created, changed, deleted } as JSON')
    .action(async (path: string, options: { prune?: boolean; data?: string; json?: boolean }) => {
      const store = await openDataStore(dataDirFrom(options.data));
      try {
        const outcome = await planFiles(path, await store.loadModel(), {
          prune: options.prune ?? false,
        });
        if (!outcome.ok) {
          printProblems(io, outcome.problems);
          setExit(1);
          return;
        }
        if (options.json) printJson(io, outcome.value.plan);
        else io.out(renderPlan(outcome.value.plan));
      } finally {
        await store.close();
      }
    });

  program
    .command('apply')
    .description('apply model files to the store, all or nothing')
    .argument('<path>', 'a model file or a folder of them')
    .option('--prune', 'also delete what the files do not mention')
    .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
    .option('--json', 'print the applied plan as JSON')
    .action(async (path: string, options: { prune?: boolean; data?: string; json?: boolean }) => {
      const store = await openDataStore(dataDirFrom(options.data));
      try {
        io.err(`reading ${path} …`);
        const outcome = await planFiles(path, await store.loadModel(), {
          prune: options.prune ?? false,
        });
        if (!outcome.ok) {
          printProblems(io, outcome.problems);
          setExit(1);
          return;
        }
        const { plan, desired } = outcome.value;
        if (!isEmptyPlan(plan)) {
          const changes = planToChanges(plan, desired);
          io.err(
            `applying ${changes.length} change${changes.length === 1 ? '' : 's'} in one transaction …`,
          );
          await store.applyChanges(changes, { id: cliActor() });
        }
        if (options.json) printJson(io, plan);
        else
          io.out(
            isEmptyPlan(plan)
              ? 'No changes: the store already matches the files.'
              : `Applied. ${renderPlan(plan)}`,
          );
      } finally {
        await store.close();
      }
    });

  program
    .command('export')
    .description('write the stored model as files that apply back unchanged, as CSV, or as a graph')
    .option('--format <format>', 'yaml (default), json, dot, mermaid, graphml or csv')
    .option(
      '--out <path>',
      'the folder for yaml (parties.yaml, services.yaml) and csv; the file for a graph',
    )
    .option('--around <id>', 'graphs: only the chain through this service')
    .option('--depth <n>', 'graphs: with --around, at most n hops each way')
    .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
    .option(...SERVER_OPTION)
    .option('--json', 'print the model documents as JSON (not the json graph: see --format)')
    .action(
      async (
        options: Omit<ExportFlags, 'format'> & { format?: string; json?: boolean; server?: string },
      ) => {
        if (options.format !== undefined && options.format !== 'yaml') {
          if (options.json) throw new CommanderUsage('--json and --format do not go together');
          if (options.server !== undefined)
            throw new CommanderUsage('--server works with the yaml format and --json only');
          await exportFormatted({ ...options, format: options.format }, io);
          return;
        }
        if (options.around !== undefined || options.depth !== undefined)
          throw new CommanderUsage('--around and --depth apply to the graph formats only');
        const model = await (await querySource(options)).model();
        if (options.json) {
          printJson(io, modelToDocuments(model));
          return;
        }
        const yaml = modelToYaml(model);
        if (!options.out) {
          io.out(yaml.all);
          return;
        }
        await mkdir(options.out, { recursive: true });
        await writeFile(join(options.out, 'parties.yaml'), yaml.parties);
        await writeFile(join(options.out, 'services.yaml'), yaml.services);
        io.err(
          `wrote ${model.parties.length} parties and ${model.services.length} services to ${options.out}`,
        );
      },
    );
}

/** Who the CLI acts as, for the audit log. */
export function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user entry (some containers): the host still tells where the change came from.
  }
  return `cli:${user}@${hostname()}`;
}

/** A plan as text, Terraform-style: `+` created, `~` changed (with each field), `-` deleted. */
export function renderPlan(plan: Plan): string {
  const summary = `Plan: ${plan.created.length} to create, ${plan.changed.length} to change, ${plan.deleted.length} to delete.`;
  const rows: string[][] = [];
  const notes = new Map<number, string[]>();
  const add = (mark: string, entry: Plan['created'][number]) =>
    rows.push([`  ${mark}`, entry.kind, entry.key, entry.name]);
  for (const entry of plan.created) add('+', entry);
  for (const entry of plan.changed) {
    add('~', entry);
    notes.set(
      rows.length - 1,
      entry.fields.map(
        (f) =>
          `      ${f.field}: ${terminalSafe(formatValue(f.before))} -> ${terminalSafe(formatValue(f.after))}`,
      ),
    );
  }
  for (const entry of plan.deleted) add('-', entry);
  if (rows.length === 0) return summary;
  const lines = renderTable(['', '', '', ''], rows).split('\n').slice(1);
  return [summary, ...lines.flatMap((line, i) => [line, ...(notes.get(i) ?? [])])].join('\n');
}
