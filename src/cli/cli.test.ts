import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolderPerTest } from '../../test/cli-run.js';
import { demoModelPath } from '../package-root.js';

const temp = tempFolderPerTest('servicechain-cli-');
const data = temp.dataArgs;
const run = runCli;

const TWO_SERVICES = `apiVersion: servicechain/v1
kind: Party
metadata: { id: ops, name: Operations }
spec: { kind: team }
---
apiVersion: servicechain/v1
kind: Service
metadata: { id: app, name: App }
spec:
  label: application
  provider: ops
  slo: 99.9
  dependsOn: [db]
---
apiVersion: servicechain/v1
kind: Service
metadata: { id: db, name: Database }
spec: { label: infrastructure, provider: ops }
`;

describe('servicechain CLI', () => {
  it('validates the demo model', async () => {
    const result = await run('validate', demoModelPath(), '--json');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out);
    expect(summary.valid).toBe(true);
    expect(summary.services).toBeGreaterThanOrEqual(40);
    expect(summary.services).toBeLessThanOrEqual(80);
    expect(summary.parties).toBeGreaterThanOrEqual(10);
    expect(summary.parties).toBeLessThanOrEqual(20);
  });

  it('plans, applies, and then has nothing left to apply', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(file, TWO_SERVICES);
    const plan = await run('plan', file, ...data(), '--json');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.out)).toEqual({
      created: [
        { kind: 'party', key: 'ops', name: 'Operations' },
        { kind: 'service', key: 'app', name: 'App' },
        { kind: 'service', key: 'db', name: 'Database' },
        { kind: 'dependency', key: 'app->db', name: 'app -> db' },
      ],
      changed: [],
      deleted: [],
    });
    expect((await run('apply', file, ...data())).code).toBe(0);
    const again = await run('apply', file, ...data());
    expect(again.out).toBe('No changes: the store already matches the files.\n');
  });

  it('plans a change field by field', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(file, TWO_SERVICES);
    await run('apply', file, ...data());
    await writeFile(file, TWO_SERVICES.replace('slo: 99.9', 'slo: 99.95'));
    const plan = await run('plan', file, ...data());
    expect(plan.out).toBe(
      [
        'Plan: 0 to create, 1 to change, 0 to delete.',
        '  ~  service  app  App',
        '      slo: 99.9 -> 99.95',
        '',
      ].join('\n'),
    );
  });

  it('prunes only when asked', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(file, TWO_SERVICES);
    await run('apply', file, ...data());
    const without = TWO_SERVICES.split('---\n')
      .slice(0, 2)
      .join('---\n')
      .replace('  dependsOn: [db]\n', '');
    await writeFile(file, without);
    const plan = JSON.parse((await run('plan', file, ...data(), '--json')).out);
    expect(plan.deleted).toEqual([{ kind: 'dependency', key: 'app->db', name: 'app -> db' }]);
    const pruned = JSON.parse((await run('plan', file, ...data(), '--json', '--prune')).out);
    expect(pruned.deleted).toEqual([
      { kind: 'service', key: 'db', name: 'Database' },
      { kind: 'dependency', key: 'app->db', name: 'app -> db' },
    ]);
  });

  it('refuses bad files with every problem, exit 1, and writes nothing', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(
      file,
      TWO_SERVICES.replace('dependsOn: [db]', 'dependsOn: [dbb]').replace(
        'provider: ops\n  slo',
        'provider: opz\n  slo',
      ),
    );
    const result = await run('apply', file, ...data());
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `error: ${file}:11:13: spec.provider: no party 'opz' (did you mean 'ops'?)\n`,
    );
    expect(result.err).toContain(
      `error: ${file}:13:15: spec.dependsOn[0]: no service 'dbb' (did you mean 'db'?)\n`,
    );
    expect(result.err).toContain('2 problems found; nothing was written.');
    const exported = await run('export', ...data(), '--json');
    expect(JSON.parse(exported.out)).toEqual([]);
  });

  it('reports a missing path', async () => {
    const result = await run('validate', join(temp.folder(), 'nowhere'));
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `error: ${join(temp.folder(), 'nowhere')}: no such file or folder\n1 problem found; nothing was written.\n`,
    );
  });

  it('refuses a file over the size limit', async () => {
    const file = join(temp.folder(), 'huge.yaml');
    await writeFile(file, `# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    const result = await run('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `error: ${file}: is ${17 * 1024 * 1024 + 3} bytes, larger than the limit of 16777216`,
    );
  });

  it('exports what applies back unchanged, to a folder', async () => {
    await run('apply', demoModelPath(), ...data());
    const out = join(temp.folder(), 'export');
    expect((await run('export', ...data(), '--out', out)).code).toBe(0);
    expect(await readFile(join(out, 'services.yaml'), 'utf8')).toContain('kind: Service');
    const plan = JSON.parse((await run('plan', out, ...data(), '--prune', '--json')).out);
    expect(plan).toEqual({ created: [], changed: [], deleted: [] });
  });

  it('shows a service with its derived customers', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(
      file,
      `${TWO_SERVICES}---\napiVersion: servicechain/v1\nkind: Party\nmetadata: { id: shop, name: Shop }\nspec: { kind: external, consumes: [app] }\n`,
    );
    await run('apply', file, ...data());
    const shown = JSON.parse((await run('show', 'db', ...data(), '--json')).out);
    expect(shown.customers).toEqual([
      { party: 'ops', kind: 'team', hop: 1, via: 'app', relation: 'provider' },
      { party: 'shop', kind: 'external', hop: 1, via: 'app', relation: 'subscriber' },
    ]);
    expect(shown.dependencyOf).toEqual([{ service: 'app', impact: 'as-is', weight: 1 }]);
  });

  it('draws the chain up to the customers', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(
      file,
      `${TWO_SERVICES}---\napiVersion: servicechain/v1\nkind: Party\nmetadata: { id: shop, name: Shop }\nspec: { kind: external, consumes: [app] }\n`,
    );
    await run('apply', file, ...data());
    const chain = await run('chain', 'db', '--up', ...data());
    expect(chain.out).toBe(
      [
        'db  Database [infrastructure]  provider: ops',
        '└─ app  App [application]  provider: ops',
        '   └─ customer shop  Shop (external)',
        '',
      ].join('\n'),
    );
    const down = await run('chain', 'app', '--down', '--depth', '0', ...data());
    expect(down.out).toBe('app  App [application]  provider: ops  …\n');
  });

  it('says which id is unknown, with a suggestion, and exits 1', async () => {
    await run('apply', demoModelPath(), ...data());
    const result = await run('chain', 'sap-erpp', ...data());
    expect(result.code).toBe(1);
    expect(result.err).toBe("error: no service 'sap-erpp' (did you mean 'sap-erp'?)\n");
  });

  it('exits 2 on a usage mistake', async () => {
    expect((await run('chain', 'x', '--depth', 'deep', ...data())).code).toBe(2);
    expect((await run('nonsense')).code).toBe(2);
  });
});

describe('servicechain CLI: status, explain, impact, what-if', () => {
  it('prints a status as the documented JSON', async () => {
    await run('apply', demoModelPath(), ...data());
    const status = await run('status', 'order-to-cash', ...data(), '--json');
    expect(JSON.parse(status.out)).toEqual({
      service: 'order-to-cash',
      level: 'operational',
      maintenance: false,
      acknowledged: false,
      acknowledgement: null,
      since: null,
    });
  });

  it('answers what-if --down with changes and parties', async () => {
    await run('apply', demoModelPath(), ...data());
    const result = await run('what-if', '--down', 'sap-erp', ...data(), '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(Object.keys(report)).toEqual(['changes', 'parties']);
    expect(report.changes[0]).toEqual({
      service: 'sap-erp',
      from: 'operational',
      to: 'major_outage',
    });
    expect(report.changes).toContainEqual({
      service: 'order-to-cash',
      from: 'operational',
      to: 'major_outage',
    });
    expect(report.parties).toContainEqual(
      expect.objectContaining({ party: 'retail-customers', kind: 'external' }),
    );
  });

  it('totals the cost per hour of an impact', async () => {
    await run('apply', demoModelPath(), ...data());
    const result = await run('impact', 'sap-erp', ...data());
    expect(result.out.split('\n')[0]).toMatch(
      /^If sap-erp reached major_outage: \d+ services affected, cost 124,000 per hour\.$/,
    );
  });

  it('refuses an unknown service and an unknown level', async () => {
    await run('apply', demoModelPath(), ...data());
    expect((await run('explain', 'nope', ...data())).code).toBe(1);
    expect((await run('impact', 'sap-erp', '--level', 'down', ...data())).code).toBe(2);
  });
});
