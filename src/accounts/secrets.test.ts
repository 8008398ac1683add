import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  csrfTokenFor,
  hashSecret,
  isSecretShaped,
  newSecret,
  newTokenId,
  TOKEN_PREFIX,
} from './secrets.js';

describe('secrets', () => {
  it('makes 256-bit secrets after a recognisable prefix, never twice the same', () => {
    const a = newSecret(TOKEN_PREFIX);
    expect(a).toMatch(/^sc_[A-Za-z0-9_-]{43}$/);
    expect(newSecret(TOKEN_PREFIX)).not.toBe(a);
    expect(isSecretShaped(a, TOKEN_PREFIX)).toBe(true);
    expect(isSecretShaped(a, 'scs_')).toBe(false);
    expect(isSecretShaped(`${a}x`, TOKEN_PREFIX)).toBe(false);
    expect(isSecretShaped(`sc_${'!'.repeat(43)}`, TOKEN_PREFIX)).toBe(false);
  });

  it('stores the SHA-256 of a secret', () => {
    expect(hashSecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('compares strings of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('derives a CSRF token per session', () => {
    const one = newSecret('scs_');
    expect(csrfTokenFor(one)).toBe(csrfTokenFor(one));
    expect(csrfTokenFor(one)).not.toBe(csrfTokenFor(newSecret('scs_')));
    expect(csrfTokenFor(one)).not.toBe(hashSecret(one));
  });

  it('makes token ids of 12 hex digits', () => {
    expect(newTokenId()).toMatch(/^[0-9a-f]{12}$/);
  });
});
