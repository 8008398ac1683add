import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A store whose commits finish when the test says, logging what it was asked and when. */
function controlledStore() {
  const log: string[] = [];
  const open: { items: readonly string[]; finish(fail?: Error): void }[] = [];
  const committer = new GroupCommit<string, string>({
    commit: (items) => {
      log.push(`commit ${items.join(',')}`);
      return new Promise((resolve, reject) => {
        open.push({
          items,
          finish: (fail) => (fail ? reject(fail) : resolve(items.map((i) => i.toUpperCase()))),
        });
      });
    },
    afterCommit: (items) => log.push(`told ${items.join(',')}`),
  });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return { log, open, committer, turn };
}

describe('group commit', () => {
  it('commits what one turn submitted together and answers each submitter its own results', async () => {
    const { log, open, committer, turn } = controlledStore();
    const a = committer.submit(['a']);
    const bc = committer.submit(['b', 'c']);
    await turn();
    expect(log).toStrictEqual(['commit a,b,c']);
    open[0]?.finish();
    expect(await a).toStrictEqual(['A']);
    expect(await bc).toStrictEqual(['B', 'C']);
    expect(log).toStrictEqual(['commit a,b,c', 'told a,b,c']);
  });

  it('commits what queued during a commit once that commit is told and answered, a turn later', async () => {
    const { log, open, committer, turn } = controlledStore();
    const a = committer.submit(['a']);
    await turn();
    const b = committer.submit(['b']);
    const c = committer.submit(['c']);
    await turn();
    expect(log).toStrictEqual(['commit a']);
    open[0]?.finish();
    expect(await a).toStrictEqual(['A']);
    expect(log).toStrictEqual(['commit a', 'told a']);
    await turn();
    await turn();
    expect(log).toStrictEqual(['commit a', 'told a', 'commit b,c']);
    open[1]?.finish();
    expect(await Promise.all([b, c])).toStrictEqual([['B'], ['C']]);
    expect(log).toStrictEqual(['commit a', 'told a', 'commit b,c', 'told b,c']);
  });

  it('retries each submission of a failed shared commit alone: only the bad one fails', async () => {
    const { log, open, committer, turn } = controlledStore();
    const results = Promise.allSettled([
      committer.submit(['a']),
      committer.submit(['bad']),
      committer.submit(['c']),
    ]);
    await turn();
    open[0]?.finish(new Error('constraint'));
    await turn();
    open[1]?.finish();
    await turn();
    open[2]?.finish(new Error('constraint'));
    await turn();
    const late = committer.submit(['d']);
    await turn();
    // Nothing new reaches the store while the retries run.
    expect(log).toStrictEqual(['commit a,bad,c', 'commit a', 'told a', 'commit bad', 'commit c']);
    open[3]?.finish();
    await turn();
    await turn();
    open[4]?.finish();
    expect(await late).toStrictEqual(['D']);
    expect((await results).map((r) => r.status)).toStrictEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(log).toStrictEqual([
      'commit a,bad,c',
      'commit a',
      'told a',
      'commit bad',
      'commit c',
      'told c',
      'commit d',
      'told d',
    ]);
  });

  it('answers submitters when telling the engine fails: their items are committed', async () => {
    const heard: unknown[] = [];
    const committer = new GroupCommit<number, number>({
      commit: async (items) => items.map((i) => i * 2),
      afterCommit: () => {
        throw new Error('engine refused');
      },
      onError: (error) => heard.push((error as Error).message),
    });
    expect(await committer.submit([1, 2])).toStrictEqual([2, 4]);
    expect(heard).toStrictEqual(['engine refused']);
  });
});
