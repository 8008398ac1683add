import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/index.js';
import type { AffectedService } from '../incidents/types.js';
import { chainModel } from '../store/test-model.js';
import { IncidentInputs, incidentInputKey } from './incident-inputs.js';

const open = (id: number, services: AffectedService[], title = `incident ${id}`) => ({
  id,
  title,
  services,
});

describe('IncidentInputs.sync', () => {
  it('sets impacts, clears services taken off, changes levels, and clears resolved incidents', () => {
    const inputs = new IncidentInputs();
    expect(
      inputs.sync([
        open(1, [
          { service: 'db01', impact: 'major_outage' },
          { service: 'sap-erp', impact: 'degraded' },
        ]),
      ]),
    ).toStrictEqual([
      {
        type: 'signal',
        service: 'db01',
        key: 'incident/1',
        level: 'major_outage',
        summary: 'incident 1',
      },
      {
        type: 'signal',
        service: 'sap-erp',
        key: 'incident/1',
        level: 'degraded',
        summary: 'incident 1',
      },
    ]);
    expect(
      inputs.sync([open(1, [{ service: 'sap-erp', impact: 'partial_outage' }])]),
    ).toStrictEqual([
      { type: 'signal', service: 'db01', key: 'incident/1', level: null },
      {
        type: 'signal',
        service: 'sap-erp',
        key: 'incident/1',
        level: 'partial_outage',
        summary: 'incident 1',
      },
    ]);
    expect(inputs.sync([open(1, [{ service: 'sap-erp', impact: 'partial_outage' }])])).toEqual([]);
    expect(inputs.sync([])).toStrictEqual([
      { type: 'signal', service: 'sap-erp', key: 'incident/1', level: null },
    ]);
    expect(inputs.size).toBe(0);
  });

  it('tells a new title again, so explanations name the incident as it is called now', () => {
    const inputs = new IncidentInputs();
    inputs.sync([open(4, [{ service: 'db01', impact: 'degraded' }], 'old')]);
    expect(inputs.sync([open(4, [{ service: 'db01', impact: 'degraded' }], 'new')])).toStrictEqual([
      { type: 'signal', service: 'db01', key: 'incident/4', level: 'degraded', summary: 'new' },
    ]);
    expect(incidentInputKey(4)).toBe('incident/4');
  });

  const SERVICES = ['db01', 'db02', 'sap-erp', 'order-entry'];
  const impacts = fc.uniqueArray(
    fc.record({
      service: fc.constantFrom(...SERVICES),
      impact: fc.constantFrom(
        'degraded' as const,
        'partial_outage' as const,
        'major_outage' as const,
      ),
    }),
    { selector: (a) => a.service, maxLength: 4 },
  );
  const openSet = fc.uniqueArray(
    fc.record({ id: fc.integer({ min: 1, max: 4 }), services: impacts }),
    { selector: (i) => i.id, maxLength: 4 },
  );

  it('leaves the engine as one sync of the last open set would, after any sequence (property)', () => {
    fc.assert(
      fc.property(fc.array(openSet, { minLength: 1, maxLength: 8 }), (sets) => {
        const stepwise = createEngine(chainModel());
        const inputs = new IncidentInputs();
        for (const set of sets)
          stepwise.apply(inputs.sync(set.map((i) => open(i.id, i.services))), 0);
        const fresh = createEngine(chainModel());
        const last = sets.at(-1) ?? [];
        fresh.apply(new IncidentInputs().sync(last.map((i) => open(i.id, i.services))), 0);
        const seen = (engine: typeof fresh) =>
          [...engine.statuses()].map((s) => [s.service, s.level, s.own]);
        expect(seen(stepwise)).toStrictEqual(seen(fresh));
        expect(inputs.all().length).toBe(last.reduce((n, i) => n + i.services.length, 0));
      }),
      { numRuns: 200 },
    );
  });
});
