/** Results up to this many bytes are carved out of a shared slab; larger ones get their own buffer. */
const MAX_POOLED = 4096;
const SLAB_BYTES = 64 * 1024;

/**
 * Where the typed arrays of small results come from. A fresh ArrayBuffer lives outside the
 * JavaScript heap and costs far more to allocate (and to collect) than a closure of a few
 * services costs to compute, so small results are views into a shared slab, handed out in turn
 * and never reused: each result owns its bytes, as with a buffer of its own, but its `buffer`
 * is the larger slab (copy with `slice()` to get an ArrayBuffer of its own). A slab is freed
 * once no view of it is left.
 */
export class ResultPool {
  /** The buffer the last `reserve` carved from; read it right after the call. */
  buffer: ArrayBuffer;
  private slab: ArrayBuffer | null = null;
  private used = SLAB_BYTES;

  constructor() {
    this.buffer = new ArrayBuffer(0);
  }

  /** Reserves `bytes` in `this.buffer` (8-byte aligned) and returns their offset. */
  reserve(bytes: number): number {
    if (bytes > MAX_POOLED) {
      this.buffer = new ArrayBuffer(bytes);
      return 0;
    }
    if (this.slab === null || this.used + bytes > SLAB_BYTES) {
      this.slab = new ArrayBuffer(SLAB_BYTES);
      this.used = 0;
    }
    this.buffer = this.slab;
    const offset = this.used;
    this.used += (bytes + 7) & ~7;
    return offset;
  }
}
