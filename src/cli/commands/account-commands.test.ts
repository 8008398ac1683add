import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolderPerTest } from '../../../test/cli-run.js';
import { verifyPassword } from '../../accounts/passwords.js';
import { openDataStore } from '../data-store.js';
import { registerAccountCommands } from './account-commands.js';

const temp = tempFolderPerTest('servicechain-accounts-cli-');

/** The account commands with a password typed as `secret`, capturing output. */
async function run(secret: string, ...args: string[]) {
  let out = '';
  let err = '';
  const program = new Command('servicechain').exitOverride();
  const io = {
    out: (text: string) => {
      out += `${text}\n`;
    },
    err: (text: string) => {
      err += `${text}\n`;
    },
  };
  registerAccountCommands(program, io, async () => secret);
  await program.parseAsync(['node', 'servicechain', ...args, ...temp.dataArgs()]);
  return { out, err };
}

describe('user and token commands', () => {
  it('adds users, sets a password from standard input, and lists them', async () => {
    await run('a good password', 'user', 'add', 'amy', '--role', 'admin', '--password-stdin');
    const added = await run('', 'user', 'add', 'bob', '--role', 'viewer');
    expect(added.out).toBe('added bob (viewer); no password yet: run `servicechain user passwd`\n');
    await run('bob’s password', 'user', 'passwd', 'bob');
    const listed = await run('', 'user', 'list', '--json');
    expect(
      JSON.parse(listed.out).map((u: { name: string; passwordSet: boolean }) => [
        u.name,
        u.passwordSet,
      ]),
    ).toEqual([
      ['amy', true],
      ['bob', true],
    ]);
    const store = await openDataStore(temp.dataArgs()[1] as string);
    const bob = await store.getUser('bob');
    expect(await verifyPassword('bob’s password', bob?.passwordHash ?? '')).toBe(true);
    const [record] = await store.listAudit({ kind: 'user', limit: 1 });
    expect(record?.actor).toMatch(/^cli:.+@.+$/);
    await store.close();
  });

  it('creates a token printing its secret once, lists it without, and revokes it', async () => {
    await run('', 'user', 'add', 'ci', '--role', 'editor');
    const created = await run(
      '',
      'token',
      'create',
      '--user',
      'ci',
      '--name',
      'deploy',
      '--scope',
      'read',
      '--scope',
      'ingest',
      '--json',
    );
    const { token, secret } = JSON.parse(created.out);
    expect(secret).toMatch(/^sc_/);
    expect(token.scopes).toEqual(['read', 'ingest']);
    const listed = await run('', 'token', 'list');
    expect(listed.out).toContain(token.id);
    expect(listed.out).not.toContain(secret);
    await run('', 'token', 'revoke', token.id);
    expect((await run('', 'token', 'list', '--json')).out).toContain('"revokedAt": "20');
  });

  it('prints the audit log, filtered', async () => {
    await run('', 'user', 'add', 'amy', '--role', 'viewer');
    const result = await runCli('audit', '--kind', 'user', '--json', ...temp.dataArgs());
    expect(result.code).toBe(0);
    const records = JSON.parse(result.out);
    expect(records.map((r: { op: string; key: string }) => `${r.op} ${r.key}`)).toEqual([
      'create amy',
    ]);
    expect(records[0].after).toMatchObject({ name: 'amy', role: 'viewer', passwordSet: false });
    const table = await runCli('audit', ...temp.dataArgs());
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+AT\s+ACTOR\s+OP\s+KIND\s+KEY$/);
  });
});
