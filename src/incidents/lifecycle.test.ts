import { describe, expect, it } from 'vitest';
import { ConflictError, InputError } from '../model/errors.js';
import {
  addUpdate,
  changeFields,
  moveProblem,
  openIncident,
  resolveIncident,
  setPostmortem,
} from './lifecycle.js';
import { INCIDENT_LIMITS } from './limits.js';
import { INCIDENT_STATUSES, type Incident } from './types.js';

const T = Date.parse('2026-11-28T19:00:00Z');
const alice = { author: 'user:alice', at: T };

function opened(): Incident {
  const fresh = openIncident(
    {
      title: 'Checkout fails',
      message: 'Payments time out',
      services: [{ service: 'payments', impact: 'major_outage' }],
      status: 'investigating',
      visibility: 'public',
      signals: [4],
    },
    alice,
    [],
  );
  return { ...fresh, id: 9, version: 1 };
}

describe('moveProblem', () => {
  it('lets open statuses move anywhere, forwards and back, and to resolved', () => {
    const open = ['investigating', 'identified', 'monitoring'] as const;
    for (const from of open)
      for (const to of INCIDENT_STATUSES) expect(moveProblem(from, to, false)).toBeUndefined();
  });

  it('keeps a resolved incident resolved unless the move says reopen', () => {
    expect(moveProblem('resolved', 'resolved', false)).toBe('the incident is resolved already');
    expect(moveProblem('resolved', 'resolved', true)).toBe('the incident is resolved already');
    expect(moveProblem('resolved', 'monitoring', false)).toBe(
      'the incident is resolved: send reopen: true to move it back to monitoring',
    );
    expect(moveProblem('resolved', 'investigating', true)).toBeUndefined();
    expect(moveProblem('identified', 'monitoring', true)).toBe(
      'reopen: the incident is not resolved',
    );
  });
});

describe('the incident lifecycle', () => {
  it('opens with one update saying what the draft says, by the author, at the time', () => {
    const incident = opened();
    expect(incident.updates).toStrictEqual([
      { status: 'investigating', message: 'Payments time out', author: 'user:alice', at: T },
    ]);
    expect(incident).toMatchObject({
      status: 'investigating',
      createdAt: T,
      updatedAt: T,
      resolvedAt: null,
      postmortem: null,
      author: 'user:alice',
    });
  });

  it('appends updates, sets the status from them, resolves, and reopens only when asked', () => {
    const bob = { author: 'user:bob', at: T + 60_000 };
    const identified = addUpdate(opened(), { message: 'A bad deploy', status: 'identified' }, bob);
    expect(identified.status).toBe('identified');
    const same = addUpdate(identified, { message: 'Rolling back' }, { ...bob, at: T + 120_000 });
    expect(same.status).toBe('identified');
    const resolved = resolveIncident(same, 'Rolled back', { ...bob, at: T + 180_000 });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedAt: T + 180_000,
      updatedAt: T + 180_000,
    });
    expect(resolved.updates.map((u) => [u.status, u.message])).toStrictEqual([
      ['investigating', 'Payments time out'],
      ['identified', 'A bad deploy'],
      ['identified', 'Rolling back'],
      ['resolved', 'Rolled back'],
    ]);
    expect(() => resolveIncident(resolved, 'again', bob)).toThrow(
      new ConflictError('incident 9: the incident is resolved already', [
        { path: 'status', message: 'the incident is resolved already' },
      ]),
    );
    expect(() => addUpdate(resolved, { message: 'still?' }, bob)).toThrow(ConflictError);
    const reopened = addUpdate(
      resolved,
      { message: 'It is back', status: 'investigating', reopen: true },
      { ...bob, at: T + 240_000 },
    );
    expect(reopened).toMatchObject({ status: 'investigating', resolvedAt: null });
    expect(() =>
      addUpdate(reopened, { message: 'x', status: 'monitoring', reopen: true }, bob),
    ).toThrow(
      new InputError('reopen: the incident is not resolved', [
        { path: 'reopen', message: 'reopen: the incident is not resolved' },
      ]),
    );
  });

  it('refuses an update past the most one incident keeps', () => {
    let incident = opened();
    for (let i = 1; i < INCIDENT_LIMITS.updatesMax; i++)
      incident = addUpdate(incident, { message: `note ${i}` }, alice);
    expect(incident.updates.length).toBe(INCIDENT_LIMITS.updatesMax);
    expect(() => addUpdate(incident, { message: 'one more' }, alice)).toThrow(
      'incident 9 has 200 updates, the most one incident keeps: open a new incident',
    );
  });

  it('changes fields and the postmortem without touching the log', () => {
    const changed = changeFields(
      opened(),
      { title: 'Checkout down', visibility: 'internal' },
      T + 5,
    );
    expect(changed).toStrictEqual({
      ...opened(),
      title: 'Checkout down',
      visibility: 'internal',
      updatedAt: T + 5,
    });
    const written = setPostmortem(changed, '## Timeline', T + 6);
    expect(written).toStrictEqual({ ...changed, postmortem: '## Timeline', updatedAt: T + 6 });
  });
});
