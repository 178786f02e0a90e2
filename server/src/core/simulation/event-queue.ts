// The simulator's event queue: a binary min-heap on (time, insertion order). Ties go to the event scheduled
// first, which keeps runs deterministic without comparing payloads.

export class EventQueue<T> {
  // Parallel arrays rather than {time, seq, item} records: no allocation per event, and comparisons touch
  // only typed-array numbers.
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private items: (T | undefined)[] = new Array(1024);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  push(time: number, item: T): void {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.count++;
    // Sift up with a hole instead of swaps.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.times[parent];
      if (pt < time || (pt === time && this.seqs[parent] < seq)) break;
      this.times[i] = pt;
      this.seqs[i] = this.seqs[parent];
      this.items[i] = this.items[parent];
      i = parent;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.items[i] = item;
  }

  peekTime(): number {
    return this.count > 0 ? this.times[0] : Infinity;
  }

  /** Remove and return the earliest item (undefined when empty). Read `peekTime()` first for its time. */
  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const top = this.items[0];
    const n = --this.count;
    if (n > 0) {
      const time = this.times[n];
      const seq = this.seqs[n];
      const item = this.items[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        let c = l;
        const r = l + 1;
        if (r < n && (this.times[r] < this.times[l] || (this.times[r] === this.times[l] && this.seqs[r] < this.seqs[l]))) c = r;
        const ct = this.times[c];
        if (time < ct || (time === ct && seq < this.seqs[c])) break;
        this.times[i] = ct;
        this.seqs[i] = this.seqs[c];
        this.items[i] = this.items[c];
        i = c;
      }
      this.times[i] = time;
      this.seqs[i] = seq;
      this.items[i] = item;
    }
    this.items[n] = undefined; // let the popped payload be collected
    return top;
  }

  /** Every queued item, in heap order (not time order). For inspection, e.g. drawing messages in flight. */
  forEach(fn: (item: T, time: number) => void): void {
    for (let i = 0; i < this.count; i++) fn(this.items[i] as T, this.times[i]);
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.items.length = size;
  }
}
