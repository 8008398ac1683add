import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolderPerTest } from '../../../test/cli-run.js';

const temp = tempFolderPerTest('servicechain-maintenance-');
const data = temp.dataArgs;

const MODEL = `apiVersion: servicechain/v1
kind: Party
metadata: { id: ops, name: Operations }
spec: { kind: team }
---
apiVersion: servicechain/v1
kind: Service
metadata: { id: app, name: App }
spec: { label: application, provider: ops, dependsOn: [db] }
---
apiVersion: servicechain/v1
kind: Service
metadata: { id: db, name: Database }
spec: { label: infrastructure, provider: ops }
`;

async function withModel(): Promise<void> {
  const file = join(temp.folder(), 'model.yaml');
  await writeFile(file, MODEL);
  expect((await runCli('apply', file, ...data())).code).toBe(0);
}

// Far enough ahead that the windows are never over when the tests run.
const oneOff = ['--start', '2099-01-05T22:00:00Z', '--end', '2099-01-06T02:00:00Z'];

describe('servicechain maintenance', () => {
  it('schedules, lists, shows the impact of, and cancels a window in a data folder', async () => {
    await withModel();
    const planned = await runCli(
      'maintenance',
      'schedule',
      '--title',
      'DB upgrade',
      '--service',
      'db',
      ...oneOff,
      ...data(),
      '--json',
    );
    expect(planned.code).toBe(0);
    expect(JSON.parse(planned.out)).toMatchObject({
      id: 1,
      state: 'upcoming',
      services: ['db'],
      next: [{ start: '2099-01-05T22:00:00.000Z', end: '2099-01-06T02:00:00.000Z' }],
    });
    const listed = await runCli('maintenance', 'list', '--when', 'upcoming', ...data());
    expect(listed.out).toBe(
      'ID  STATE     TITLE       SERVICES  NEXT\n1   upcoming  DB upgrade  db        2099-01-05T22:00:00.000Z\n',
    );
    const impact = await runCli('maintenance', 'impact', '1', ...data(), '--json');
    expect(JSON.parse(impact.out)).toEqual({
      services: [
        { service: 'db', covered: true },
        { service: 'app', covered: false },
      ],
      parties: [{ party: 'ops', kind: 'team', relation: 'provider', services: ['app', 'db'] }],
      next: [{ start: '2099-01-05T22:00:00.000Z', end: '2099-01-06T02:00:00.000Z' }],
    });
    const cancelled = await runCli('maintenance', 'cancel', '1', ...data());
    expect(cancelled.code).toBe(0);
    expect(cancelled.out).toContain('state        cancelled');
    expect(
      (await runCli('maintenance', 'list', '--when', 'past', ...data(), '--json')).out,
    ).toContain('"cancelled": true');
  });

  it('previews a recurring draft without storing it', async () => {
    await withModel();
    const preview = await runCli(
      'maintenance',
      'impact',
      '--service',
      'app',
      '--rrule',
      'FREQ=MONTHLY;BYDAY=-1SU;COUNT=2',
      '--dtstart',
      '2099-01-25T03:00',
      '--zone',
      'Europe/Berlin',
      '--duration',
      '60',
      ...data(),
    );
    expect(preview.code).toBe(0);
    expect(preview.out).toBe(
      [
        'SERVICE  WHY',
        'app      covered',
        '',
        'PARTY  KIND  AS        SERVICES',
        'ops    team  provider  app',
        '',
        'next: 2099-01-25T02:00:00.000Z to 2099-01-25T03:00:00.000Z; 2099-02-22T02:00:00.000Z to 2099-02-22T03:00:00.000Z',
        '',
      ].join('\n'),
    );
    expect((await runCli('maintenance', 'list', ...data())).out).toBe('no maintenance windows\n');
  });

  it('refuses a window that ends before it starts and a rule that fires hourly, storing nothing', async () => {
    await withModel();
    const backwards = await runCli(
      'maintenance',
      'schedule',
      '--title',
      'x',
      '--service',
      'db',
      '--start',
      '2099-01-06T00:00:00Z',
      '--end',
      '2099-01-05T00:00:00Z',
      ...data(),
    );
    expect(backwards.code).toBe(1);
    expect(backwards.err).toBe(
      'error: the window is refused: end: 2099-01-05T00:00:00Z is not after start 2099-01-06T00:00:00Z\n  2099-01-05T00:00:00Z is not after start 2099-01-06T00:00:00Z\n',
    );
    const hourly = await runCli(
      'maintenance',
      'schedule',
      '--title',
      'x',
      '--service',
      'db',
      '--rrule',
      'FREQ=HOURLY;COUNT=5',
      '--dtstart',
      '2099-01-05T00:00',
      '--zone',
      'UTC',
      '--duration',
      '10',
      ...data(),
    );
    expect(hourly.code).toBe(1);
    expect(hourly.err).toContain('recurrence.rrule.FREQ: HOURLY is too frequent for maintenance');
    const usage = await runCli(
      'maintenance',
      'schedule',
      '--title',
      'x',
      '--service',
      'db',
      ...data(),
    );
    expect(usage.code).toBe(2);
    expect((await runCli('maintenance', 'list', ...data())).out).toBe('no maintenance windows\n');
  });
});
