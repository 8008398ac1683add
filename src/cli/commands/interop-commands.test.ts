import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolderPerTest } from '../../../test/cli-run.js';
import { packageRoot } from '../../package-root.js';

const BACKSTAGE = join(packageRoot(), 'src', 'interop', 'backstage', 'fixtures');

const temp = tempFolderPerTest('servicechain-interop-');
const data = temp.dataArgs;
const run = runCli;

describe('servicechain import backstage', () => {
  it('applies a catalog folder, then finds nothing left to change', async () => {
    const first = await run('import', 'backstage', join(BACKSTAGE, 'acme'), ...data());
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Applied\. Plan: 25 to create, 0 to change, 0 to delete\./);
    expect(first.err).toContain('read 26 entities; skipped 1 Location entity');
    expect(first.err).toContain('applying 25 changes in one transaction …');
    const again = await run('import', 'backstage', join(BACKSTAGE, 'acme'), ...data());
    expect(again.out.trim()).toBe('No changes: the store already matches the import.');
  });

  it('refuses dangling references with file, line and field, writing nothing', async () => {
    const file = join(BACKSTAGE, 'one-of-each', 'catalog-info.yaml');
    const refused = await run('import', 'backstage', file, ...data());
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`error: ${file}:9:10: spec.owner: no party 'commerce-leads'`);
    expect(refused.err).toContain('6 problems found; nothing was written.');
    const exported = await run('export', ...data(), '--json');
    expect(JSON.parse(exported.out)).toEqual([]);
  });

  it('shows the plan of a partial import on a dry run, and applies it with --allow-partial', async () => {
    const file = join(BACKSTAGE, 'one-of-each', 'catalog-info.yaml');
    const dry = await run('import', 'backstage', file, '--allow-partial', '--dry-run', ...data());
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^Dry run, nothing written\. Plan: 12 to create/);
    expect(dry.err).toContain(
      `warning: ${file}:48:7: spec.dependsOn[1]: no service 'fraud-scorer'`,
    );
    expect(JSON.parse((await run('export', ...data(), '--json')).out)).toEqual([]);
    const applied = await run('import', 'backstage', file, '--allow-partial', '--json', ...data());
    const result = JSON.parse(applied.out);
    expect([
      result.applied,
      result.read,
      result.plan.created.length,
      result.problems.length,
    ]).toEqual([true, 6, 12, 6]);
  });
});

describe('servicechain import csv and export --format csv', () => {
  it('round-trips the model through CSV files with no change', async () => {
    await run('import', 'backstage', join(BACKSTAGE, 'acme'), ...data());
    const out = join(temp.folder(), 'csv');
    const exported = await run('export', '--format', 'csv', '--out', out, ...data());
    expect(exported.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'dependencies.csv',
      'parties.csv',
      'services.csv',
      'subscriptions.csv',
    ]);
    const parties = await readFile(join(out, 'parties.csv'), 'utf8');
    expect(parties.split('\r\n')[0]).toBe(
      'id,name,kind,parent,description,tags,labels,links,contacts',
    );
    const again = await run('import', 'csv', out, ...data());
    expect(again.out.trim()).toBe('No changes: the store already matches the import.');
  });

  it('imports one table with --kind and prints a progress line per 1000 rows', async () => {
    const rows = Array.from({ length: 2100 }, (_, i) => `svc-${i},Service ${i},technical`);
    const file = join(temp.folder(), 'list.csv');
    await writeFile(file, ['id,name,label', ...rows].join('\n'));
    const result = await run('import', 'csv', file, '--kind', 'services', ...data());
    expect(result.code).toBe(0);
    expect(result.err).toContain('read 1000 entities …\nread 2000 entities …\n');
    expect(result.err).toContain('applying 2100 changes in one transaction …');
  });

  it('reports malformed CSV as file:line:column and refuses a wrong --kind', async () => {
    const file = join(temp.folder(), 'services.csv');
    await writeFile(file, 'id,name\napp,"App\n');
    const result = await run('import', 'csv', file, ...data());
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `error: ${file}:2:5: unbalanced quote: this quoted field never closes`,
    );
    const wrong = await run('import', 'csv', file, '--kind', 'service', ...data());
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(
      "--kind: 'service' is not one of services, parties, dependencies, subscriptions",
    );
  });
});

describe('servicechain export --format (graphs)', () => {
  const MODEL = `apiVersion: servicechain/v1
kind: Service
metadata: { id: web, name: 'Web "shop"' }
spec: { dependsOn: [app] }
---
apiVersion: servicechain/v1
kind: Service
metadata: { id: app, name: App }
spec: { dependsOn: [db] }
---
apiVersion: servicechain/v1
kind: Service
metadata: { id: db, name: Database }
`;

  it('writes each format around a service, to stdout or a file', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(file, MODEL);
    await run('apply', file, ...data());
    const dot = await run('export', '--format', 'dot', '--around', 'db', '--depth', '1', ...data());
    expect(dot.out).toContain('"service:app" -> "service:db";');
    expect(dot.out).not.toContain('service:web"');
    const mermaid = await run('export', '--format', 'mermaid', ...data());
    expect(mermaid.out).toContain('s2["Web #34;shop#34;<br>web · operational"]:::operational');
    const json = await run('export', '--format', 'json', '--around', 'app', ...data());
    expect(
      JSON.parse(json.out).services.map((s: { id: string; hop: number }) => [s.id, s.hop]),
    ).toEqual([
      ['app', 0],
      ['db', -1],
      ['web', 1],
    ]);
    const out = join(temp.folder(), 'chain.graphml');
    const graphml = await run('export', '--format', 'graphml', '--out', out, ...data());
    expect(graphml.err).toContain(`wrote graphml to ${out}`);
    expect(await readFile(out, 'utf8')).toContain('<data key="name">Web &quot;shop&quot;</data>');
  });

  it('keeps yaml and --json as they were and refuses options that do not fit', async () => {
    const file = join(temp.folder(), 'model.yaml');
    await writeFile(file, MODEL);
    await run('apply', file, ...data());
    const yaml = await run('export', '--format', 'yaml', ...data());
    expect(yaml.out).toBe((await run('export', ...data())).out);
    expect((await run('export', '--format', 'pdf', ...data())).err).toContain(
      "--format: 'pdf' is not one of yaml, json, dot, mermaid, graphml, csv",
    );
    expect((await run('export', '--around', 'db', ...data())).code).toBe(2);
    expect((await run('export', '--format', 'dot', '--depth', '2', ...data())).err).toContain(
      '--depth needs --around',
    );
    expect((await run('export', '--format', 'csv', ...data())).err).toContain(
      '--format csv writes four files: give a folder with --out',
    );
    const missing = await run('export', '--format', 'dot', '--around', 'dbb', ...data());
    expect([missing.code, missing.err.trim()]).toEqual([
      1,
      "error: no service 'dbb' (did you mean 'db' or 'web'?)",
    ]);
  });
});
