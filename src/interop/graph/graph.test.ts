import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.js';
import { sketchModel } from '../../engine/model-builder.test-helper.js';
import type { Model } from '../../model/entities.js';
import { NotFoundError } from '../../model/errors.js';
import { type ChainGraph, chainGraph } from './chain-graph.js';
import { dotString, graphToDot } from './dot.js';
import { graphToJson } from './graph-json.js';
import { graphToGraphml, xmlText } from './graphml.js';
import { graphToMermaid, mermaidText } from './mermaid.js';

const HOSTILE = 'Evil "app"\\n <b>&amp;</b> #35; | ; [x] {y} (z) `t` %%\nnext\r\x07';

function chainModel(): Model {
  const model = sketchModel({
    services: ['web', 'app', 'db', 'disk', 'other'],
    dependsOn: ['web->app', { from: 'app', to: 'db', impact: 'cap:degraded' }, 'db->disk'],
    parties: { shoppers: 'external' },
    subscriptions: ['shoppers->web'],
  });
  return model;
}

describe('chainGraph', () => {
  it('draws the whole model with statuses from the engine', () => {
    const model = chainModel();
    const engine = createEngine(model);
    engine.apply([{ type: 'signal', service: 'disk', key: 'k', level: 'major_outage' }], 1);
    const graph = chainGraph(model, engine);
    expect(graph.services.map((s) => [s.id, s.level])).toEqual([
      ['app', 'degraded'],
      ['db', 'major_outage'],
      ['disk', 'major_outage'],
      ['other', 'operational'],
      ['web', 'degraded'],
    ]);
    expect(graph.edges).toEqual([
      { kind: 'consumes', from: 'shoppers', to: 'web' },
      { kind: 'dependsOn', from: 'app', to: 'db', impact: 'cap:degraded' },
      { kind: 'dependsOn', from: 'db', to: 'disk', impact: 'as-is' },
      { kind: 'dependsOn', from: 'web', to: 'app', impact: 'as-is' },
    ]);
    expect(graph.parties).toEqual([{ id: 'shoppers', name: 'shoppers', kind: 'external' }]);
  });

  it('draws the chain around a service up to a depth, with hops each way', () => {
    const model = chainModel();
    const graph = chainGraph(model, createEngine(model), { around: 'app', depth: 1 });
    expect(graph.services.map((s) => [s.id, s.hop])).toEqual([
      ['app', 0],
      ['db', -1],
      ['web', 1],
    ]);
    expect(graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual([
      'shoppers->web',
      'app->db',
      'web->app',
    ]);
    const whole = chainGraph(model, createEngine(model), { around: 'db' });
    expect(whole.services.map((s) => s.id)).toEqual(['app', 'db', 'disk', 'web']);
  });

  it('refuses an unknown service, suggesting near ones', () => {
    const model = chainModel();
    const draw = () => chainGraph(model, createEngine(model), { around: 'dbb' });
    expect(draw).toThrow(NotFoundError);
    expect(draw).toThrow("no service 'dbb' (did you mean 'db' or 'web'?)");
  });
});

function hostileGraph(name = HOSTILE): ChainGraph {
  return {
    around: 'a',
    services: [
      {
        id: 'a',
        name,
        label: 'application',
        lifecycle: 'live',
        level: 'major_outage',
        maintenance: true,
        acknowledged: false,
      },
      {
        id: 'b',
        name: 'B',
        label: 'x',
        lifecycle: 'live',
        level: 'operational',
        maintenance: false,
        acknowledged: false,
      },
    ],
    parties: [{ id: 'a', name, kind: 'team' }],
    edges: [
      { kind: 'dependsOn', from: 'a', to: 'b', impact: 'major_outage->degraded' },
      { kind: 'consumes', from: 'a', to: 'a' },
    ],
  };
}

describe('DOT', () => {
  it('escapes quotes, backslashes and line breaks and drops control characters', () => {
    expect(dotString(HOSTILE)).toBe(
      '"Evil \\"app\\"\\\\n <b>&amp;</b> #35; | ; [x] {y} (z) `t` %%\\nnext\\n"',
    );
  });

  it('writes nodes by level colour and edges with their impact', () => {
    expect(graphToDot(hostileGraph('A'))).toBe(
      [
        'digraph servicechain {',
        '  rankdir=TB;',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
        '  "service:a" [label="A\\na · application\\nmajor_outage, maintenance", fillcolor="#c62828", style="rounded,filled,dashed", penwidth=3];',
        '  "service:b" [label="B\\nb · x\\noperational", fillcolor="#2e7d32", style="rounded,filled"];',
        '  "party:a" [label="A\\nteam", shape=ellipse, style=solid];',
        '  "service:a" -> "service:b" [label="major_outage->degraded"];',
        '  "party:a" -> "service:a" [style=dotted, arrowhead=open];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps every quoted string closed, whatever the name', () => {
    const quoted = /"(?:[^"\\\n]|\\.)*"/g;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (name) => {
        for (const line of graphToDot(hostileGraph(name)).split('\n')) {
          const outside = line.replace(quoted, 'Q');
          expect(outside).not.toMatch(/["\\]/);
        }
      }),
    );
  });
});

describe('Mermaid', () => {
  it('writes the characters that could break out of a label as entities', () => {
    expect(mermaidText(HOSTILE)).toBe(
      'Evil #34;app#34;#92;n #60;b#62;#38;amp#59;#60;/b#62; #35;35#59; #124; #59; #91;x#93; #123;y#125; #40;z#41; #96;t#96; #37;#37;<br>next<br>',
    );
  });

  it('uses generated node ids and level classes', () => {
    expect(graphToMermaid(hostileGraph('A'))).toBe(
      [
        'flowchart TB',
        '  s0["A<br>a · major_outage, maintenance"]:::major_outage',
        '  s1["B<br>b · operational"]:::operational',
        '  p0(["A<br>team"])',
        '  s0 -->|"major_outage-#62;degraded"| s1',
        '  p0 -.-> s0',
        '  classDef operational fill:#2e7d32,color:#fff',
        '  classDef unknown fill:#9e9e9e,color:#fff',
        '  classDef degraded fill:#f9a825,color:#fff',
        '  classDef partial_outage fill:#ef6c00,color:#fff',
        '  classDef major_outage fill:#c62828,color:#fff',
        '',
      ].join('\n'),
    );
  });

  it('never lets a name close its quote or start a comment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (name) => {
        const text = mermaidText(name);
        expect(text).not.toMatch(/["%`|\n\r]/);
        expect(text.replace(/#\d+;/g, '')).not.toContain('#');
        expect(text.replace(/<br>/g, '')).not.toMatch(/[<>]/);
      }),
    );
  });
});

/** What an XML reader gives back for escaped text. */
function xmlDecode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_m, name: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return named[name] ?? String.fromCodePoint(Number(name.slice(1)));
  });
}

describe('GraphML', () => {
  it('escapes the XML specials and leaves out characters XML forbids', () => {
    expect(xmlText(`a<b>&"c"'\x07\uFFFE\uD800z\n`)).toBe(
      'a&lt;b&gt;&amp;&quot;c&quot;&apos;z&#10;',
    );
  });

  it('writes keys, nodes with their data and directed edges', () => {
    const xml = graphToGraphml(hostileGraph('A & B'));
    expect(xml).toContain('<key id="level" for="node" attr.name="level" attr.type="string"/>');
    expect(xml).toContain(
      [
        '    <node id="service:a">',
        '      <data key="type">service</data>',
        '      <data key="name">A &amp; B</data>',
        '      <data key="label">application</data>',
        '      <data key="lifecycle">live</data>',
        '      <data key="level">major_outage</data>',
        '      <data key="maintenance">true</data>',
        '      <data key="acknowledged">false</data>',
        '    </node>',
      ].join('\n'),
    );
    expect(xml).toContain(
      '    <edge id="e1" source="party:a" target="service:a">\n      <data key="relation">consumes</data>\n    </edge>',
    );
  });

  it('gives back every allowed character of any name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (name) => {
        const xml = graphToGraphml(hostileGraph(name));
        const match = /<data key="name">([^<]*)<\/data>/.exec(xml);
        const allowed = name.replace(
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML forbids
          /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
          '',
        );
        expect(xmlDecode(match?.[1] ?? '')).toBe(allowed);
      }),
    );
  });
});

describe('JSON', () => {
  it('is the graph, with markup characters escaped', () => {
    const graph = hostileGraph('</script><b>&');
    const text = graphToJson(graph);
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual(graph);
  });
});
