import { describe, expect, it } from 'vitest';
import { addUpdate, changeFields, setPostmortem } from '../../incidents/lifecycle.js';
import type { Incident, NewIncident } from '../../incidents/types.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import type { Store } from '../store.js';
import { alice, bob, type OpenStore, rejectionOf } from './helpers.js';

const T = Date.parse('2026-11-28T19:00:00Z');

function draft(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title: 'SAP is slow',
    status: 'investigating',
    visibility: 'internal',
    services: [
      { service: 'db01', impact: 'major_outage' },
      { service: 'sap', impact: 'degraded' },
    ],
    signals: [],
    updates: [{ status: 'investigating', message: 'Looking into it', author: 'user:alice', at: T }],
    rootCause: [
      {
        service: 'sap',
        explanation: {
          service: 'sap',
          level: 'operational',
          maintenance: false,
          signals: [],
          maintenanceWindows: [],
          causes: [],
        },
      },
    ],
    postmortem: null,
    author: 'user:alice',
    createdAt: T,
    updatedAt: T,
    resolvedAt: null,
    ...overrides,
  };
}

/** Everything a test can see of incidents, to show that a refused write changed nothing. */
async function incidentSnapshot(store: Store): Promise<unknown> {
  const list = await store.listIncidents({ limit: 500 });
  const full = await Promise.all(list.map((i) => store.getIncident(i.id)));
  return { list, full, audit: await store.listAudit({ kind: 'incident', limit: 1000 }) };
}

/** Incidents: ids, versions, the log appended to, impacts, filters, audit, refusals. */
export function incidentContract(open: OpenStore): void {
  const opened = async () => {
    const store = await open();
    await store.migrate();
    return store;
  };

  describe('incidents', () => {
    it('stores a new incident with id 1 and version 1, reads it back whole, and audits it', async () => {
      const store = await opened();
      try {
        const created = await store.createIncident(draft(), alice);
        const expected: Incident = { ...draft(), id: 1, version: 1 };
        expect(created).toStrictEqual(expected);
        expect(await store.getIncident(1)).toStrictEqual(expected);
        expect(await store.getIncident(2)).toBeUndefined();
        const [record] = await store.listAudit({ kind: 'incident' });
        expect(record).toMatchObject({ actor: 'user:alice', op: 'create', key: '1', before: null });
        expect(record?.after).toStrictEqual({
          id: 1,
          title: 'SAP is slow',
          status: 'investigating',
          visibility: 'internal',
          services: draft().services,
          signals: [],
          author: 'user:alice',
          createdAt: T,
          updatedAt: T,
          resolvedAt: null,
          version: 1,
          updateCount: 1,
          postmortem: null,
          lastUpdate: draft().updates[0],
        });
      } finally {
        await store.close();
      }
    });

    it('changes an incident one version at a time: fields, impacts, an appended update, a postmortem', async () => {
      const store = await opened();
      try {
        await store.createIncident(draft(), alice);
        const renamed = await store.updateIncident(
          1,
          (current) =>
            changeFields(
              current,
              { title: 'SAP down', services: [{ service: 'sap', impact: 'major_outage' }] },
              T + 1,
            ),
          bob,
          1,
        );
        expect(renamed).toMatchObject({ version: 2, title: 'SAP down', updatedAt: T + 1 });
        const resolved = await store.updateIncident(
          1,
          (current) =>
            addUpdate(
              current,
              { message: 'Fixed', status: 'resolved' },
              { author: 'x', at: T + 2 },
            ),
          bob,
        );
        const withPostmortem = await store.updateIncident(
          1,
          (current) => setPostmortem(current, '# What happened', T + 3),
          alice,
          3,
        );
        const expected: Incident = {
          ...draft(),
          id: 1,
          title: 'SAP down',
          status: 'resolved',
          services: [{ service: 'sap', impact: 'major_outage' }],
          updates: [
            ...draft().updates,
            { status: 'resolved', message: 'Fixed', author: 'x', at: T + 2 },
          ],
          postmortem: '# What happened',
          updatedAt: T + 3,
          resolvedAt: T + 2,
          version: 4,
        };
        expect(resolved.version).toBe(3);
        expect(withPostmortem).toStrictEqual(expected);
        expect(await store.getIncident(1)).toStrictEqual(expected);
        const audit = await store.listAudit({ kind: 'incident' });
        expect(audit.map((r) => [r.op, r.actor, (r.after as Incident).version])).toStrictEqual([
          ['update', 'user:alice', 4],
          ['update', 'token:ci-deploy', 3],
          ['update', 'token:ci-deploy', 2],
          ['create', 'user:alice', 1],
        ]);
        expect(audit[1]?.before).toMatchObject({ version: 2 });
      } finally {
        await store.close();
      }
    });

    it('refuses a stale version, an unknown id, and a change that throws, changing nothing', async () => {
      const store = await opened();
      try {
        await store.createIncident(draft(), alice);
        const before = await incidentSnapshot(store);
        const stale = await rejectionOf(
          store.updateIncident(1, (c) => changeFields(c, { title: 'x' }, T + 1), bob, 2),
        );
        expect(stale).toBeInstanceOf(ConflictError);
        expect(stale.message).toBe('incident 1 is at version 1, not 2: read it again');
        const missing = await rejectionOf(
          store.updateIncident(7, (c) => changeFields(c, { title: 'x' }, T + 1), bob),
        );
        expect(missing).toBeInstanceOf(NotFoundError);
        expect(missing.message).toBe('no incident 7');
        const refused = await rejectionOf(
          store.updateIncident(
            1,
            () => {
              throw new InputError('no');
            },
            bob,
          ),
        );
        expect(refused.message).toBe('no');
        const rewritten = await rejectionOf(
          store.updateIncident(1, (c) => ({ ...c, updates: [] }), bob),
        );
        expect(rewritten.message).toBe('incident 1: a change may only append to the log');
        const anonymous = await rejectionOf(store.createIncident(draft(), { id: '' }));
        expect(anonymous).toBeInstanceOf(InputError);
        expect(await incidentSnapshot(store)).toStrictEqual(before);
      } finally {
        await store.close();
      }
    });

    it('lists newest first, filtered by state, service and visibility, paged by id', async () => {
      const store = await opened();
      try {
        await store.createIncident(draft({ title: 'one' }), alice);
        await store.createIncident(
          draft({
            title: 'two',
            visibility: 'public',
            services: [{ service: 'web', impact: 'partial_outage' }],
          }),
          alice,
        );
        await store.createIncident(
          draft({ title: 'three', status: 'resolved', resolvedAt: T + 5 }),
          alice,
        );
        const titles = async (query: Parameters<Store['listIncidents']>[0]) =>
          (await store.listIncidents(query)).map((i) => i.title);
        expect(await titles({})).toStrictEqual(['three', 'two', 'one']);
        expect(await titles({ state: 'open' })).toStrictEqual(['two', 'one']);
        expect(await titles({ state: 'resolved' })).toStrictEqual(['three']);
        expect(await titles({ service: 'sap' })).toStrictEqual(['three', 'one']);
        expect(await titles({ service: 'web', state: 'open' })).toStrictEqual(['two']);
        expect(await titles({ visibility: 'public' })).toStrictEqual(['two']);
        expect(await titles({ before: 3, limit: 1 })).toStrictEqual(['two']);
        expect(await titles({ before: 2 })).toStrictEqual(['one']);
        const [two] = await store.listIncidents({ visibility: 'public' });
        expect(two).toStrictEqual({
          id: 2,
          title: 'two',
          status: 'investigating',
          visibility: 'public',
          services: [{ service: 'web', impact: 'partial_outage' }],
          signals: [],
          author: 'user:alice',
          createdAt: T,
          updatedAt: T,
          resolvedAt: null,
          version: 1,
          updateCount: 1,
        });
        expect((await store.listOpenIncidents()).map((i) => [i.id, i.services])).toStrictEqual([
          [1, draft().services],
          [2, [{ service: 'web', impact: 'partial_outage' }]],
        ]);
        for (const limit of [0, 501, 1.5]) {
          const error = await rejectionOf(store.listIncidents({ limit }));
          expect(error).toBeInstanceOf(InputError);
          expect(error.message).toBe(`limit: ${limit} is not a whole number from 1 to 500`);
        }
        expect((await rejectionOf(store.listIncidents({ before: -1 }))).message).toBe(
          'before: -1 is not an incident id',
        );
      } finally {
        await store.close();
      }
    });

    it('tells which linked signal ids name no stored signal', async () => {
      const store = await opened();
      try {
        const [recorded] = await store.recordSignals([
          {
            source: 'generic',
            key: 'k',
            state: 'firing',
            startsAt: T,
            endsAt: null,
            level: 'degraded',
            labels: {},
            services: [],
            unmatched: 'no matcher',
            receivedAt: T,
          },
        ]);
        const id = recorded?.id as number;
        expect(await store.missingSignals([id + 2, id, id + 1, id + 2])).toStrictEqual([
          id + 1,
          id + 2,
        ]);
        expect(await store.missingSignals([])).toStrictEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
