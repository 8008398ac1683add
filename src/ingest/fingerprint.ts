const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/**
 * The fingerprint Prometheus and Alertmanager give a label set (FNV-1a, 64 bits, over the
 * label names in byte order, each name and value followed by a 0xff byte), as 16 hex digits.
 * Used as a signal's key when a sender leaves the fingerprint out, so that the key is the one
 * Alertmanager itself would have sent.
 */
export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  // The 64-bit state in two unsigned 32-bit halves: numbers stay exact, no BigInt per byte.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const add = (byte: number) => {
    lo = (lo ^ byte) >>> 0;
    // Multiply by the FNV prime 2^40 + 0x1b3, modulo 2^64.
    const low = lo * 0x1b3;
    const carry = Math.floor(low / 0x1_0000_0000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = low >>> 0;
  };
  const names = Object.keys(labels).sort(compareBytes);
  for (const name of names) {
    for (const byte of encoder.encode(name)) add(byte);
    add(SEPARATOR);
    for (const byte of encoder.encode(labels[name] as string)) add(byte);
    add(SEPARATOR);
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Go sorts label names as byte strings; for UTF-16 this equals code point order. */
function compareBytes(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}
