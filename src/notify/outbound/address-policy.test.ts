import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressPolicy, parseCidr } from './address-policy.js';

const strict = new AddressPolicy();

describe('AddressPolicy', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.0.9',
    '169.254.1.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '2001:db8::1',
    '2002:a00:1::1',
  ])('refuses %s', (address) => {
    expect(strict.checkAddress(address).ok).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '2606:4700::1111'])(
    'lets the public address %s through',
    (address) => {
      expect(strict.checkAddress(address)).toEqual({ ok: true });
    },
  );

  it('says why an address is refused', () => {
    expect(strict.checkAddress('10.0.0.1')).toEqual({
      ok: false,
      reason: '10.0.0.1 is not a public address',
    });
    expect(strict.checkAddress('169.254.169.254')).toEqual({
      ok: false,
      reason: '169.254.169.254 is a cloud metadata address',
    });
  });

  it('lets allowed ranges through, but never a metadata address or name', () => {
    const policy = AddressPolicy.fromList('127.0.0.0/8, 169.254.0.0/16, fd00::/8');
    expect(policy.checkAddress('127.0.0.1')).toEqual({ ok: true });
    expect(policy.checkAddress('169.254.1.1')).toEqual({ ok: true });
    expect(policy.checkAddress('169.254.169.254').ok).toBe(false);
    expect(policy.checkAddress('::ffff:169.254.169.254').ok).toBe(false);
    expect(policy.checkAddress('::ffff:a9fe:a9fe').ok).toBe(false);
    expect(policy.checkAddress('fd00:ec2::254').ok).toBe(false);
    expect(policy.checkAddress('10.0.0.1').ok).toBe(false);
    expect(policy.checkHost('metadata.google.internal').ok).toBe(false);
    expect(policy.checkHost('Metadata.Google.Internal.').ok).toBe(false);
    expect(policy.checkHost('localhost')).toEqual({ ok: true });
    expect(strict.checkHost('localhost')).toEqual({
      ok: false,
      reason: 'localhost is a loopback name',
    });
  });

  it('refuses every address in a private range (property)', () => {
    fc.assert(
      fc.property(fc.nat(0xffffff), (n) => {
        const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        return !strict.checkAddress(address).ok && !strict.checkAddress(`::ffff:${address}`).ok;
      }),
    );
  });

  it('reads CIDR lists and names what it cannot read', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ network: '10.20.0.0', prefix: 16, family: 'ipv4' });
    expect(parseCidr('::1')).toEqual({ network: '::1', prefix: 128, family: 'ipv6' });
    expect(parseCidr('10.0.0.0/33')).toBe(
      "'10.0.0.0/33': the prefix must be a whole number from 0 to 32",
    );
    expect(parseCidr('10.0.0.0/1x')).toBe(
      "'10.0.0.0/1x': the prefix must be a whole number from 0 to 32",
    );
    expect(parseCidr('intranet')).toBe(
      "'intranet' is not an address or a CIDR range such as 10.0.0.0/8",
    );
    expect(() => AddressPolicy.fromList('10.0.0.0/8,nope', 'SERVICECHAIN_OUTBOUND_ALLOW')).toThrow(
      "SERVICECHAIN_OUTBOUND_ALLOW: 'nope' is not an address or a CIDR range such as 10.0.0.0/8",
    );
  });
});
