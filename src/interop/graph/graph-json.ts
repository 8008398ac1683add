import type { ChainGraph } from './chain-graph.js';

/**
 * The graph as JSON: `{ around?, depth?, services, parties, edges }`. `<`, `>`, `&` and the
 * two Unicode line separators are written as `\u` escapes (still the same JSON value), so the
 * text can also be embedded in an HTML page or a script without ending it.
 */
export function graphToJson(graph: ChainGraph): string {
  const text = JSON.stringify(graph, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );
  return `${text}\n`;
}
