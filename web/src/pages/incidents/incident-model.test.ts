import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../api/ops-types.js';
import { affectedBody, durationText, matchesSearch, sortIncidents } from './incident-model.js';

const incident = (
  id: number,
  status: IncidentSummary['status'],
  updatedAt: string,
  services: string[] = [],
): IncidentSummary => ({
  id,
  title: `Incident ${id}`,
  status,
  visibility: 'internal',
  services: services.map((service) => ({ service, impact: 'degraded' })),
  signals: [],
  author: 'user:admin',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt,
  resolvedAt: status === 'resolved' ? updatedAt : null,
  version: 1,
  updateCount: 1,
});

describe('sortIncidents', () => {
  it('puts open incidents first, each group the most recently changed first', () => {
    const sorted = sortIncidents([
      incident(1, 'resolved', '2026-11-05T00:00:00.000Z'),
      incident(2, 'monitoring', '2026-11-02T00:00:00.000Z'),
      incident(3, 'resolved', '2026-11-06T00:00:00.000Z'),
      incident(4, 'investigating', '2026-11-03T00:00:00.000Z'),
      incident(5, 'identified', '2026-11-03T00:00:00.000Z'),
    ]);
    expect(sorted.map((i) => i.id)).toEqual([5, 4, 2, 3, 1]);
  });
});

describe('matchesSearch', () => {
  const item = incident(17, 'investigating', '2026-11-02T00:00:00.000Z', ['sap-erp']);
  it('matches every word against the title, the #id and the services', () => {
    expect(matchesSearch(item, '')).toBe(true);
    expect(matchesSearch(item, 'incident #17')).toBe(true);
    expect(matchesSearch(item, 'SAP-ERP')).toBe(true);
    expect(matchesSearch(item, 'incident hana')).toBe(false);
  });
});

describe('affectedBody', () => {
  it('leaves out empty rows and keeps a repeated service once, with its last impact', () => {
    expect(
      affectedBody([
        { service: 'a', impact: 'degraded' },
        { service: '', impact: 'major_outage' },
        { service: 'b', impact: 'partial_outage' },
        { service: ' a ', impact: 'major_outage' },
      ]),
    ).toEqual([
      { service: 'b', impact: 'partial_outage' },
      { service: 'a', impact: 'major_outage' },
    ]);
  });
});

describe('durationText', () => {
  it('says minutes, hours and days', () => {
    const t0 = '2026-11-01T00:00:00.000Z';
    expect(durationText(t0, '2026-11-01T00:42:29.000Z')).toBe('42 min');
    expect(durationText(t0, '2026-11-01T02:00:00.000Z')).toBe('2 h');
    expect(durationText(t0, '2026-11-01T02:05:00.000Z')).toBe('2 h 5 min');
    expect(durationText(t0, '2026-11-04T04:00:00.000Z')).toBe('3 d 4 h');
    expect(durationText(t0, '2026-11-03T00:00:00.000Z')).toBe('2 d');
    expect(durationText('2026-11-02T00:00:00.000Z', t0)).toBe('0 min');
  });
});
