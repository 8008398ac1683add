import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validModel } from '../../../test/model-arbitrary.js';
import { isEmptyPlan } from '../../as-code/plan.js';
import { emptyModel, type Model } from '../../model/entities.js';
import { formatProblem } from '../../model/errors.js';
import { planImport } from '../import-plan.js';
import { CSV_KINDS, csvFileName, modelToCsv } from './csv-tables.js';
import { type CsvInput, readCsvInputs, readCsvModel } from './import-csv.js';

const inputsOf = (texts: Record<string, string>): CsvInput[] =>
  CSV_KINDS.filter((k) => texts[k] !== undefined).map((kind) => ({
    file: csvFileName(kind),
    kind,
    text: texts[kind] as string,
  }));

function problemsOf(texts: Record<string, string>, current: Model = emptyModel()): string[] {
  const source = readCsvModel(inputsOf(texts), { current, prune: false });
  const outcome = planImport(source, current, { prune: false, allowPartial: false });
  return outcome.ok ? [] : outcome.problems.map(formatProblem);
}

const hostile = fc.constantFrom(
  '=HYPERLINK("http://x","y")',
  '+1',
  '-2',
  '@SUM(A1)',
  "'=already",
  'a, "quoted"\nline',
  ' padded ',
  'plain',
);

describe('CSV export then import', () => {
  it('changes nothing, for random models', () => {
    fc.assert(
      fc.property(validModel, (model) => {
        const source = readCsvModel(inputsOf(modelToCsv(model)), { current: model, prune: true });
        const outcome = planImport(source, model, { prune: true, allowPartial: false });
        if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
        expect(isEmptyPlan(outcome.plan)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps names, descriptions and notes that look like formulas, exactly', () => {
    const named = validModel.chain((model) =>
      fc
        .tuple(
          fc.array(hostile, { minLength: model.services.length, maxLength: model.services.length }),
          fc.array(hostile, { minLength: model.parties.length, maxLength: model.parties.length }),
        )
        .map(([serviceNames, partyNames]) => ({
          ...model,
          services: model.services.map((s, i) => ({
            ...s,
            name: serviceNames[i] as string,
            description: serviceNames[i],
          })),
          parties: model.parties.map((p, i) => ({
            ...p,
            name: partyNames[i] as string,
            tags: ['=x', '-y;z'],
          })),
        })),
    );
    fc.assert(
      fc.property(named, (model) => {
        const texts = modelToCsv(model);
        expect(texts.services).not.toMatch(/(^|,|\n)[=+@]/);
        const source = readCsvModel(inputsOf(texts), { current: emptyModel(), prune: true });
        const outcome = planImport(source, emptyModel(), { prune: true, allowPartial: false });
        if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
        const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
        expect([...outcome.desired.services].sort(byId)).toEqual([...model.services].sort(byId));
        expect([...outcome.desired.parties].sort(byId)).toEqual([...model.parties].sort(byId));
      }),
      { numRuns: 100 },
    );
  });
});

describe('CSV import', () => {
  const parties = 'id,name,kind\r\nops,Operations,team\r\n';

  it('reads every column of a service, in any column order', () => {
    const services =
      'name,id,label,provider,lifecycle,criticality,slo,costPerHour,rule,description,tags,labels,links,signals,hours\n' +
      'App,app,application,ops,planned,high,99.9,1200,"{""atLeast"":{""ok"":1}}",The app,a;b,"{""tier"":""1""}","[{""url"":""https://x.example""}]","[{""match"":{""job"":""app""}}]","{""timeZone"":""UTC"",""weekly"":{""mon"":[""08:00-18:00""]}}"\n' +
      'db,db,,,,,,,,,,,,,\n';
    const deps = 'from,to,impact,weight,note\napp,db,cap:degraded,2,soft\n';
    const source = readCsvModel(inputsOf({ parties, services, dependencies: deps }), {
      current: emptyModel(),
      prune: false,
    });
    expect(source.problems).toEqual([]);
    expect(source.model.services[0]).toEqual({
      id: 'app',
      name: 'App',
      description: 'The app',
      labels: { tier: '1' },
      tags: ['a', 'b'],
      links: [{ url: 'https://x.example' }],
      label: 'application',
      lifecycle: 'planned',
      rule: { kind: 'atLeast', ok: { kind: 'count', value: 1 } },
      signals: [{ match: { job: 'app' }, matchRegex: {} }],
      provider: 'ops',
      criticality: 'high',
      costPerHour: 1200,
      slo: 99.9,
      hours: { timeZone: 'UTC', weekly: { mon: ['08:00-18:00'] }, holidays: [] },
    });
    expect(source.model.services[1]).toMatchObject({ id: 'db', name: 'db', label: 'service' });
    expect(source.model.dependencies).toEqual([
      {
        from: 'app',
        to: 'db',
        impact: { kind: 'cap', level: 'degraded' },
        weight: 2,
        note: 'soft',
      },
    ]);
  });

  it('reports bad cells at file:line:column with the column name', () => {
    const services =
      'id,name,lifecycle,slo,provider,labels\nApp!,A,live,,,\nok,Ok,alive,abc,nobody,{bad\n';
    expect(problemsOf({ services })).toEqual([
      "services.csv:2:1: id: id 'App!' is not a slug: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
      "services.csv:3:7: lifecycle: the text 'alive' is not one of planned, live, retired (did you mean 'live'?)",
      "services.csv:3:13: slo: must be a number, not the text 'abc'",
      expect.stringMatching(/^services\.csv:3:24: labels: is not valid JSON: /),
    ]);
  });

  it('reports dangling references at the cell that names them', () => {
    const services = 'id,provider\napp,opps\n';
    const deps = 'from,to\napp,db\n';
    expect(problemsOf({ parties, services, dependencies: deps })).toEqual([
      "dependencies.csv:2:5: to: no service 'db'",
      "services.csv:2:5: provider: no party 'opps' (did you mean 'ops'?)",
    ]);
  });

  it('reports unknown and missing columns, wrong field counts and duplicate rows', () => {
    const services = 'id,nmae,label\napp,App,x\napp,Again,x\nshort\n';
    const deps = 'to,impact\n';
    expect(problemsOf({ services, dependencies: deps })).toEqual([
      "dependencies.csv:1:1: the header has no 'from' column",
      "services.csv:1:4: unknown column 'nmae' (did you mean 'name'?) (services.csv has id, name, label, provider, lifecycle, criticality, slo, costPerHour, rule, description, tags, labels, links, signals, hours)",
      "services.csv:3:1: service 'app' is already defined at services.csv:2",
      'services.csv:4:1: has 1 fields where the header has 3',
    ]);
  });

  it('reports malformed CSV and reads a file with a byte order mark', () => {
    expect(problemsOf({ parties: '\uFEFFid,name,kind\nops,"Ops,team\n' })).toEqual([
      'parties.csv:2:5: unbalanced quote: this quoted field never closes',
    ]);
    expect(problemsOf({ parties: '\uFEFFid,name,kind\r\nops,Ops,team\r\n' })).toEqual([]);
    expect(problemsOf({ parties: '' })).toEqual([
      'parties.csv:1: is empty: a header row is required',
    ]);
  });

  it('keeps stored relations of the entities a row replaces, unless pruning', () => {
    const current: Model = {
      ...emptyModel(),
      services: [
        {
          id: 'a',
          name: 'A',
          labels: {},
          tags: [],
          links: [],
          label: 'x',
          lifecycle: 'live',
          rule: { kind: 'worst' },
          signals: [],
        },
        {
          id: 'b',
          name: 'B',
          labels: {},
          tags: [],
          links: [],
          label: 'x',
          lifecycle: 'live',
          rule: { kind: 'worst' },
          signals: [],
        },
      ],
      dependencies: [{ from: 'a', to: 'b', impact: { kind: 'as-is' }, weight: 1 }],
    };
    const services = 'id,name,label\na,Renamed,x\nb,B,x\n';
    const kept = readCsvModel(inputsOf({ services }), { current, prune: false });
    const outcome = planImport(kept, current, { prune: false, allowPartial: false });
    expect(outcome.ok && outcome.plan).toEqual({
      created: [],
      changed: [
        {
          kind: 'service',
          key: 'a',
          name: 'Renamed',
          fields: [{ field: 'name', before: 'A', after: 'Renamed' }],
        },
      ],
      deleted: [],
    });
    const pruned = readCsvModel(inputsOf({ services }), { current, prune: true });
    const prunedOutcome = planImport(pruned, current, { prune: true, allowPartial: false });
    expect(prunedOutcome.ok && prunedOutcome.plan.deleted).toEqual([
      { kind: 'dependency', key: 'a->b', name: 'a -> b' },
    ]);
  });

  it('imports the sound rows with allowPartial and lists what it left out', () => {
    const services = 'id,provider\napp,ops\ndb,nobody\nBad,\n';
    const source = readCsvModel(inputsOf({ parties, services }), {
      current: emptyModel(),
      prune: false,
    });
    const outcome = planImport(source, emptyModel(), { prune: false, allowPartial: true });
    if (!outcome.ok) throw new Error('expected a partial import');
    expect(outcome.desired.services.map((s) => [s.id, s.provider])).toEqual([
      ['app', 'ops'],
      ['db', undefined],
    ]);
    expect(outcome.leftOut.map(formatProblem)).toEqual([
      "services.csv:3:4: provider: no party 'nobody'",
      "services.csv:4:1: id: id 'Bad' is not a slug: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
    ]);
  });
});

describe('readCsvInputs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'servicechain-csv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the tables in a folder and names a single file by its name or --kind', async () => {
    await writeFile(join(dir, 'parties.csv'), 'id\n');
    await writeFile(join(dir, 'services.csv'), 'id\n');
    await writeFile(join(dir, 'other.csv'), 'id\n');
    const folder = await readCsvInputs(dir);
    expect(folder.inputs.map((i) => i.kind)).toEqual(['services', 'parties']);
    expect((await readCsvInputs(dir, 'parties')).inputs.map((i) => i.kind)).toEqual(['parties']);
    expect((await readCsvInputs(join(dir, 'other.csv'), 'services')).inputs[0]?.kind).toBe(
      'services',
    );
    expect((await readCsvInputs(join(dir, 'other.csv'))).problems[0]?.message).toBe(
      'say which table it holds with --kind (services, parties, dependencies, subscriptions)',
    );
    expect((await readCsvInputs(dir, 'dependencies')).problems[0]?.message).toBe(
      'the folder holds none of dependencies.csv',
    );
  });
});
