import type { Command } from 'commander';
import { type ChainNode, chainTree } from '../../model/chain.js';
import { NotFoundError } from '../../model/errors.js';
import { ModelIndex } from '../../model/model-index.js';
import { didYouMean } from '../../model/suggest.js';
import { type Io, printJson, terminalSafe } from '../output.js';
import { querySource, SERVER_OPTION, type SourceOptions } from '../query-source.js';
import { describeParty, describeService } from './describe.js';

async function loadIndex(options: SourceOptions): Promise<ModelIndex> {
  return new ModelIndex(await (await querySource(options)).model());
}

/** `show` and `chain`: the model read as a graph of services and customers. */
export function registerChainCommands(program: Command, io: Io): void {
  program
    .command('show')
    .description('details of a service or a party: provider, customers, dependencies')
    .argument('<id>', 'a service or party id')
    .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
    .option(...SERVER_OPTION)
    .option('--json', 'print as JSON')
    .action(async (id: string, options: SourceOptions & { json?: boolean }) => {
      const index = await loadIndex(options);
      const view = index.services.has(id)
        ? describeService(index, id)
        : index.parties.has(id)
          ? describeParty(index, id)
          : undefined;
      if (!view)
        throw new NotFoundError(
          `no service or party '${id}'${didYouMean(id, [...index.services.keys(), ...index.parties.keys()])}`,
        );
      if (options.json) printJson(io, view.json);
      else io.out(view.text);
    });

  program
    .command('chain')
    .description('the chain of services and customers around a service, as a tree')
    .argument('<id>', 'a service id')
    .option('--up', 'towards consumers and customers (the default)')
    .option('--down', 'towards what the service rests on')
    .option('--depth <n>', 'stop after this many hops', parseDepth)
    .option('--data <dir>', 'data folder (env SERVICECHAIN_DATA, default ./data)')
    .option(...SERVER_OPTION)
    .option('--json', 'print the tree as JSON')
    .action(
      async (
        id: string,
        options: SourceOptions & { up?: boolean; down?: boolean; depth?: number; json?: boolean },
      ) => {
        if (options.up && options.down) throw new CommanderUsage('choose one of --up and --down');
        const index = await loadIndex(options);
        if (!index.services.has(id))
          throw new NotFoundError(`no service '${id}'${didYouMean(id, index.services.keys())}`);
        const tree = chainTree(index, id, options.down ? 'down' : 'up', options.depth);
        if (options.json) printJson(io, tree);
        else io.out(renderTree(tree));
      },
    );
}

/** A usage mistake the option parser could not catch; the CLI exits with 2. */
export class CommanderUsage extends Error {}

function parseDepth(value: string): number {
  const depth = Number(value);
  if (!Number.isInteger(depth) || depth < 0 || depth > 1000)
    throw new CommanderUsage(`--depth: '${value}' is not a whole number from 0 to 1000`);
  return depth;
}

/** A tree drawn with box characters, one node a line. */
export function renderTree(root: ChainNode): string {
  const lines: string[] = [nodeLine(root)];
  const pending: { node: ChainNode; prefix: string; last: boolean }[] = [];
  const pushChildren = (node: ChainNode, prefix: string) => {
    if (node.type !== 'service') return;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--)
      pending.push({ node: children[i] as ChainNode, prefix, last: i === children.length - 1 });
  };
  pushChildren(root, '');
  while (pending.length > 0) {
    const { node, prefix, last } = pending.pop() as {
      node: ChainNode;
      prefix: string;
      last: boolean;
    };
    lines.push(`${prefix}${last ? '└─ ' : '├─ '}${nodeLine(node)}`);
    pushChildren(node, `${prefix}${last ? '   ' : '│  '}`);
  }
  return lines.join('\n');
}

function nodeLine(node: ChainNode): string {
  if (node.type === 'party')
    return `customer ${terminalSafe(node.id)}  ${terminalSafe(node.name)} (${node.kind})`;
  let line = `${terminalSafe(node.id)}  ${terminalSafe(node.name)} [${terminalSafe(node.label)}]`;
  if (node.provider) line += `  provider: ${terminalSafe(node.provider)}`;
  if (node.impact) line += `  impact: ${terminalSafe(node.impact)}`;
  if (node.repeated) line += '  (expanded elsewhere in this tree)';
  if (node.truncated) line += '  …';
  return line;
}
