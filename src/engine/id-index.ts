import { InputError } from '../model/errors.js';

/**
 * Finds the position of an id in a list of ids. An open-addressing hash table in one Int32Array
 * (about 16 bytes per id), because a Map of a million strings costs several times that. Each
 * slot holds the id's hash beside its position, so a probe that meets another id is settled
 * in the table's own cache line: at a million ids, reading that other id to compare it would
 * cost two cache misses, which is most of what a lookup costs.
 */
export class IdIndex {
  /** Slot s: the hash at 2s, the position plus one (0: empty) at 2s + 1. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** Throws InputError when an id appears twice. */
  constructor(private ids: readonly string[]) {
    let capacity = 16;
    while (capacity < ids.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let i = 0; i < ids.length; i++) this.insert(ids[i] as string, i);
  }

  /** The position of `id`, or -1. */
  get(id: string): number {
    const hash = hashId(id);
    const { slots, mask } = this;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot * 2 + 1] as number;
      if (entry === 0) return -1;
      if (slots[slot * 2] === hash && this.ids[entry - 1] === id) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Renumbers the index in place: what was at position i is found at `map[i]` from now on, and
   * `ids` is the list in the new order (`ids[map[i]]` is the old `ids[i]`).
   */
  renumber(map: Int32Array, ids: readonly string[]): void {
    const { slots } = this;
    for (let at = 1; at < slots.length; at += 2) {
      const entry = slots[at] as number;
      if (entry !== 0) slots[at] = (map[entry - 1] as number) + 1;
    }
    this.ids = ids;
  }

  private insert(id: string, index: number): void {
    const hash = hashId(id);
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot * 2 + 1] as number;
      if (entry === 0) {
        this.slots[slot * 2] = hash;
        this.slots[slot * 2 + 1] = index + 1;
        return;
      }
      if (this.slots[slot * 2] === hash && this.ids[entry - 1] === id)
        throw new InputError(`id '${id}' appears more than once`);
      slot = (slot + 1) & this.mask;
    }
  }
}

/** FNV-1a over the UTF-16 code units, with a final mix so that similar ids spread apart. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  hash ^= hash >>> 15;
  return hash | 0;
}
