/**
 * A hash map from 32-bit integers (offsets, hashes) to indexes, kept in two typed arrays.
 *
 * An analysis keys thousands of entries by number: quotes by where they start and end, quote
 * entries by hashes of their openings. A `Map` makes garbage as it grows and holds every key
 * and value as a tagged slot; two flat arrays with open addressing hold the same in a few
 * allocations, which matters because the collector's work grows with what an analysis leaves
 * behind.
 */
export class IntMap {
  private keys: Int32Array;
  /** The value plus one, so that the zero that new arrays are filled with marks a free slot. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  /** @param expected how many keys will be set, so that the table need not grow */
  constructor(expected = 8) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Int32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value set for `key`, or -1. */
  get(key: number): number {
    const { keys, slots, mask } = this;
    for (let slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
      const value = slots[slot];
      if (value === 0) return -1;
      if (keys[slot] === key) return value - 1;
    }
  }

  /** Sets `key` to `value`, a non-negative index, replacing any value it had. */
  set(key: number, value: number): void {
    const { keys, slots, mask } = this;
    let slot = spread(key) & mask;
    while (slots[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
    if (slots[slot] === 0) this.count++;
    keys[slot] = key;
    slots[slot] = value + 1;
    // Open addressing slows down as the table fills; past half full, it doubles.
    if (this.count * 2 > mask) this.grow();
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    this.count = 0;
    for (let slot = 0; slot < keys.length; slot++) if (slots[slot] !== 0) this.set(keys[slot], slots[slot] - 1);
  }
}

/**
 * Mixes the bits of a key: a multiplication by the golden ratio, with the high half folded
 * into the low one, so that keys that differ only in their high bits do not crowd into the
 * same slots.
 */
function spread(key: number): number {
  const mixed = Math.imul(key, 0x9e3779b1);
  return mixed ^ (mixed >>> 16);
}
