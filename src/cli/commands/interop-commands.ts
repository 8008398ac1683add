import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isEmptyPlan, planToChanges } from '../../as-code/plan.js';
import { buildEngine } from '../../engine/index.js';
import { readCatalogPath } from '../../interop/backstage/import-backstage.js';
import { CSV_KINDS, type CsvKind, csvFileName, modelToCsv } from '../../interop/csv/csv-tables.js';
import { readCsvInputs, readCsvModel } from '../../interop/csv/import-csv.js';
import { chainGraph } from '../../interop/graph/chain-graph.js';
import { isGraphFormat, renderGraph } from '../../interop/graph/graph-formats.js';
import { type ImportSource, planImport } from '../../interop/import-plan.js';
import type { Model } from '../../model/entities.js';
import { formatProblem, type Problem } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { dataDirFrom, openDataStore } from '../data-store.js';
import { type Io, printJson, printProblems } from '../output.js';
import { CommanderUsage } from './chain-commands.js';
import { cliActor, renderPlan } from './model-commands.js';

interface ImportFlags {
  allowPartial?: boolean;
  dryRun?: boolean;
  prune?: boolean;
  json?: boolean;
  data?: string;
}

type Reader = (
  current: Model,
  progress: (read: number) => void,
  prune: boolean,
) => Promise<{ ok: true; source: ImportSource } | { ok: false; problems: Problem[] }>;

/** `import backstage PATH` and `import csv PATH`: catalogs from other tools, planned like `apply`. */
export function registerInteropCommands(
  program: Command,
  io: Io,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('import')
    .description('bring in a catalog from another tool, planned and applied like apply');
  const common = (sub: Command) =>
    sub
      .option('--allow-partial', 'import what is sound and list what was left out')
      .option('--dry-run', 'show the plan only; write nothing')
      .option('--prune', 'also delete what the import does not mention')
      .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
      .option('--json', 'print { applied, read, skipped, plan, problems } as JSON')
      .exitOverride();
  common(
    command
      .command('backstage')
      .description('import Backstage catalog-info.yaml files (a file or a folder of them)')
      .argument('<path>', 'a catalog file or a folder of them'),
  ).action(async (path: string, flags: ImportFlags) => {
    await runImport(path, flags, io, setExit, async (current, progress) => {
      const storedParties = new Set(current.parties.map((p) => p.id));
      return readCatalogPath(path, { storedParties, onProgress: progress });
    });
  });
  common(
    command
      .command('csv')
      .description('import services.csv, parties.csv, dependencies.csv, subscriptions.csv')
      .argument('<path>', 'a folder holding them, or one file')
      .option('--kind <kind>', `only this table: ${CSV_KINDS.join(', ')}`),
  ).action(async (path: string, flags: ImportFlags & { kind?: string }) => {
    const kind = flags.kind === undefined ? undefined : csvKind(flags.kind);
    await runImport(path, flags, io, setExit, async (current, progress, prune) => {
      const read = await readCsvInputs(path, kind);
      if (read.problems.length > 0) return { ok: false, problems: read.problems };
      return {
        ok: true,
        source: readCsvModel(read.inputs, { current, prune, onProgress: progress }),
      };
    });
  });
}

function csvKind(value: string): CsvKind {
  const kind = CSV_KINDS.find((k) => k === value);
  if (!kind) throw new CommanderUsage(`--kind: '${value}' is not one of ${CSV_KINDS.join(', ')}`);
  return kind;
}

async function runImport(
  path: string,
  flags: ImportFlags,
  io: Io,
  setExit: (code: number) => void,
  read: Reader,
): Promise<void> {
  const store = await openDataStore(dataDirFrom(flags.data));
  try {
    io.err(`reading ${path} …`);
    const current = await store.loadModel();
    const prune = flags.prune ?? false;
    const progress = (count: number) => io.err(`read ${count} entities …`);
    const result = await read(current, progress, prune);
    const outcome = result.ok
      ? planImport(result.source, current, { prune, allowPartial: flags.allowPartial ?? false })
      : result;
    if (!outcome.ok) {
      if (flags.json) printJson(io, { applied: false, problems: outcome.problems });
      else printProblems(io, outcome.problems);
      setExit(1);
      return;
    }
    const source = (result as { source: ImportSource }).source;
    if (!flags.json) reportLeftOut(io, outcome.leftOut, source);
    const apply = !flags.dryRun && !isEmptyPlan(outcome.plan);
    if (apply) await applyPlan(store, io, outcome.plan, outcome.desired);
    if (flags.json) {
      printJson(io, {
        applied: apply,
        read: source.read,
        skipped: source.skipped,
        plan: outcome.plan,
        problems: outcome.leftOut,
      });
    } else if (isEmptyPlan(outcome.plan)) {
      io.out('No changes: the store already matches the import.');
    } else {
      io.out(`${apply ? 'Applied. ' : 'Dry run, nothing written. '}${renderPlan(outcome.plan)}`);
    }
  } finally {
    await store.close();
  }
}

function reportLeftOut(io: Io, leftOut: readonly Problem[], source: ImportSource): void {
  for (const problem of leftOut) io.err(`warning: ${formatProblem(problem)}`);
  if (leftOut.length > 0)
    io.err(
      `${leftOut.length} problem${leftOut.length === 1 ? '' : 's'}: what they point at is left out of the import.`,
    );
  const skipped = source.skipped.length > 0 ? `; skipped ${source.skipped.join(', ')}` : '';
  io.err(`read ${source.read} entit${source.read === 1 ? 'y' : 'ies'}${skipped}`);
}

async function applyPlan(
  store: Store,
  io: Io,
  plan: Parameters<typeof planToChanges>[0],
  desired: Model,
): Promise<void> {
  const changes = planToChanges(plan, desired);
  io.err(
    `applying ${changes.length} change${changes.length === 1 ? '' : 's'} in one transaction …`,
  );
  await store.applyChanges(changes, { id: cliActor() });
}

export interface ExportFlags {
  format: string;
  out?: string;
  around?: string;
  depth?: string;
  data?: string;
}

/**
 * `export --format dot|mermaid|graphml|json|csv`: the chain (around a service, to a depth) as a
 * graph with statuses, or the model as CSV tables. Graphs go to stdout or the `--out` file; CSV
 * needs an `--out` folder for its four files.
 */
export async function exportFormatted(flags: ExportFlags, io: Io): Promise<void> {
  const { format } = flags;
  const graph = isGraphFormat(format);
  if (!graph && format !== 'csv')
    throw new CommanderUsage(
      `--format: '${format}' is not one of yaml, json, dot, mermaid, graphml, csv`,
    );
  if (!graph && (flags.around !== undefined || flags.depth !== undefined))
    throw new CommanderUsage('--around and --depth apply to the graph formats only');
  if (flags.depth !== undefined && flags.around === undefined)
    throw new CommanderUsage('--depth needs --around');
  const depth = flags.depth === undefined ? undefined : parseDepth(flags.depth);
  if (format === 'csv' && !flags.out)
    throw new CommanderUsage('--format csv writes four files: give a folder with --out');
  const store = await openDataStore(dataDirFrom(flags.data));
  try {
    const model = await store.loadModel();
    if (!graph) {
      const out = flags.out as string;
      const texts = modelToCsv(model);
      await mkdir(out, { recursive: true });
      for (const kind of CSV_KINDS) await writeFile(join(out, csvFileName(kind)), texts[kind]);
      io.err(`wrote ${CSV_KINDS.map(csvFileName).join(', ')} to ${out}`);
      return;
    }
    const engine = buildEngine(await store.loadCompactModel());
    const options =
      depth === undefined ? { around: flags.around } : { around: flags.around, depth };
    const text = renderGraph(chainGraph(model, engine, options), format);
    if (!flags.out) {
      io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
      return;
    }
    await writeFile(flags.out, text);
    io.err(`wrote ${format} to ${flags.out}`);
  } finally {
    await store.close();
  }
}

function parseDepth(value: string): number {
  const depth = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(depth))
    throw new CommanderUsage(`--depth: '${value}' is not a whole number of 0 or more`);
  return depth;
}
