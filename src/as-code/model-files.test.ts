import { describe, expect, it } from 'vitest';
import { emptyModel } from '../model/entities.js';
import { formatProblem } from '../model/errors.js';
import { planSources } from './model-files.js';

const header = (kind: string, id: string) =>
  `apiVersion: servicechain/v1\nkind: ${kind}\nmetadata:\n  id: ${id}\n`;

function problemsOf(text: string, file = 'model.yaml'): string[] {
  const outcome = planSources([{ file, text }], emptyModel(), { prune: false });
  if (outcome.ok) return [];
  return outcome.problems.map(formatProblem);
}

const GOOD = `${header('Party', 'sales')}  name: Sales
spec:
  kind: team
  consumes:
    - erp
---
${header('Service', 'erp')}  name: ERP
spec:
  label: application
  provider: sales
  dependsOn:
    - db
    - service: dns
      impact: cap:degraded
---
${header('Service', 'db')}spec:
  label: infrastructure
---
${header('Service', 'dns')}spec: { label: infrastructure }
`;

describe('planSources', () => {
  it('plans the creation of every entity of valid files', () => {
    const outcome = planSources([{ file: 'm.yaml', text: GOOD }], emptyModel(), { prune: false });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.plan.created.map((e) => `${e.kind}:${e.key}`)).toEqual([
      'party:sales',
      'service:db',
      'service:dns',
      'service:erp',
      'dependency:erp->db',
      'dependency:erp->dns',
      'subscription:sales->erp',
    ]);
    expect(outcome.value.desired.services.find((s) => s.id === 'db')?.name).toBe('db');
  });

  it('names file, line and field of a dangling reference and suggests the near name', () => {
    const text = GOOD.replace('    - db\n', '    - db01\n');
    expect(problemsOf(text)).toEqual([
      "model.yaml:20:7: spec.dependsOn[0]: no service 'db01' (did you mean 'db'?)",
    ]);
  });

  it('reports every problem at once', () => {
    const text = `${header('Service', 'a')}spec:\n  label: x\n  lifecycle: alive\n  slo: 120\n  colour: red\n  provider: nobody\n`;
    expect(problemsOf(text)).toEqual([
      "model.yaml:7:14: spec.lifecycle: the text 'alive' is not one of planned, live, retired (did you mean 'live'?)",
      'model.yaml:8:8: spec.slo: 120 is out of range (0 to 100)',
      "model.yaml:9:3: spec.colour: unknown field 'colour'",
      "model.yaml:10:13: spec.provider: no party 'nobody'",
    ]);
  });

  it('spells out a dependency cycle', () => {
    const text = `${header('Service', 'a')}spec: { dependsOn: [b] }\n---\n${header('Service', 'b')}spec: { dependsOn: [c] }\n---\n${header('Service', 'c')}spec: { dependsOn: [a] }\n`;
    expect(problemsOf(text)).toEqual([
      'model.yaml:5:21: spec.dependsOn[0]: dependency cycle: a -> b -> c -> a',
    ]);
  });

  it('rejects ids that collide after Unicode normalisation and case folding', () => {
    const text = `${header('Service', 'db')}spec: {}\n---\n${header('Service', 'DB')}spec: {}\n`;
    expect(problemsOf(text)).toEqual([
      "model.yaml:10:7: metadata.id: id 'DB' is not a slug: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
    ]);
    const twice = `${header('Service', 'db')}spec: {}\n---\n${header('Service', 'db')}spec: {}\n`;
    expect(problemsOf(twice)).toEqual([
      "model.yaml:7:1: service 'db' is already defined at model.yaml:1",
    ]);
  });

  it('reports malformed YAML with its line and loads nothing', () => {
    expect(problemsOf('apiVersion: servicechain/v1\nkind: [Service\n')).toEqual([
      expect.stringMatching(
        /^model\.yaml:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
      ),
    ]);
  });

  it('refuses a YAML alias bomb', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;
    expect(problemsOf(bomb)).toEqual([
      expect.stringMatching(/^model\.yaml:1:1: cannot be read: .*alias/i),
    ]);
  });

  it('rejects an unknown kind and api version, with a suggestion', () => {
    const text = 'apiVersion: servicechain/v2\nkind: service\nmetadata: { id: a }\n';
    expect(problemsOf(text)).toEqual([
      "model.yaml:1:13: apiVersion: 'servicechain/v2' is not supported: use servicechain/v1",
      "model.yaml:2:7: kind: the text 'service' is not one of Party, Service (did you mean 'Service'?)",
    ]);
  });

  it('rejects prototype-pollution keys, control characters and bidirectional overrides', () => {
    const text = `${header('Service', 'a')}  name: "evil\\u202Ename"\n  labels: { team: "a\\u0000b" }\nspec:\n  __proto__: { admin: true }\n`;
    expect(problemsOf(text)).toEqual([
      'model.yaml:5:9: metadata.name: contains a bidirectional override character',
      'model.yaml:6:19: metadata.labels.team: contains a control character',
      "model.yaml:8:3: spec.__proto__: '__proto__' is not allowed as a field name",
    ]);
  });

  it('rejects invalid rule parameters with the field', () => {
    const text = `${header('Service', 'a')}spec:\n  rule: { atLeast: { ok: "150%" } }\n`;
    expect(problemsOf(text)).toEqual([
      "model.yaml:6:9: spec.rule: atLeast.ok: '150%' is not a percent from 0% to 100%",
    ]);
    const tooMany = `${header('Service', 'a')}spec:\n  rule: { atLeast: { ok: 3 } }\n  dependsOn: [b]\n---\n${header('Service', 'b')}spec: {}\n`;
    expect(problemsOf(tooMany)).toEqual([
      'model.yaml:6:26: spec.rule.atLeast.ok: asks for 3 dependencies but the service has 1 that count',
    ]);
  });

  it('validates against what the store already holds when not pruning', () => {
    const current = {
      ...emptyModel(),
      services: [
        {
          id: 'db',
          name: 'db',
          label: 'x',
          lifecycle: 'live' as const,
          rule: { kind: 'worst' as const },
          signals: [],
          labels: {},
          tags: [],
          links: [],
        },
      ],
    };
    const text = `${header('Service', 'app')}spec: { dependsOn: [db] }\n`;
    expect(planSources([{ file: 'f.yaml', text }], current, { prune: false }).ok).toBe(true);
    const pruned = planSources([{ file: 'f.yaml', text }], current, { prune: true });
    expect(pruned.ok ? [] : pruned.problems.map(formatProblem)).toEqual([
      "f.yaml:5:21: spec.dependsOn[0]: no service 'db'",
    ]);
  });
});
