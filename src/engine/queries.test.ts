import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../model/errors.js';
import { createEngine } from './engine.js';
import { sketchModel } from './model-builder.test-helper.js';
import type { EngineInput, Explanation } from './types.js';

const down = (service: string, key = 'k'): EngineInput => ({
  type: 'signal',
  service,
  key,
  level: 'major_outage',
});

/**
 * order-to-cash (retail, finance) -> sap -> db -> san; sap -> net; reporting -> db (soft);
 * providers: sales provides order-to-cash, it-ops provides sap and db.
 */
function chain() {
  return createEngine(
    sketchModel({
      parties: { retail: 'external', finance: 'team', sales: 'team', 'it-ops': 'organization' },
      services: {
        'order-to-cash': { cost: 1000, provider: 'sales' },
        sap: { cost: 300, provider: 'it-ops' },
        db: { provider: 'it-ops' },
        san: {},
        net: {},
        reporting: { cost: 50 },
      },
      dependsOn: [
        'order-to-cash->sap',
        'sap->db',
        'sap->net',
        'db->san',
        { from: 'reporting', to: 'db', impact: 'cap:degraded' },
      ],
      subscriptions: ['retail->order-to-cash', 'finance->order-to-cash', 'finance->reporting'],
    }),
  );
}

describe('explain', () => {
  it('gives the tree of contributing dependencies down to the inputs', () => {
    const engine = chain();
    engine.apply(
      [
        {
          type: 'signal',
          service: 'san',
          key: 'disk',
          level: 'major_outage',
          summary: 'array offline',
        },
      ],
      1,
    );
    const explanation = engine.explain('order-to-cash');
    const path: string[] = [];
    let node: Explanation | undefined = explanation;
    while (node) {
      path.push(`${node.service}:${node.level}`);
      node = node.causes[0]?.explanation;
    }
    expect(path).toEqual([
      'order-to-cash:major_outage',
      'sap:major_outage',
      'db:major_outage',
      'san:major_outage',
    ]);
    const san = explanation.causes[0]?.explanation.causes[0]?.explanation.causes[0]?.explanation;
    expect(san?.signals).toEqual([
      { key: 'disk', level: 'major_outage', summary: 'array offline' },
    ]);
    expect(explanation.causes[0]?.via).toEqual({ impact: 'as-is', contributed: 'major_outage' });
  });

  it('shows what each edge let through, worst first', () => {
    const engine = chain();
    engine.apply([down('san')], 1);
    const reporting = engine.explain('reporting');
    expect(reporting.level).toBe('degraded');
    expect(reporting.causes[0]?.via).toEqual({ impact: 'cap:degraded', contributed: 'degraded' });
  });

  it('shows overrides and maintenance windows, and leaves out operational dependencies', () => {
    const engine = chain();
    engine.apply(
      [
        {
          type: 'override',
          service: 'net',
          level: 'partial_outage',
          author: 'bo',
          reason: 'switch swap',
        },
        { type: 'maintenance', service: 'db', key: 'patch-42', active: true },
      ],
      1,
    );
    const sap = engine.explain('sap');
    expect(sap.causes.map((c) => c.explanation.service)).toEqual(['net', 'db']);
    expect(sap.causes[0]?.explanation.override).toEqual({
      level: 'partial_outage',
      author: 'bo',
      reason: 'switch swap',
    });
    expect(sap.causes[1]?.explanation.maintenanceWindows).toEqual(['patch-42']);
    expect(sap.maintenance).toBe(true);
  });

  it('explains a shared dependency once and marks later appearances as repeated', () => {
    const engine = createEngine(
      sketchModel({
        services: ['top', 'left', 'right', 'base'],
        dependsOn: ['top->left', 'top->right', 'left->base', 'right->base'],
      }),
    );
    engine.apply([down('base')], 1);
    const top = engine.explain('top');
    const [left, right] = top.causes.map((c) => c.explanation);
    expect(left?.causes[0]?.explanation.repeated).toBeUndefined();
    expect(right?.causes[0]?.explanation).toMatchObject({
      service: 'base',
      repeated: true,
      causes: [],
    });
  });

  it('cuts a deep chain at maxDepth and marks the cut', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `s${i}`);
    const engine = createEngine(
      sketchModel({ services: ids, dependsOn: ids.slice(1).map((id, i) => `${id}->s${i}`) }),
    );
    engine.apply([down('s0')], 1);
    let node = engine.explain('s199', { maxDepth: 10 });
    let depth = 0;
    while (node.causes[0]) {
      node = node.causes[0].explanation;
      depth++;
    }
    expect(depth).toBe(10);
    expect(node.truncated).toBe(true);
    expect(JSON.stringify(engine.explain('s199')).length).toBeGreaterThan(0);
  });
});

describe('impact', () => {
  it('lists every service that would change by hop, the parties and the cost', () => {
    const report = chain().impact('db');
    expect(report.services).toEqual([
      { service: 'db', hop: 0, from: 'operational', to: 'major_outage' },
      { service: 'sap', hop: 1, from: 'operational', to: 'major_outage' },
      { service: 'reporting', hop: 1, from: 'operational', to: 'degraded' },
      { service: 'order-to-cash', hop: 2, from: 'operational', to: 'major_outage' },
    ]);
    expect(report.costPerHour).toBe(1300);
    expect(report.parties).toEqual([
      {
        party: 'finance',
        kind: 'team',
        relation: 'customer',
        services: ['reporting', 'order-to-cash'],
      },
      { party: 'it-ops', kind: 'organization', relation: 'provider', services: ['db', 'sap'] },
      { party: 'retail', kind: 'external', relation: 'customer', services: ['order-to-cash'] },
      { party: 'sales', kind: 'team', relation: 'provider', services: ['order-to-cash'] },
    ]);
  });

  it('takes the level asked for', () => {
    const report = chain().impact('san', 'degraded');
    expect(report.services.map((s) => `${s.service}:${s.to}`)).toEqual([
      'san:degraded',
      'db:degraded',
      'sap:degraded',
      'reporting:degraded',
      'order-to-cash:degraded',
    ]);
    expect(report.costPerHour).toBe(0);
  });

  it('shows nothing that is already at that level, and leaves live state untouched', () => {
    const engine = chain();
    engine.apply([down('san')], 1);
    const before = [...engine.statuses()];
    expect(engine.impact('db').services).toEqual([]);
    expect(engine.impact('net').services.map((s) => s.service)).toEqual(['net']);
    expect([...engine.statuses()]).toEqual(before);
  });

  it('a redundant pair protects the consumer from one member', () => {
    const engine = createEngine(
      sketchModel({
        services: { web: { rule: 'best' }, a: {}, b: {} },
        dependsOn: ['web->a', 'web->b'],
      }),
    );
    expect(engine.impact('a').services.map((s) => s.service)).toEqual(['a']);
    engine.apply([down('b')], 1);
    expect(engine.impact('a').services.map((s) => s.service)).toEqual(['a', 'web']);
  });
});

describe('what-if', () => {
  it('returns the differences and the parties, never touching live state', () => {
    const engine = chain();
    const before = [...engine.statuses()];
    const report = engine.whatIf([down('san'), down('net')]);
    expect(report.changes).toEqual([
      { service: 'san', from: 'operational', to: 'major_outage' },
      { service: 'net', from: 'operational', to: 'major_outage' },
      { service: 'db', from: 'operational', to: 'major_outage' },
      { service: 'sap', from: 'operational', to: 'major_outage' },
      { service: 'reporting', from: 'operational', to: 'degraded' },
      { service: 'order-to-cash', from: 'operational', to: 'major_outage' },
    ]);
    expect(report.parties.map((p) => `${p.party}:${p.services.join('+')}`)).toEqual([
      'finance:reporting+order-to-cash',
      'it-ops:db+sap',
      'retail:order-to-cash',
      'sales:order-to-cash',
    ]);
    expect([...engine.statuses()]).toEqual(before);
    expect(engine.recompute()).toBe(0);
  });

  it('starts from the live inputs: clearing a live signal shows the recovery', () => {
    const engine = chain();
    engine.apply([down('san')], 1);
    const report = engine.whatIf([{ type: 'signal', service: 'san', key: 'k', level: null }]);
    expect(report.changes.map((c) => `${c.service}:${c.to}`)).toEqual([
      'san:operational',
      'db:operational',
      'sap:operational',
      'reporting:operational',
      'order-to-cash:operational',
    ]);
    expect(engine.status('san').level).toBe('major_outage');
  });
});

describe('dependencies and dependents', () => {
  it('gives the downstream closure by hop', () => {
    expect(chain().dependencies('order-to-cash')).toEqual([
      { service: 'sap', hop: 1 },
      { service: 'db', hop: 2 },
      { service: 'net', hop: 2 },
      { service: 'san', hop: 3 },
    ]);
  });

  it('gives the upstream closure by hop, whatever the levels', () => {
    expect(chain().dependents('san')).toEqual([
      { service: 'db', hop: 1 },
      { service: 'sap', hop: 2 },
      { service: 'reporting', hop: 2 },
      { service: 'order-to-cash', hop: 3 },
    ]);
  });
});

describe('replaceModel', () => {
  it('keeps the inputs of services that remain and reports what changed', () => {
    const engine = chain();
    engine.apply([down('net'), down('san')], 1);
    const next = sketchModel({
      services: { 'order-to-cash': {}, sap: { rule: 'best' }, db: {}, net: {}, erp: {} },
      dependsOn: ['order-to-cash->sap', 'sap->db', 'sap->net', 'erp->net'],
    });
    const transitions = engine.replaceModel(next, 2);
    expect(transitions.map((t) => [t.service, t.from.level, t.to.level, t.cause])).toEqual([
      ['db', 'major_outage', 'operational', 'model'],
      ['sap', 'major_outage', 'operational', 'model'],
      ['erp', 'operational', 'major_outage', 'model'],
      ['order-to-cash', 'major_outage', 'operational', 'model'],
    ]);
    expect(engine.status('net')).toMatchObject({
      level: 'major_outage',
      own: 'major_outage',
      since: 1,
    });
    expect(engine.status('erp').since).toBe(2);
    expect(() => engine.status('san')).toThrow();
    expect(engine.recompute()).toBe(0);
  });
});

describe('compact answers for large callers', () => {
  it('replay changes the state like apply, returning only the count', () => {
    const engine = chain();
    const other = chain();
    expect(engine.replay([down('san')], 7)).toBe(5);
    other.apply([down('san')], 7);
    expect([...engine.statuses()]).toEqual([...other.statuses()]);
  });

  it('impactCompact gives model positions, hops, ranks and cost', () => {
    const impact = chain().impactCompact('db');
    expect([...impact.services]).toEqual([2, 1, 5, 0]);
    expect([...impact.hops]).toEqual([0, 1, 1, 2]);
    expect([...impact.from]).toEqual([0, 0, 0, 0]);
    expect([...impact.to]).toEqual([4, 4, 2, 4]);
    expect(impact.costPerHour).toBe(1300);
  });

  it('closureCompact walks either way by model position', () => {
    const engine = chain();
    expect([...engine.closureCompact('san', 'up').services]).toEqual([2, 1, 5, 0]);
    expect([...engine.closureCompact('order-to-cash', 'down').hops]).toEqual([1, 2, 2, 3]);
    expect(engine.closureCompact('net', 'down').services.length).toBe(0);
    expect([...engine.closureCompact(3, 'up').services]).toEqual([2, 1, 5, 0]);
    expect(() => engine.closureCompact(6, 'up')).toThrow(NotFoundError);
    expect(() => engine.impactCompact('nope')).toThrow(NotFoundError);
  });

  it('closureCompact and impactCompact results stay as returned through later calls', () => {
    const engine = chain();
    const up = engine.closureCompact('san', 'up');
    const impact = engine.impactCompact('san');
    const down = engine.closureCompact('order-to-cash', 'down');
    const copies = [up.services, up.hops, impact.services, impact.hops, impact.to, down.hops].map(
      (array) => [...array],
    );
    for (let i = 0; i < 50; i++) {
      engine.closureCompact(i % 6, i % 2 === 0 ? 'up' : 'down');
      engine.impactCompact(i % 6);
    }
    expect([...up.services, ...up.hops]).toEqual([2, 1, 5, 0, 1, 2, 2, 3]);
    expect(
      [up.services, up.hops, impact.services, impact.hops, impact.to, down.hops].map((a) => [...a]),
    ).toEqual(copies);
  });

  it('replacing a model with itself changes nothing and keeps every input', () => {
    const engine = chain();
    engine.apply([down('san'), { type: 'acknowledge', service: 'db', acknowledged: true }], 1);
    const before = [...engine.statuses()];
    expect(engine.replaceCompact(engine.compact, 2)).toEqual([]);
    expect([...engine.statuses()]).toEqual(before);
  });
});
