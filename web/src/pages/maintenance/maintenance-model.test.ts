import { describe, expect, it } from 'vitest';
import { draftBody, type WindowForm, wallToInstant } from './maintenance-model.js';
import { choiceFromStart } from './rrule-model.js';

const form: WindowForm = {
  title: 'SAP kernel upgrade',
  description: '',
  services: ['sap-erp'],
  kind: 'once',
  zone: 'Europe/Berlin',
  start: '2026-12-05T23:00',
  end: '2026-12-06T03:00',
  durationMinutes: '120',
  repeat: { ...choiceFromStart('2026-12-08'), frequency: 'monthly', count: 12 },
};

describe('wallToInstant', () => {
  it('reads a wall time in the zone, across the clock change too', () => {
    expect(wallToInstant('2026-12-05T23:00', 'Europe/Berlin')).toBe('2026-12-05T22:00:00.000Z');
    expect(wallToInstant('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(wallToInstant('2026-07-01T12:00', 'UTC')).toBe('2026-07-01T12:00:00.000Z');
  });
  it('leaves what it cannot read to the API', () => {
    expect(wallToInstant('', 'UTC')).toBe('');
    expect(wallToInstant('2026-07-01T12:00', 'Mars/Olympus')).toBe('2026-07-01T12:00');
  });
});

describe('draftBody', () => {
  it('sends a one-off window as two instants', () => {
    expect(draftBody(form)).toEqual({
      title: 'SAP kernel upgrade',
      services: ['sap-erp'],
      start: '2026-12-05T22:00:00.000Z',
      end: '2026-12-06T02:00:00.000Z',
    });
  });
  it('sends a recurring window as DTSTART wall time, zone, length and rule', () => {
    expect(
      draftBody({ ...form, kind: 'recurring', start: '2026-12-08T22:00', description: 'Patches' }),
    ).toEqual({
      title: 'SAP kernel upgrade',
      description: 'Patches',
      services: ['sap-erp'],
      recurrence: {
        start: '2026-12-08T22:00',
        zone: 'Europe/Berlin',
        durationMinutes: 120,
        rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=12',
      },
    });
  });
  it('sends a length that is not a whole number as typed, for the API to name', () => {
    const body = draftBody({ ...form, kind: 'recurring', durationMinutes: '1.5' });
    expect((body.recurrence as { durationMinutes: unknown }).durationMinutes).toBe('1.5');
  });
});
