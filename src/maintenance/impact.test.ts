import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/index.js';
import { sketchModel } from '../engine/model-builder.test-helper.js';
import { modelToCompact } from '../engine/model-to-compact.js';
import { chainModel } from '../store/test-model.js';
import { maintenanceReach } from './impact.js';

describe('maintenanceReach', () => {
  const compact = modelToCompact(chainModel());

  it('stops where a redundant pair keeps the service up: one database of two reaches nothing more', () => {
    expect(maintenanceReach(compact, ['db01'])).toEqual({
      services: [{ service: 'db01', covered: true }],
      parties: [{ party: 'infra-team', kind: 'team', relation: 'provider', services: ['db01'] }],
    });
  });

  it('reaches everything that rests on the pair when both are in, through rules, caps and shifts', () => {
    // db-cluster (best) fails with both; sap-erp (atLeast) and analytics (thresholds, shifted
    // edge) follow; order-to-cash reaches it through a capped edge too.
    const reach = maintenanceReach(compact, ['db02', 'db01']);
    expect(reach.services).toEqual([
      { service: 'db02', covered: true },
      { service: 'db01', covered: true },
      { service: 'analytics', covered: false },
      { service: 'db-cluster', covered: false },
      { service: 'invoicing', covered: false },
      { service: 'order-entry', covered: false },
      { service: 'order-to-cash', covered: false },
      { service: 'sap-erp', covered: false },
    ]);
    expect(reach.parties).toEqual([
      { party: 'finance', kind: 'team', relation: 'customer', services: ['invoicing'] },
      { party: 'finance', kind: 'team', relation: 'provider', services: ['invoicing'] },
      {
        party: 'infra-team',
        kind: 'team',
        relation: 'provider',
        services: ['db-cluster', 'db01', 'db02'],
      },
      {
        party: 'retail-customers',
        kind: 'external',
        relation: 'customer',
        services: ['order-to-cash'],
      },
      { party: 'sales', kind: 'team', relation: 'customer', services: ['sap-erp'] },
      {
        party: 'sales',
        kind: 'team',
        relation: 'provider',
        services: ['order-entry', 'order-to-cash'],
      },
      {
        party: 'sap-team',
        kind: 'team',
        relation: 'provider',
        services: ['analytics', 'sap-erp'],
      },
    ]);
  });

  it('is what the live engine flags, whatever levels the live engine holds', () => {
    const engine = createEngine(chainModel());
    // order-to-cash is down already: an outage impact would not list it, the maintenance flag does.
    engine.apply(
      [{ type: 'signal', service: 'order-to-cash', key: 'x', level: 'major_outage' }],
      1,
    );
    const live = engine.apply(
      [
        { type: 'maintenance', service: 'db01', key: 'w', active: true },
        { type: 'maintenance', service: 'db02', key: 'w', active: true },
      ],
      2,
    );
    const flagged = live
      .filter((t) => t.to.maintenance)
      .map((t) => t.service)
      .sort();
    expect(
      maintenanceReach(engine.compact, ['db01', 'db02'])
        .services.map((s) => s.service)
        .sort(),
    ).toEqual(flagged);
    expect(engine.impact('db01').services.map((s) => s.service)).toEqual(['db01']);
  });

  it('leaves out what rests on a covered service through an ignored edge', () => {
    const model = sketchModel({
      services: ['app', 'logs', 'web'],
      dependsOn: ['web->app', { from: 'app', to: 'logs', impact: 'ignore' }],
    });
    expect(maintenanceReach(modelToCompact(model), ['logs']).services).toEqual([
      { service: 'logs', covered: true },
    ]);
    expect(maintenanceReach(modelToCompact(model), ['app']).services).toEqual([
      { service: 'app', covered: true },
      { service: 'web', covered: false },
    ]);
  });

  it('plans again on the same model from a clean engine', () => {
    maintenanceReach(compact, ['db01', 'db02']);
    expect(maintenanceReach(compact, ['db01']).services).toEqual([
      { service: 'db01', covered: true },
    ]);
  });
});
