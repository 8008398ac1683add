import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.js';
import { emptyModel, type Model } from '../../model/entities.js';
import { formatProblem } from '../../model/errors.js';
import { type ImportOutcome, planImport } from '../import-plan.js';
import { readCatalog, readCatalogPath } from './import-backstage.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

async function importPath(path: string, allowPartial = false, current: Model = emptyModel()) {
  const read = await readCatalogPath(join(FIXTURES, path), { storedParties: new Set() });
  if (!read.ok) throw new Error(read.problems.map(formatProblem).join('\n'));
  return planImport(read.source, current, { prune: false, allowPartial });
}

function importText(text: string, allowPartial = false): ImportOutcome {
  const source = readCatalog([{ file: 'catalog.yaml', text }], { storedParties: new Set() });
  return planImport(source, emptyModel(), { prune: false, allowPartial });
}

const problems = (outcome: ImportOutcome) =>
  (outcome.ok ? outcome.leftOut : outcome.problems).map(formatProblem);

function desired(outcome: ImportOutcome): Model {
  if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
  return outcome.desired;
}

const doc = (kind: string, name: string, spec: string, extra = '') =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}spec:\n${spec}\n`;

describe('Backstage import of the samples', () => {
  it('imports the acme organisation whole: groups as teams, users as people, with parents', async () => {
    const outcome = await importPath('acme');
    const model = desired(outcome);
    const parties = model.parties.map((p) => `${p.id} ${p.kind} ${p.parent ?? '-'}`).sort();
    expect(parties).toEqual([
      'acme-corp organization -',
      'amelia.park person team-b',
      'backstage team infrastructure',
      'boxoffice team infrastructure',
      'breanna.davison person team-a',
      'calum.leavy person team-c',
      'colette.brock person team-b',
      'development.guest person team-a',
      'eva.macdowell person team-d',
      'frank.tiernan person team-c',
      'guest person team-a',
      'infrastructure team acme-corp',
      'janelle.dawe person team-a',
      'jenny.doe person team-b',
      'jonathon.page person team-b',
      'justine.barrow person team-b',
      'lucy.sheehan person team-d',
      'nigel.manning person team-a',
      'peadar.macmahon person team-c',
      'sarah.gilroy person team-c',
      'tara.macgovern person team-c',
      'team-a team backstage',
      'team-b team backstage',
      'team-c team boxoffice',
      'team-d team boxoffice',
    ]);
    const read = await readCatalogPath(join(FIXTURES, 'acme'), { storedParties: new Set() });
    expect(read.ok && [read.source.read, read.source.skipped]).toEqual([26, ['1 Location entity']]);
    expect(model.parties.find((p) => p.id === 'janelle.dawe')).toEqual({
      id: 'janelle.dawe',
      name: 'Janelle Dawe',
      kind: 'person',
      parent: 'team-a',
      labels: { 'backstage.io/entity-ref': 'user:default/janelle.dawe' },
      tags: [],
      links: [],
      contacts: [{ type: 'email', value: 'janelle-dawe@example.com' }],
    });
    expect(model.parties.find((p) => p.id === 'guest')?.name).toBe('Guest User');
  });

  it('maps one of each kind: labels, lifecycles, owners and every relation', async () => {
    const outcome = await importPath('one-of-each/catalog-info.yaml', true);
    const model = desired(outcome);
    expect(model.services.map((s) => [s.id, s.name, s.label, s.lifecycle, s.provider])).toEqual([
      ['commerce', 'Commerce', 'business', 'live', undefined],
      ['checkout', 'checkout', 'it-service', 'live', 'payments-team'],
      ['checkout-api', 'Checkout API service', 'service', 'live', 'payments-team'],
      ['checkout-rest', 'checkout-rest', 'api', 'live', 'payments-team'],
      ['orders-db', 'orders-db', 'database', 'live', 'payments-team'],
    ]);
    expect(model.dependencies.map((d) => `${d.from}->${d.to}`)).toEqual([
      'commerce->checkout',
      'checkout-api->orders-db',
      'checkout-rest->checkout-api',
      'checkout->checkout-api',
      'checkout->checkout-rest',
      'checkout->orders-db',
    ]);
    expect(model.services.find((s) => s.id === 'checkout-api')).toMatchObject({
      description: 'Places orders and charges cards',
      labels: {
        'example.com/tier': '1',
        'backstage.io/entity-ref': 'component:default/checkout-api',
        'backstage.io/type': 'service',
      },
      tags: ['typescript', 'fastify'],
      links: [{ url: 'https://grafana.example.internal/d/chk01', title: 'Checkout dashboard' }],
    });
    expect(model.parties).toMatchObject([{ id: 'payments-team', name: 'Payments', kind: 'team' }]);
    const file = join(FIXTURES, 'one-of-each/catalog-info.yaml');
    expect(problems(outcome)).toEqual([
      `${file}:9:10: spec.owner: no party 'commerce-leads'`,
      `${file}:45:18: spec.consumesApis[0]: no service 'payments-gateway'`,
      `${file}:48:7: spec.dependsOn[1]: no service 'fraud-scorer'`,
      `${file}:94:11: spec.parent: no party 'commerce-leads'`,
      `${file}:96:13: spec.members[0]: no user 'alice' in the catalog or the store`,
      `${file}:96:20: spec.members[1]: no user 'bob' in the catalog or the store`,
    ]);
  });

  it('refuses a catalog with dangling references unless the import may be partial', async () => {
    const outcome = await importPath('one-of-each/catalog-info.yaml');
    expect(outcome.ok).toBe(false);
    expect(problems(outcome)).toHaveLength(6);
  });

  it('imports every sample file on its own (partially where it names what is elsewhere)', async () => {
    for (const folder of ['acme', 'one-of-each']) {
      for (const name of await readdir(join(FIXTURES, folder))) {
        const outcome = await importPath(join(folder, name), true);
        expect(outcome.ok, `${folder}/${name}`).toBe(true);
        const model = desired(outcome);
        expect(model.services.length + model.parties.length, name).toBeGreaterThan(0);
      }
    }
  });

  it('reports entities stated twice across the files of a folder, at the second', async () => {
    const outcome = await importPath('one-of-each', true);
    const duplicates = problems(outcome).filter((p) => p.includes('already defined'));
    expect(duplicates).toHaveLength(6);
    expect(duplicates[0]).toBe(
      `${join(FIXTURES, 'one-of-each/catalog-info.yaml')}:53:9: metadata.name: api:default/checkout-rest is already defined at ${join(FIXTURES, 'one-of-each/api.yaml')}:1`,
    );
  });

  it('lets trouble in a resource reach its component, system and domain', async () => {
    const model = desired(await importPath('one-of-each/catalog-info.yaml', true));
    const engine = createEngine(model);
    engine.apply([{ type: 'signal', service: 'orders-db', key: 'db', level: 'major_outage' }], 1);
    const levels = ['checkout-api', 'checkout-rest', 'checkout', 'commerce'].map(
      (id) => engine.status(id).level,
    );
    expect(levels).toEqual(['major_outage', 'major_outage', 'major_outage', 'major_outage']);
  });
});

describe('Backstage mapping rules', () => {
  it('maps lifecycles: production live, experimental planned, deprecated retired, others kept', () => {
    const text = [
      doc('Component', 'a', '  type: website\n  lifecycle: production'),
      doc('Component', 'b', '  type: library\n  lifecycle: experimental'),
      doc('Resource', 'c', '  lifecycle: deprecated'),
      doc('Component', 'd', '  type: service\n  lifecycle: sunset'),
    ].join('---\n');
    const model = desired(importText(text));
    expect(model.services.map((s) => [s.id, s.label, s.lifecycle])).toEqual([
      ['a', 'website', 'live'],
      ['b', 'library', 'planned'],
      ['c', 'infrastructure', 'retired'],
      ['d', 'service', 'live'],
    ]);
    expect(model.services[3]?.labels['backstage.io/lifecycle']).toBe('sunset');
  });

  it('prefixes ids with the namespace unless it is default, and resolves refs in the entity namespace', () => {
    const text = [
      doc('Group', 'Ops', '  type: team', '  namespace: Infra\n'),
      doc(
        'Component',
        'App',
        '  owner: ops\n  dependsOn: [component:default/db]',
        '  namespace: infra\n',
      ),
      doc('Component', 'db', '  owner: group:infra/ops'),
    ].join('---\n');
    const model = desired(importText(text));
    expect(model.parties.map((p) => p.id)).toEqual(['infra.ops']);
    expect(model.services.map((s) => [s.id, s.provider])).toEqual([
      ['infra.app', 'infra.ops'],
      ['db', 'infra.ops'],
    ]);
    expect(model.dependencies.map((d) => `${d.from}->${d.to}`)).toEqual(['infra.app->db']);
  });

  it('reports wrong names, wrong reference kinds and references without a needed kind', () => {
    const text = [
      doc('Component', 'Bad Name', '  type: service'),
      doc('Group', 'team', '  type: team'),
      doc(
        'Component',
        'app',
        '  owner: component:db\n  providesApis: [component:db]\n  dependsOn: [db, group:team]\n  system: 42',
      ),
      doc('Component', 'db', '  type: service'),
    ].join('---\n');
    expect(problems(importText(text))).toEqual([
      "catalog.yaml:4:9: metadata.name: name 'Bad Name' is not a Backstage name: letters and digits, joined by '-', '_' or '.'",
      "catalog.yaml:20:10: spec.owner: 'component:db' is a component; this field takes group or user",
      "catalog.yaml:21:18: spec.providesApis[0]: 'component:db' is a component; this field takes api",
      "catalog.yaml:22:15: spec.dependsOn[0]: 'db' needs a kind, such as component:db",
      "catalog.yaml:22:19: spec.dependsOn[1]: 'group:team' is a group; this field takes component or api or resource or system or domain",
      'catalog.yaml:23:11: spec.system: must be an entity reference, not number 42',
    ]);
  });

  it('reports a reference to an entity of another kind with the same name', () => {
    const text = [
      doc('Component', 'app', '  dependsOn: [resource:db]'),
      doc('Component', 'db', '  type: service'),
    ].join('---\n');
    expect(problems(importText(text))).toEqual([
      "catalog.yaml:6:15: spec.dependsOn[0]: 'resource:db' names no resource: 'db' is component:default/db",
    ]);
  });

  it('reports entities of two namespaces that would share an id, and references to the loser', () => {
    const text = [
      doc('User', 'dev.guest', '  memberOf: []'),
      doc('User', 'guest', '  memberOf: []', '  namespace: dev\n'),
      doc('Component', 'app', '  owner: user:dev/guest'),
    ].join('---\n');
    expect(problems(importText(text))).toEqual([
      "catalog.yaml:11:9: metadata.name: user:dev/guest would be party 'dev.guest', which user:default/dev.guest (catalog.yaml:1) already is",
      "catalog.yaml:21:10: spec.owner: 'user:dev/guest' is not imported (see the problem with user:dev/guest)",
    ]);
  });

  it('reports a bad apiVersion, an unknown kind and a YAML error, and skips Locations', () => {
    const text = [
      'apiVersion: backstage.io/v2\nkind: Component\nmetadata: { name: a }\nspec: {}\n',
      'apiVersion: backstage.io/v1alpha1\nkind: Widget\nmetadata: { name: w }\n',
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: l }\nspec: { targets: [] }\n',
      'kind: [unclosed\n',
    ].join('---\n');
    const source = readCatalog([{ file: 'c.yaml', text }], { storedParties: new Set() });
    expect(source.skipped).toEqual(['1 Location entity']);
    expect(source.problems.map(formatProblem)).toEqual([
      'c.yaml:16:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
      "c.yaml:1:13: apiVersion: 'backstage.io/v2' is not a Backstage catalog version (backstage.io/v1alpha1 or v1beta1)",
      "c.yaml:7:7: kind: kind 'Widget' is not imported (Component, API, Resource, System, Domain, Group, User; Location and Template are skipped)",
    ]);
  });

  it('gives group members and children their parent when they name none, and accepts stored ones', () => {
    const text = [
      doc('Group', 'org', '  type: organization\n  children: [dept]\n  members: [ann, zed]'),
      doc('Group', 'dept', '  type: department'),
      doc('User', 'ann', '  memberOf: []'),
    ].join('---\n');
    const source = readCatalog([{ file: 'c.yaml', text }], { storedParties: new Set(['zed']) });
    expect(source.problems).toEqual([]);
    expect(source.model.parties.map((p) => [p.id, p.kind, p.parent])).toEqual([
      ['org', 'organization', undefined],
      ['dept', 'team', 'org'],
      ['ann', 'person', 'org'],
    ]);
  });
});
