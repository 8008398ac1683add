import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../model/errors.js';
import { createEngine } from './engine.js';
import { sketchModel } from './model-builder.test-helper.js';
import type { EngineInput } from './types.js';

const signal = (service: string, level: string | null, key = 'k') =>
  ({ type: 'signal', service, key, level }) as EngineInput;
const windowOn = (service: string, key = 'w'): EngineInput => ({
  type: 'maintenance',
  service,
  key,
  active: true,
});
const ack = (service: string, acknowledged = true): EngineInput => ({
  type: 'acknowledge',
  service,
  acknowledged,
});

/** shop -> app -> db, app -> cache (soft), shop -> cdn */
function shop() {
  return createEngine(
    sketchModel({
      services: ['shop', 'app', 'db', 'cache', 'cdn'],
      dependsOn: [
        'shop->app',
        'shop->cdn',
        'app->db',
        { from: 'app', to: 'cache', impact: 'cap:degraded' },
      ],
    }),
  );
}

describe('apply and status', () => {
  it('starts every service operational, own operational, never changed', () => {
    expect(shop().status('app')).toEqual({
      service: 'app',
      level: 'operational',
      maintenance: false,
      acknowledged: false,
      own: 'operational',
    });
  });

  it('propagates a signal up the chain, returning transitions in dependency order with causes', () => {
    const engine = shop();
    const transitions = engine.apply([signal('db', 'major_outage')], 1000);
    expect(transitions.map((t) => [t.service, t.from.level, t.to.level, t.cause, t.at])).toEqual([
      ['db', 'operational', 'major_outage', 'signal:k', 1000],
      ['app', 'operational', 'major_outage', 'dependency:db', 1000],
      ['shop', 'operational', 'major_outage', 'dependency:app', 1000],
    ]);
    expect(engine.status('shop')).toMatchObject({
      level: 'major_outage',
      since: 1000,
      own: 'operational',
    });
    expect(engine.status('db').own).toBe('major_outage');
  });

  it('stops where a status does not change: a soft dependency caps what passes', () => {
    const engine = shop();
    const transitions = engine.apply([signal('cache', 'major_outage')], 1);
    expect(transitions.map((t) => [t.service, t.to.level])).toEqual([
      ['cache', 'major_outage'],
      ['app', 'degraded'],
      ['shop', 'degraded'],
    ]);
    expect(engine.apply([signal('cache', 'partial_outage')], 2).map((t) => t.service)).toEqual([
      'cache',
    ]);
  });

  it('takes the worst of the signals, and an override over them until removed', () => {
    const engine = shop();
    engine.apply([signal('db', 'degraded', 'a'), signal('db', 'partial_outage', 'b')], 1);
    expect(engine.status('db').level).toBe('partial_outage');
    engine.apply([{ type: 'override', service: 'db', level: 'operational', author: 'ann' }], 2);
    expect(engine.status('db').level).toBe('operational');
    engine.apply([{ type: 'override', service: 'db', level: null }], 3);
    expect(engine.status('db').level).toBe('partial_outage');
    engine.apply([signal('db', null, 'b')], 4);
    expect(engine.status('db').level).toBe('degraded');
  });

  it('follows a service from one signal to several and back to one, explaining each', () => {
    const engine = shop();
    const shown = () => engine.explain('db').signals.map((s) => `${s.key}=${s.level}`);
    engine.apply([signal('db', 'degraded', 'a')], 1);
    engine.apply([signal('db', 'major_outage', 'b'), signal('db', 'partial_outage', 'c')], 2);
    expect(engine.status('db').level).toBe('major_outage');
    expect(shown()).toEqual(['a=degraded', 'b=major_outage', 'c=partial_outage']);
    engine.apply([signal('db', null, 'b'), signal('db', null, 'a')], 3);
    expect(engine.status('db').level).toBe('partial_outage');
    expect(shown()).toEqual(['c=partial_outage']);
    engine.apply([signal('db', 'degraded', 'a')], 4);
    expect(shown()).toEqual(['a=degraded', 'c=partial_outage']);
    engine.apply([signal('db', null, 'c'), signal('db', null, 'a')], 5);
    expect(engine.status('db').level).toBe('operational');
    expect(shown()).toEqual([]);
    engine.apply([signal('db', 'major_outage', 'z')], 6);
    expect(engine.status('db')).toMatchObject({ level: 'major_outage', since: 6 });
  });

  it('applies a batch together: one transition per service, cause from its last input', () => {
    const engine = shop();
    const transitions = engine.apply(
      [
        signal('db', 'degraded'),
        signal('cdn', 'major_outage'),
        signal('db', 'partial_outage', 'x'),
      ],
      5,
    );
    expect(transitions.map((t) => [t.service, t.to.level, t.cause])).toEqual([
      ['db', 'partial_outage', 'signal:x'],
      ['cdn', 'major_outage', 'signal:k'],
      ['app', 'partial_outage', 'dependency:db'],
      ['shop', 'major_outage', 'dependency:app'],
    ]);
  });

  it('a batch that cancels itself out changes nothing', () => {
    const engine = shop();
    expect(engine.apply([signal('db', 'major_outage'), signal('db', null)], 1)).toEqual([]);
  });

  it('rejects a batch with an unknown service or a bad level, applying none of it', () => {
    const engine = shop();
    const bad = [signal('db', 'major_outage'), signal('nope', 'degraded'), signal('app', 'broken')];
    expect(() => engine.apply(bad, 1)).toThrow(InputError);
    try {
      engine.apply(bad, 1);
    } catch (error) {
      expect((error as InputError).details).toEqual([
        { path: 'inputs[1].service', message: "no service 'nope'" },
        { path: 'inputs[2]', message: "'broken' is not a level" },
      ]);
    }
    expect(engine.status('db').level).toBe('operational');
  });

  it('throws NotFoundError for an unknown service', () => {
    expect(() => shop().status('nope')).toThrow(NotFoundError);
  });

  it('has a service of its model, and none it never had or that a new model dropped', () => {
    const engine = shop();
    expect(['shop', 'db', 'nope', ''].map((id) => engine.has(id))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    engine.replaceModel(sketchModel({ services: ['shop', 'app'], dependsOn: ['shop->app'] }), 2);
    expect(['shop', 'app', 'db', 'cdn'].map((id) => engine.has(id))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('lists every status in model order', () => {
    expect([...shop().statuses()].map((s) => s.service)).toEqual([
      'shop',
      'app',
      'db',
      'cache',
      'cdn',
    ]);
  });
});

describe('maintenance: would it matter', () => {
  it('a service with its own window is in maintenance, and so is everything that needs it', () => {
    const engine = shop();
    const transitions = engine.apply([windowOn('db')], 1);
    expect(transitions.map((t) => [t.service, t.to.maintenance, t.to.level, t.cause])).toEqual([
      ['db', true, 'operational', 'maintenance:w'],
      ['app', true, 'operational', 'dependency:db'],
      ['shop', true, 'operational', 'dependency:app'],
    ]);
  });

  it('a soft dependency in maintenance still matters (it would degrade the consumer)', () => {
    const engine = shop();
    engine.apply([windowOn('cache')], 1);
    expect(engine.status('app').maintenance).toBe(true);
  });

  it('an ignored dependency in maintenance does not matter', () => {
    const engine = createEngine(
      sketchModel({ services: ['a', 'b'], dependsOn: [{ from: 'a', to: 'b', impact: 'ignore' }] }),
    );
    engine.apply([windowOn('b')], 1);
    expect(engine.status('a').maintenance).toBe(false);
  });

  it('one redundant member in maintenance does not matter; all of them do', () => {
    const engine = createEngine(
      sketchModel({
        services: { web: { rule: 'best' }, n1: {}, n2: {} },
        dependsOn: ['web->n1', 'web->n2'],
      }),
    );
    engine.apply([windowOn('n1')], 1);
    expect(engine.status('web').maintenance).toBe(false);
    engine.apply([windowOn('n2')], 2);
    expect(engine.status('web').maintenance).toBe(true);
    engine.apply([{ type: 'maintenance', service: 'n1', key: 'w', active: false }], 3);
    expect(engine.status('web').maintenance).toBe(false);
  });

  it('atLeast: maintenance matters only when it leaves too few', () => {
    const engine = createEngine(
      sketchModel({
        services: { pool: { rule: { atLeast: { ok: 2 } } }, a: {}, b: {}, c: {} },
        dependsOn: ['pool->a', 'pool->b', 'pool->c'],
      }),
    );
    engine.apply([windowOn('a')], 1);
    expect(engine.status('pool').maintenance).toBe(false);
    engine.apply([windowOn('b')], 2);
    expect(engine.status('pool').maintenance).toBe(true);
  });

  it('maintenance leaves the level alone', () => {
    const engine = shop();
    engine.apply([windowOn('db'), signal('db', 'major_outage')], 1);
    expect(engine.status('shop')).toMatchObject({ level: 'major_outage', maintenance: true });
  });
});

describe('acknowledgement', () => {
  it('a service acknowledged itself is acknowledged', () => {
    const engine = shop();
    engine.apply([signal('db', 'major_outage'), ack('db')], 1);
    expect(engine.status('db').acknowledged).toBe(true);
  });

  it('a consumer whose every non-operational contribution is acknowledged is acknowledged', () => {
    const engine = shop();
    engine.apply([signal('db', 'major_outage'), ack('db')], 1);
    expect(engine.status('app').acknowledged).toBe(true);
    expect(engine.status('shop').acknowledged).toBe(true);
  });

  it('one unacknowledged contribution is enough to leave the consumer unacknowledged', () => {
    const engine = shop();
    engine.apply([signal('db', 'major_outage'), ack('db'), signal('cache', 'degraded')], 1);
    expect(engine.status('app').acknowledged).toBe(false);
    engine.apply([ack('cache')], 2);
    expect(engine.status('app').acknowledged).toBe(true);
  });

  it('a consumer with trouble of its own is not acknowledged by its dependencies', () => {
    const engine = shop();
    engine.apply([signal('db', 'major_outage'), ack('db'), signal('app', 'degraded')], 1);
    expect(engine.status('app').acknowledged).toBe(false);
  });

  it('an operational service is not acknowledged through its dependencies', () => {
    const engine = createEngine(
      sketchModel({
        services: { web: { rule: 'best' }, n1: {}, n2: {} },
        dependsOn: ['web->n1', 'web->n2'],
      }),
    );
    engine.apply([signal('n1', 'major_outage'), ack('n1')], 1);
    expect(engine.status('web')).toMatchObject({ level: 'operational', acknowledged: false });
  });

  it('unacknowledged trouble that a redundant rule absorbs does not matter', () => {
    const engine = createEngine(
      sketchModel({
        services: { web: { rule: 'best' }, n1: {}, n2: {} },
        dependsOn: ['web->n1', 'web->n2'],
      }),
    );
    // web is degraded because n1 is down: n2's degradation alone would leave it operational.
    engine.apply([signal('n1', 'major_outage'), ack('n1'), signal('n2', 'degraded')], 1);
    expect(engine.status('web')).toMatchObject({ level: 'degraded', acknowledged: true });
    // Both down: n1 coming back would still bring web back, so someone is on it.
    engine.apply([signal('n2', 'major_outage')], 2);
    expect(engine.status('web')).toMatchObject({ level: 'major_outage', acknowledged: true });
    engine.apply([ack('n1', false)], 3);
    expect(engine.status('web').acknowledged).toBe(false);
  });

  it('a quorum counts acknowledged trouble as operational when asking whether the rest matters', () => {
    const engine = createEngine(
      sketchModel({
        services: { pool: { rule: { atLeast: { ok: 2 } } }, a: {}, b: {}, c: {} },
        dependsOn: ['pool->a', 'pool->b', 'pool->c'],
      }),
    );
    engine.apply([signal('a', 'major_outage'), ack('a'), signal('b', 'degraded')], 1);
    expect(engine.status('pool')).toMatchObject({ level: 'major_outage', acknowledged: true });
    engine.apply([signal('c', 'degraded')], 2);
    expect(engine.status('pool').acknowledged).toBe(false);
  });

  it('taking an acknowledgement back is a transition up the chain', () => {
    const engine = shop();
    engine.apply([signal('db', 'major_outage'), ack('db')], 1);
    const transitions = engine.apply([ack('db', false)], 2);
    expect(transitions.map((t) => [t.service, t.to.acknowledged, t.cause])).toEqual([
      ['db', false, 'acknowledge'],
      ['app', false, 'dependency:db'],
      ['shop', false, 'dependency:app'],
    ]);
  });
});
