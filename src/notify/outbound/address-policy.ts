import { BlockList, isIP } from 'node:net';

/**
 * Ranges no outbound call may reach unless an admin allows them: everything that is not the
 * public internet (private, loopback, link-local, CGNAT, multicast, reserved, documentation) and
 * the IPv6 forms that embed or translate an IPv4 address, so that a mapped `::ffff:10.0.0.1` or
 * a NAT64 `64:ff9b::a00:1` cannot slip past the IPv4 list.
 */
const BLOCKED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const BLOCKED_V6: readonly [string, number][] = [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local (AWS metadata fd00:ec2::254 among them)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

/** Cloud metadata endpoints: never reachable, whatever an admin allows. */
const METADATA_ADDRESSES = new BlockList();
for (const address of ['169.254.169.254', '169.254.170.2', '100.100.100.200'])
  METADATA_ADDRESSES.addAddress(address, 'ipv4');
METADATA_ADDRESSES.addAddress('fd00:ec2::254', 'ipv6');
const METADATA_HOSTS: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);

// One list per family: a BlockList matches an IPv4 address against IPv6 ranges through its
// mapped form, so `::ffff:0:0/96` in the same list would refuse every IPv4 address.
const blocked = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const [network, prefix] of BLOCKED_V4) blocked.ipv4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of BLOCKED_V6) blocked.ipv6.addSubnet(network, prefix, 'ipv6');

function family(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** A CIDR range such as `10.20.0.0/16` or `fd12::/64`, checked. */
export interface CidrRange {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses `address/prefix` (a bare address is the one host); a string says what is wrong. */
export function parseCidr(text: string): CidrRange | string {
  const [network = '', prefixText, extra] = text.trim().split('/');
  const kind = family(network);
  if (kind === undefined || extra !== undefined)
    return `'${text.trim()}' is not an address or a CIDR range such as 10.0.0.0/8`;
  const max = kind === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !(Number.isInteger(prefix) && prefix >= 0 && prefix <= max && /^\d+$/.test(prefixText ?? '0'))
  )
    return `'${text.trim()}': the prefix must be a whole number from 0 to ${max}`;
  return { network, prefix, family: kind };
}

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Decides which addresses outbound calls may reach: the public internet, plus the ranges an admin
 * allowed (for receivers inside the network). Metadata endpoints stay refused even inside an
 * allowed range: no webhook has a reason to call them, and they hand out cloud credentials.
 */
export class AddressPolicy {
  private readonly allowed = new BlockList();
  readonly allowedRanges: readonly CidrRange[];

  constructor(allow: readonly CidrRange[] = []) {
    this.allowedRanges = allow;
    for (const range of allow) this.allowed.addSubnet(range.network, range.prefix, range.family);
  }

  /** From a comma-separated list of CIDR ranges; throws an Error naming the bad entry. */
  static fromList(text: string | undefined, name = 'allowed ranges'): AddressPolicy {
    const ranges: CidrRange[] = [];
    for (const part of (text ?? '').split(',')) {
      if (part.trim() === '') continue;
      const range = parseCidr(part);
      if (typeof range === 'string') throw new Error(`${name}: ${range}`);
      ranges.push(range);
    }
    return new AddressPolicy(ranges);
  }

  /** Whether a host name may be looked up at all (metadata names and `localhost` may not). */
  checkHost(host: string): AddressVerdict {
    const name = host.toLowerCase().replace(/\.$/, '');
    if (METADATA_HOSTS.has(name)) return { ok: false, reason: `${name} is a metadata endpoint` };
    if ((name === 'localhost' || name.endsWith('.localhost')) && !this.allowsLoopback())
      return { ok: false, reason: `${name} is a loopback name` };
    return { ok: true };
  }

  /** Whether a resolved address may be connected to. */
  checkAddress(address: string): AddressVerdict {
    const kind = family(address);
    if (kind === undefined) return { ok: false, reason: `'${address}' is not an IP address` };
    // A BlockList matches an IPv4 entry in its IPv4-mapped IPv6 forms too.
    if (METADATA_ADDRESSES.check(address, kind))
      return { ok: false, reason: `${address} is a cloud metadata address` };
    if (this.allowed.check(address, kind)) return { ok: true };
    if (blocked[kind].check(address, kind))
      return { ok: false, reason: `${address} is not a public address` };
    return { ok: true };
  }

  private allowsLoopback(): boolean {
    return this.allowed.check('127.0.0.1', 'ipv4') || this.allowed.check('::1', 'ipv6');
  }
}
