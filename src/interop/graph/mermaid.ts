import { STATUS_LEVELS } from '../../model/levels.js';
import type { ChainGraph } from './chain-graph.js';
import { LEVEL_COLORS, statusText } from './level-style.js';

/**
 * Text for a quoted Mermaid label. Mermaid reads `#…;` as an entity and may render labels as
 * HTML, so the characters that could end the quote, start an entity, a comment or markup, or
 * an edge label are written as numeric entities; line breaks become `<br>`.
 */
export function mermaidText(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/["#&<>%`|\\;[\]{}()]/g, (ch) => `#${ch.codePointAt(0)};`)
      .replace(/\r\n|\r|\n/g, '<br>')
  );
}

/**
 * The graph as a Mermaid flowchart. Node ids are generated (`s0`, `p0`…), never taken from
 * names or ids; every label is quoted and escaped by `mermaidText`; levels are classes.
 */
export function graphToMermaid(graph: ChainGraph): string {
  const lines = ['flowchart TB'];
  const ids = new Map<string, string>();
  graph.services.forEach((s, i) => {
    ids.set(`service:${s.id}`, `s${i}`);
    const label = `${mermaidText(s.name)}<br>${mermaidText(s.id)} · ${mermaidText(statusText(s))}`;
    lines.push(`  s${i}["${label}"]:::${s.level}`);
  });
  graph.parties.forEach((p, i) => {
    ids.set(`party:${p.id}`, `p${i}`);
    lines.push(`  p${i}(["${mermaidText(p.name)}<br>${mermaidText(p.kind)}"])`);
  });
  for (const e of graph.edges) {
    const from = ids.get(`${e.kind === 'consumes' ? 'party' : 'service'}:${e.from}`);
    const to = ids.get(`service:${e.to}`);
    if (e.kind === 'consumes') lines.push(`  ${from} -.-> ${to}`);
    else if (e.impact && e.impact !== 'as-is')
      lines.push(`  ${from} -->|"${mermaidText(e.impact)}"| ${to}`);
    else lines.push(`  ${from} --> ${to}`);
  }
  for (const level of STATUS_LEVELS)
    lines.push(`  classDef ${level} fill:${LEVEL_COLORS[level]},color:#fff`);
  return `${lines.join('\n')}\n`;
}
