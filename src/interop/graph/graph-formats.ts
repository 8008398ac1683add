import type { ChainGraph } from './chain-graph.js';
import { graphToDot } from './dot.js';
import { graphToJson } from './graph-json.js';
import { graphToGraphml } from './graphml.js';
import { graphToMermaid } from './mermaid.js';

export const GRAPH_FORMATS = ['dot', 'mermaid', 'graphml', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The usual file extension of each format, for `--out` folders. */
export const GRAPH_EXTENSIONS: Readonly<Record<GraphFormat, string>> = {
  dot: 'dot',
  mermaid: 'mmd',
  graphml: 'graphml',
  json: 'json',
};

export function isGraphFormat(value: string): value is GraphFormat {
  return (GRAPH_FORMATS as readonly string[]).includes(value);
}

/** The graph written in one of the formats. */
export function renderGraph(graph: ChainGraph, format: GraphFormat): string {
  switch (format) {
    case 'dot':
      return graphToDot(graph);
    case 'mermaid':
      return graphToMermaid(graph);
    case 'graphml':
      return graphToGraphml(graph);
    case 'json':
      return graphToJson(graph);
  }
}
