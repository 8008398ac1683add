/**
 * Ids to their numbers, for a million ids looked up millions of times: open addressing over one
 * Int32Array of (hash, number) pairs, so a miss in the table rarely touches a stored string.
 * Measured on a million ids, it looks up faster than a Map and builds several times faster.
 */
export class IdIndex {
  private readonly ids: string[] = [];
  private slots: Int32Array;
  private mask: number;

  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2).fill(-1);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Numbers `id` with the next number; an id added twice keeps its first number. */
  add(id: string): number {
    const hash = hashOf(id);
    let slot = hash & this.mask;
    for (;;) {
      const at = this.slots[slot * 2 + 1] as number;
      if (at < 0) break;
      if (this.slots[slot * 2] === hash && this.ids[at] === id) return at;
      slot = (slot + 1) & this.mask;
    }
    const number = this.ids.length;
    this.ids.push(id);
    this.slots[slot * 2] = hash;
    this.slots[slot * 2 + 1] = number;
    if (this.ids.length * 2 > this.mask + 1) this.grow();
    return number;
  }

  /** The number of `id`, or -1. */
  get(id: string): number {
    const hash = hashOf(id);
    let slot = hash & this.mask;
    for (;;) {
      const at = this.slots[slot * 2 + 1] as number;
      if (at < 0) return -1;
      if (this.slots[slot * 2] === hash && this.ids[at] === id) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2).fill(-1);
    this.ids.forEach((id, number) => {
      const hash = hashOf(id);
      let slot = hash & this.mask;
      while ((this.slots[slot * 2 + 1] as number) >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 2] = hash;
      this.slots[slot * 2 + 1] = number;
    });
  }
}

/** FNV-1a over UTF-16 code units, finished with a mixer so that similar ids spread. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash & 0x7fffffff;
}
