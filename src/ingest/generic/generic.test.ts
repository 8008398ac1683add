import { describe, expect, it } from 'vitest';
import { genericSource } from './generic.js';

const NOW = Date.parse('2026-11-28T20:00:00Z');

describe('generic source', () => {
  it('reads one signal with every field', () => {
    const outcome = genericSource.parse(
      {
        source: 'nagios',
        key: 'web01/http',
        service: 'checkout',
        labels: { host: 'web01' },
        level: 'partial_outage',
        state: 'firing',
        startsAt: '2026-11-28T19:00:00+01:00',
        endsAt: '2026-11-28T21:00:00Z',
        summary: 'HTTP CRITICAL',
        url: 'https://nagios.example/web01',
      },
      NOW,
    );
    expect(outcome).toStrictEqual({
      ok: true,
      notes: [],
      signals: [
        {
          source: 'nagios',
          key: 'web01/http',
          state: 'firing',
          startsAt: Date.parse('2026-11-28T18:00:00Z'),
          endsAt: Date.parse('2026-11-28T21:00:00Z'),
          labels: { host: 'web01', servicechain_service: 'checkout' },
          level: 'partial_outage',
          service: 'checkout',
          summary: 'HTTP CRITICAL',
          url: 'https://nagios.example/web01',
        },
      ],
    });
  });

  it('defaults to firing, starting when received, and keeps severity as a label', () => {
    const outcome = genericSource.parse([{ source: 'zabbix', key: '42', severity: 'High' }], NOW);
    expect(outcome).toStrictEqual({
      ok: true,
      notes: [],
      signals: [
        {
          source: 'zabbix',
          key: '42',
          state: 'firing',
          startsAt: NOW,
          endsAt: null,
          labels: { severity: 'High' },
        },
      ],
    });
  });

  it('refuses unknown fields, bad levels, bad ids and missing keys, each at its path', () => {
    const outcome = genericSource.parse(
      [{ source: 'Nagios!', key: '', level: 'down', service: 'Bad Id', colour: 'red' }, {}],
      NOW,
    );
    expect(outcome).toStrictEqual({
      ok: false,
      problems: [
        { path: '[0].colour', message: 'is not a field of a signal' },
        {
          path: '[0].source',
          message: 'is lower-case letters, digits, dots, dashes and underscores',
        },
        { path: '[0].key', message: 'is empty' },
        { path: '[0].service', message: "'Bad Id' is not a service id" },
        {
          path: '[0].level',
          message:
            "'down' is not one of operational, unknown, degraded, partial_outage, major_outage",
        },
        { path: '[1].source', message: 'is missing' },
        { path: '[1].key', message: 'is missing' },
      ],
    });
  });

  it('refuses the source incidents speak as, and NUL in any text, each at its path', () => {
    const outcome = genericSource.parse(
      [
        { source: 'incident', key: '7', service: 'db' },
        { source: 'nagios', key: 'a\u0000b', summary: 'x\u0000', labels: { host: 'h\u0000' } },
      ],
      NOW,
    );
    expect(outcome).toStrictEqual({
      ok: false,
      problems: [
        { path: '[0].source', message: "'incident' is reserved for incidents' impact" },
        { path: '[1].key', message: 'contains a NUL character (U+0000)' },
        { path: '[1].labels.host', message: 'contains a NUL character (U+0000)' },
        { path: '[1].summary', message: 'contains a NUL character (U+0000)' },
      ],
    });
  });

  it('refuses an empty list', () => {
    expect(genericSource.parse([], NOW)).toStrictEqual({
      ok: false,
      problems: [{ path: 'body', message: 'no signals' }],
    });
  });
});
