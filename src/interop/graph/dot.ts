import type { ChainGraph } from './chain-graph.js';
import { LEVEL_COLORS, nodeKey, statusText } from './level-style.js';

/**
 * A DOT quoted string. Inside quotes DOT reads `\"` and, in labels, escapes such as `\n`, `\l`
 * and `\N`; so every backslash and quote is escaped, line breaks become `\n`, and other control
 * characters are dropped, so no name can end the string or inject attributes.
 */
export function dotString(text: string): string {
  const escaped = text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '');
  return `"${escaped}"`;
}

/**
 * The graph in Graphviz DOT: services as boxes filled with their level's colour (dashed when in
 * maintenance), subscribed parties as ellipses, dependencies pointing from consumer to
 * supporter, labelled with their impact unless `as-is`.
 */
export function graphToDot(graph: ChainGraph): string {
  const lines = [
    'digraph servicechain {',
    '  rankdir=TB;',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
  ];
  for (const s of graph.services) {
    const label = `${s.name}\n${s.id} · ${s.label}\n${statusText(s)}`;
    const style = s.maintenance ? 'rounded,filled,dashed' : 'rounded,filled';
    const border = graph.around === s.id ? ', penwidth=3' : '';
    lines.push(
      `  ${dotString(nodeKey('service', s.id))} [label=${dotString(label)}, fillcolor=${dotString(LEVEL_COLORS[s.level])}, style=${dotString(style)}${border}];`,
    );
  }
  for (const p of graph.parties) {
    lines.push(
      `  ${dotString(nodeKey('party', p.id))} [label=${dotString(`${p.name}\n${p.kind}`)}, shape=ellipse, style=solid];`,
    );
  }
  for (const e of graph.edges) {
    const from = nodeKey(e.kind === 'consumes' ? 'party' : 'service', e.from);
    const attributes =
      e.kind === 'consumes'
        ? ' [style=dotted, arrowhead=open]'
        : e.impact && e.impact !== 'as-is'
          ? ` [label=${dotString(e.impact)}]`
          : '';
    lines.push(`  ${dotString(from)} -> ${dotString(nodeKey('service', e.to))}${attributes};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
