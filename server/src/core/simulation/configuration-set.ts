// The memo of a linearizability search: the configurations (set of linearized operations, model state) it has
// already visited, as Lowe's memoisation of the Wing–Gong search needs (Lowe, "Testing for linearizability",
// 2017). Shared by the register search and the general one.

/**
 * The memo of visited configurations (linearized set, register value), as an open-addressing hash set over
 * typed arrays: the search adds one per step, and per-entry objects made the garbage collector the bottleneck.
 */
export class ConfigurationSet {
  private slots = new Int32Array(1 << 12); // entry index + 1; 0 = empty
  private hashes = new Int32Array(1 << 11);
  private states = new Int32Array(1 << 11);
  private fulls = new Int32Array(1 << 11);
  private offsets = new Int32Array(1 << 11);
  private lengths = new Int32Array(1 << 11);
  private pool = new Uint32Array(1 << 12);
  private poolUsed = 0;
  private count = 0;

  /** Add (state, words[full .. full+len)); false if already present. */
  add(hash: number, state: number, full: number, words: Uint32Array, len: number): boolean {
    let mask = this.slots.length - 1;
    let i = hash & mask;
    for (;;) {
      const e = this.slots[i] - 1;
      if (e < 0) break;
      if (this.hashes[e] === hash && this.states[e] === state && this.fulls[e] === full && this.lengths[e] === len) {
        const off = this.offsets[e];
        let k = 0;
        while (k < len && this.pool[off + k] === words[full + k]) k++;
        if (k === len) return false;
      }
      i = (i + 1) & mask;
    }
    if (this.count === this.hashes.length) this.growEntries();
    if (this.poolUsed + len > this.pool.length) {
      const pool = new Uint32Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      pool.set(this.pool);
      this.pool = pool;
    }
    const e = this.count++;
    this.hashes[e] = hash;
    this.states[e] = state;
    this.fulls[e] = full;
    this.lengths[e] = len;
    this.offsets[e] = this.poolUsed;
    // A loop, not pool.set(words.subarray(…)): a view object per configuration kept the collector busy.
    const pool = this.pool;
    const at = this.poolUsed;
    for (let k = 0; k < len; k++) pool[at + k] = words[full + k];
    this.poolUsed += len;
    if (this.count * 2 > this.slots.length) {
      this.rehash();
      mask = this.slots.length - 1;
      i = hash & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
    }
    this.slots[i] = e + 1;
    return true;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.states = grow(this.states);
    this.fulls = grow(this.fulls);
    this.offsets = grow(this.offsets);
    this.lengths = grow(this.lengths);
  }

  /** Double the slot table; the entry being added (the last) is placed by the caller. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count - 1; e++) {
      let i = this.hashes[e] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}
