/** Up to this many services a batch is searched in its short list; beyond, through an index. */
const LINEAR = 8;

/**
 * The services a batch of inputs names, each once in the order of its first input, with the
 * index of its last input. A single input, the common case, costs a few writes to short arrays
 * that stay in cache; a per-service index (4 bytes a service) is allocated only when a batch
 * names more than a handful of services, and only its used entries are cleared afterwards.
 */
export class BatchInputs {
  private services = new Int32Array(16);
  private last = new Int32Array(16);
  /** Number of distinct services in the batch. */
  count = 0;
  /** Per service, 1 + its entry in the lists, or 0; valid while `indexed`. */
  private index: Int32Array | null = null;
  private indexed = false;

  constructor(private readonly size: number) {}

  /** Notes that input `i` of the batch is about service `v`; returns v's entry (see `service`). */
  add(v: number, i: number): number {
    const k = this.find(v);
    if (k >= 0) {
      this.last[k] = i;
      return k;
    }
    if (this.count === this.services.length) this.grow();
    this.services[this.count] = v;
    this.last[this.count] = i;
    this.count++;
    if (this.indexed) (this.index as Int32Array)[v] = this.count;
    else if (this.count > LINEAR) this.buildIndex();
    return this.count - 1;
  }

  /** The service of entry k (k below `count`). */
  service(k: number): number {
    return this.services[k] as number;
  }

  /** Forgets entry k's input: `inputOf` gives -1 for its service from now on. */
  drop(k: number): void {
    this.last[k] = -1;
  }

  /** The index of v's last input in the batch, or -1 when it has none (or it was dropped). */
  inputOf(v: number): number {
    const k = this.find(v);
    return k < 0 ? -1 : (this.last[k] as number);
  }

  /** Empties the batch. */
  clear(): void {
    if (this.indexed) {
      const index = this.index as Int32Array;
      for (let k = 0; k < this.count; k++) index[this.services[k] as number] = 0;
      this.indexed = false;
    }
    this.count = 0;
  }

  private find(v: number): number {
    if (this.indexed) return ((this.index as Int32Array)[v] as number) - 1;
    const { services } = this;
    for (let k = 0; k < this.count; k++) if (services[k] === v) return k;
    return -1;
  }

  private buildIndex(): void {
    this.index ??= new Int32Array(this.size);
    for (let k = 0; k < this.count; k++) this.index[this.services[k] as number] = k + 1;
    this.indexed = true;
  }

  private grow(): void {
    const services = new Int32Array(this.services.length * 2);
    services.set(this.services);
    this.services = services;
    const last = new Int32Array(this.last.length * 2);
    last.set(this.last);
    this.last = last;
  }
}
