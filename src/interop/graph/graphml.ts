import type { ChainGraph } from './chain-graph.js';
import { nodeKey } from './level-style.js';

/**
 * Text for XML content and attribute values: the five special characters as entities, and
 * characters XML 1.0 does not allow (most control characters, lone surrogates, U+FFFE and
 * U+FFFF) left out, so any name gives a well-formed document.
 */
export function xmlText(text: string): string {
  return (
    text
      .replace(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML forbids is the point
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
        '',
      )
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
      // Line ends inside attribute values would be normalised to spaces by a reader.
      .replaceAll('\r', '&#13;')
      .replaceAll('\n', '&#10;')
      .replaceAll('\t', '&#9;')
  );
}

const KEYS = [
  ['type', 'node', 'string'],
  ['name', 'node', 'string'],
  ['label', 'node', 'string'],
  ['kind', 'node', 'string'],
  ['lifecycle', 'node', 'string'],
  ['provider', 'node', 'string'],
  ['level', 'node', 'string'],
  ['maintenance', 'node', 'boolean'],
  ['acknowledged', 'node', 'boolean'],
  ['hop', 'node', 'int'],
  ['relation', 'edge', 'string'],
  ['impact', 'edge', 'string'],
] as const;

/**
 * The graph as GraphML (yEd, Gephi, Cytoscape read it): nodes `service:ID` and `party:ID` with
 * their fields and status as data, directed edges from consumer to supporter.
 */
export function graphToGraphml(graph: ChainGraph): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...KEYS.map(
      ([name, on, type]) =>
        `  <key id="${name}" for="${on}" attr.name="${name}" attr.type="${type}"/>`,
    ),
    '  <graph id="servicechain" edgedefault="directed">',
  ];
  const data = (fields: Record<string, string | number | boolean | undefined>) =>
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `      <data key="${key}">${xmlText(String(value))}</data>`);
  for (const s of graph.services) {
    lines.push(`    <node id="${xmlText(nodeKey('service', s.id))}">`);
    lines.push(
      ...data({
        type: 'service',
        name: s.name,
        label: s.label,
        lifecycle: s.lifecycle,
        provider: s.provider,
        level: s.level,
        maintenance: s.maintenance,
        acknowledged: s.acknowledged,
        hop: s.hop,
      }),
    );
    lines.push('    </node>');
  }
  for (const p of graph.parties) {
    lines.push(`    <node id="${xmlText(nodeKey('party', p.id))}">`);
    lines.push(...data({ type: 'party', name: p.name, kind: p.kind }));
    lines.push('    </node>');
  }
  graph.edges.forEach((e, i) => {
    const source = nodeKey(e.kind === 'consumes' ? 'party' : 'service', e.from);
    lines.push(
      `    <edge id="e${i}" source="${xmlText(source)}" target="${xmlText(nodeKey('service', e.to))}">`,
    );
    lines.push(...data({ relation: e.kind, impact: e.impact }));
    lines.push('    </edge>');
  });
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}
