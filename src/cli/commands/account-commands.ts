import type { Command } from 'commander';
import { Accounts } from '../../accounts/accounts.js';
import { type Role, type TokenScope, tokenView, userView } from '../../accounts/types.js';
import { isRole, isTokenScope } from '../../accounts/validate.js';
import type { AuditQuery, Store } from '../../store/store.js';
import { dataDirFrom, openDataStore } from '../data-store.js';
import { type Io, printJson, renderTable, terminalSafe } from '../output.js';
import { CommanderUsage } from './chain-commands.js';
import { cliActor } from './model-commands.js';

const DATA_OPTION = [
  '--data <dir>',
  'data folder (env SERVICECHAIN_DATA, default ./data)',
] as const;

/** Reads a secret typed or piped on standard input: its first line. */
export type ReadSecret = () => Promise<string>;

export async function readFirstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (String(chunk).includes('\n')) break;
  }
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

async function withAccounts<T>(data: string | undefined, work: (a: Accounts) => Promise<T>) {
  const store = await openDataStore(dataDirFrom(data));
  try {
    return await work(new Accounts(store));
  } finally {
    await store.close();
  }
}

function parseRole(value: string): Role {
  if (!isRole(value)) throw new CommanderUsage(`--role: '${value}' is not viewer, editor or admin`);
  return value;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `user add|list|passwd` and `token create|list|revoke` on the local data store. */
export function registerAccountCommands(
  program: Command,
  io: Io,
  readSecret: ReadSecret = readFirstLineOfStdin,
): void {
  const user = program.command('user').description('users of the server: add, list, passwd');
  user
    .command('add')
    .description(
      'add a user; with --password-stdin the first line of standard input is the password',
    )
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', 'viewer, editor or admin', parseRole)
    .option('--team <party>', 'a team (party id) the user belongs to; repeatable', collect)
    .option('--password-stdin', 'read the password from standard input')
    .option(...DATA_OPTION)
    .action(
      async (
        name: string,
        o: { role: Role; team?: string[]; passwordStdin?: boolean; data?: string },
      ) => {
        const password = o.passwordStdin ? await readSecret() : undefined;
        await withAccounts(o.data, (a) =>
          a.createUser({ name, role: o.role, teams: o.team ?? [], password }, { id: cliActor() }),
        );
        io.out(
          `added ${terminalSafe(name)} (${o.role})${password ? '' : '; no password yet: run `servicechain user passwd`'}`,
        );
      },
    );
  user
    .command('list')
    .description('list users')
    .option(...DATA_OPTION)
    .option('--json', 'print as JSON')
    .action(async (o: { data?: string; json?: boolean }) => {
      const users = (await withAccounts(o.data, (a) => a.store.listUsers())).map(userView);
      if (o.json) printJson(io, users);
      else
        io.out(
          renderTable(
            ['NAME', 'ROLE', 'TEAMS', 'STATE'],
            users.map((u) => [
              u.name,
              u.role,
              u.teams.join(','),
              u.disabled ? 'disabled' : u.passwordSet ? 'active' : 'no password',
            ]),
          ),
        );
    });
  user
    .command('passwd')
    .description('set a user’s password from the first line of standard input; ends their sessions')
    .argument('<name>', 'user name')
    .option(...DATA_OPTION)
    .action(async (name: string, o: { data?: string }) => {
      const password = await readSecret();
      await withAccounts(o.data, (a) => a.updateUser(name, { password }, { id: cliActor() }));
      io.out(`password of ${terminalSafe(name)} set; their sessions have ended`);
    });

  const token = program.command('token').description('API tokens: create, list, revoke');
  token
    .command('create')
    .description('create a token for a user; its secret is printed once')
    .requiredOption('--user <name>', 'the user it acts for')
    .requiredOption('--name <name>', 'what it is for, e.g. ci-deploy')
    .requiredOption('--scope <scope>', 'read, write, ingest or admin; repeatable', collect)
    .option('--expires-days <days>', 'days until it expires, or never (default 90)')
    .option(...DATA_OPTION)
    .option('--json', 'print { token, secret } as JSON')
    .action(
      async (o: {
        user: string;
        name: string;
        scope: string[];
        expiresDays?: string;
        data?: string;
        json?: boolean;
      }) => {
        for (const scope of o.scope)
          if (!isTokenScope(scope))
            throw new CommanderUsage(`--scope: '${scope}' is not read, write, ingest or admin`);
        const days =
          o.expiresDays === undefined
            ? undefined
            : o.expiresDays === 'never'
              ? null
              : Number(o.expiresDays);
        const created = await withAccounts(o.data, (a) =>
          a.createToken(
            { user: o.user, name: o.name, scopes: o.scope as TokenScope[], expiresInDays: days },
            { id: cliActor() },
          ),
        );
        if (o.json) printJson(io, { token: tokenView(created.token), secret: created.secret });
        else {
          io.out(
            `token ${created.token.id} for ${terminalSafe(o.user)} (${created.token.scopes.join(', ')}), expires ${created.token.expiresAt ?? 'never'}`,
          );
          io.out(created.secret);
          io.err('This is the only time the secret is shown: store it now.');
        }
      },
    );
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .option('--user <name>', 'only this user’s')
    .option(...DATA_OPTION)
    .option('--json', 'print as JSON')
    .action(async (o: { user?: string; data?: string; json?: boolean }) => {
      const tokens = (await withAccounts(o.data, (a) => a.store.listTokens(o.user))).map(tokenView);
      if (o.json) printJson(io, tokens);
      else
        io.out(
          renderTable(
            ['ID', 'USER', 'NAME', 'SCOPES', 'EXPIRES', 'STATE'],
            tokens.map((t) => [
              t.id,
              t.user,
              t.name,
              t.scopes.join(','),
              t.expiresAt ?? 'never',
              t.revokedAt ? `revoked ${t.revokedAt}` : 'active',
            ]),
          ),
        );
    });
  token
    .command('revoke')
    .description('revoke a token: the very next request with it is refused')
    .argument('<id>', 'token id')
    .option(...DATA_OPTION)
    .action(async (id: string, o: { data?: string }) => {
      await withAccounts(o.data, (a) => a.revokeToken(id, { id: cliActor() }));
      io.out(`revoked token ${terminalSafe(id)}`);
    });
}

/** `audit`: the change log, newest first, filtered. */
export function registerAuditCommand(program: Command, io: Io): void {
  program
    .command('audit')
    .description('the audit log, newest first: who changed what, when, before and after')
    .option('--kind <kind>', 'party, service, dependency, subscription, user or token')
    .option('--op <op>', 'create, update or delete')
    .option('--key <key>', 'an id, or from->to')
    .option('--actor <actor>', 'e.g. user:amy, token:ID, cli:root@host')
    .option('--before <id>', 'only records older than this id (paging)')
    .option('--limit <n>', 'how many (1 to 1000, default 100)')
    .option(...DATA_OPTION)
    .option('--json', 'print as JSON, with before and after')
    .action(
      async (o: {
        kind?: string;
        op?: string;
        key?: string;
        actor?: string;
        before?: string;
        limit?: string;
        data?: string;
        json?: boolean;
      }) => {
        const query: AuditQuery = {
          kind: o.kind as AuditQuery['kind'],
          op: o.op as AuditQuery['op'],
          key: o.key,
          actor: o.actor,
          before: o.before === undefined ? undefined : Number(o.before),
          limit: o.limit === undefined ? undefined : Number(o.limit),
        };
        const store: Store = await openDataStore(dataDirFrom(o.data));
        const records = await store.listAudit(query).finally(() => store.close());
        if (o.json) printJson(io, records);
        else
          io.out(
            renderTable(
              ['ID', 'AT', 'ACTOR', 'OP', 'KIND', 'KEY'],
              records.map((r) => [String(r.id), r.at, r.actor, r.op, r.kind, r.key]),
            ),
          );
      },
    );
}
