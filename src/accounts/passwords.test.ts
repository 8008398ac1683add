import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

const CHEAP = { log2N: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the same password', async () => {
    const first = await hashPassword('correct horse battery', CHEAP);
    const second = await hashPassword('correct horse battery', CHEAP);
    expect(first).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('keeps the default cost in the hash', async () => {
    expect((await hashPassword('a long enough one')).split('$').slice(0, 4)).toEqual([
      'scrypt',
      '15',
      '8',
      '3',
    ]);
  });

  it('matches the same text typed in another Unicode form', async () => {
    const hash = await hashPassword('Cafe\u0301 au lait!', CHEAP);
    expect(await verifyPassword('Café au lait!', hash)).toBe(true);
  });

  it('never matches a malformed or absurdly costly stored hash', async () => {
    for (const stored of [
      '',
      'plain',
      'bcrypt$1$2$3$4$5',
      'scrypt$30$8$1$c2FsdA$a2V5',
      'scrypt$10$8$1$c2FsdA$a2V5',
    ])
      expect(await verifyPassword('anything at all', stored)).toBe(false);
  });

  it('asks for 10 to 512 characters', () => {
    expect(passwordProblem('short')).toBe('the password must be at least 10 characters long');
    expect(passwordProblem('x'.repeat(513))).toBe(
      'the password must be at most 512 characters long',
    );
    expect(passwordProblem('ten chars!')).toBeUndefined();
    expect(passwordProblem(42)).toBe('the password must be a string');
  });
});
