import { InputError } from '../model/errors.js';

/**
 * Finds the position of an id in a list of ids. An open-addressing hash table in one Int32Array
 * (about 8 bytes per id), because a Map of a million strings costs several times that.
 */
export class IdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** Throws InputError when an id appears twice. */
  constructor(private readonly ids: readonly string[]) {
    let capacity = 16;
    while (capacity < ids.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < ids.length; i++) this.insert(ids[i] as string, i);
  }

  /** The position of `id`, or -1. */
  get(id: string): number {
    let slot = hashId(id) & this.mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return -1;
      if (this.ids[entry - 1] === id) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(id: string, index: number): void {
    let slot = hashId(id) & this.mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) {
        this.slots[slot] = index + 1;
        return;
      }
      if (this.ids[entry - 1] === id) throw new InputError(`id '${id}' appears more than once`);
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
  return hash >>> 0;
}
