import { describe, expect, it } from 'vitest';
import {
  validateDraft,
  validateFieldChange,
  validatePostmortem,
  validateUpdateRequest,
} from './validate.js';

describe('validateDraft', () => {
  it('trims texts, sorts services and signals, and fills in the defaults', () => {
    expect(
      validateDraft({
        title: '  Checkout fails ',
        message: ' Payments time out\n',
        services: [
          { service: 'web', impact: 'degraded' },
          { service: 'payments', impact: 'major_outage' },
        ],
        signals: [12, 3],
      }),
    ).toStrictEqual({
      ok: true,
      value: {
        title: 'Checkout fails',
        message: 'Payments time out',
        services: [
          { service: 'payments', impact: 'major_outage' },
          { service: 'web', impact: 'degraded' },
        ],
        signals: [3, 12],
        status: 'investigating',
        visibility: 'internal',
      },
    });
  });

  it('reports every problem at once, each at its path', () => {
    const outcome = validateDraft({
      title: ' ',
      message: 'x'.repeat(4001),
      services: [
        { service: 'Web', impact: 'degraded' },
        { service: 'db', impact: 'operational' as 'degraded' },
        { service: 'db', impact: 'degraded' },
      ],
      signals: [0, 5, 5],
      status: 'resolved' as 'monitoring',
      visibility: 'secret' as 'public',
    });
    expect(outcome).toStrictEqual({
      ok: false,
      problems: [
        { path: 'title', message: 'is empty' },
        { path: 'message', message: 'is 4001 characters long (4000 at most)' },
        {
          path: 'services[0].service',
          message:
            "id 'Web' is not a slug: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit",
        },
        {
          path: 'services[1].impact',
          message: "'operational' is not one of degraded, partial_outage, major_outage",
        },
        { path: 'signals[0]', message: '0 is not a signal id' },
        { path: 'signals[2]', message: '5 is linked twice' },
        {
          path: 'status',
          message: "'resolved' is not an open status (investigating, identified, monitoring)",
        },
        { path: 'visibility', message: "'secret' is not internal or public" },
      ],
    });
  });

  it('refuses a service named twice and more services or signals than the limits', () => {
    const twice = validateDraft({
      title: 't',
      message: 'm',
      services: [
        { service: 'db', impact: 'degraded' },
        { service: 'db', impact: 'major_outage' },
      ],
    });
    expect(twice).toStrictEqual({
      ok: false,
      problems: [{ path: 'services[1].service', message: "'db' is named twice" }],
    });
    const many = validateDraft({
      title: 't',
      message: 'm',
      services: Array.from({ length: 51 }, (_, i) => ({
        service: `s${i}`,
        impact: 'degraded' as const,
      })),
      signals: Array.from({ length: 101 }, (_, i) => i + 1),
    });
    expect(many.ok ? [] : many.problems).toStrictEqual([
      { path: 'services', message: 'names 51 services (50 at most)' },
      { path: 'signals', message: 'links 101 signals (100 at most)' },
    ]);
  });
});

describe('validateFieldChange, validateUpdateRequest, validatePostmortem', () => {
  it('accepts a partial change and refuses an empty one', () => {
    expect(validateFieldChange({ title: ' New ', services: [] })).toStrictEqual({
      ok: true,
      value: { title: 'New', services: [] },
    });
    expect(validateFieldChange({})).toStrictEqual({
      ok: false,
      problems: [{ message: 'nothing to change: give title, visibility, services or signals' }],
    });
  });

  it('trims an update and keeps reopen only when true', () => {
    expect(
      validateUpdateRequest({ message: ' Fixed ', status: 'resolved', reopen: false }),
    ).toStrictEqual({ ok: true, value: { message: 'Fixed', status: 'resolved' } });
    expect(validateUpdateRequest({ message: '', status: 'done' as 'resolved' })).toStrictEqual({
      ok: false,
      problems: [
        { path: 'message', message: 'is empty' },
        {
          path: 'status',
          message: "'done' is not one of investigating, identified, monitoring, resolved",
        },
      ],
    });
  });

  it('stores a blank postmortem as none and refuses one past the limit', () => {
    expect(validatePostmortem('  \n')).toStrictEqual({ ok: true, value: null });
    expect(validatePostmortem(' # Title ')).toStrictEqual({ ok: true, value: '# Title' });
    expect(validatePostmortem('x'.repeat(100_001))).toStrictEqual({
      ok: false,
      problems: [{ path: 'postmortem', message: 'is 100001 characters long (100000 at most)' }],
    });
  });
});
