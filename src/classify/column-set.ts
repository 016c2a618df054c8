/**
 * A set of column indices below a fixed size, read out in ascending order without sorting: one bit per
 * column, and one bit per 32 columns saying which of those words hold any, so reading out visits the
 * set bits and ~size / 1024 summary words only. A text's feature vector touches a few hundred of
 * ~160,000 columns, and sorting those indices cost about as much as counting them. Pure; reusable.
 */
export class ColumnSet {
  private readonly bits: Int32Array;
  private readonly summary: Int32Array;

  constructor(size: number) {
    this.bits = new Int32Array((size + 31) >>> 5);
    this.summary = new Int32Array((this.bits.length + 31) >>> 5);
  }

  add(column: number): void {
    const w = column >>> 5;
    this.bits[w]! |= 1 << (column & 31);
    this.summary[w >>> 5]! |= 1 << (w & 31);
  }

  /** Writes the columns to `out` from 0 in ascending order and empties the set; returns how many. */
  drain(out: Int32Array): number {
    let n = 0;
    for (let s = 0; s < this.summary.length; s++) {
      let words = this.summary[s]!;
      if (words === 0) continue;
      this.summary[s] = 0;
      while (words !== 0) {
        const w = (s << 5) | (31 - Math.clz32(words & -words));
        words &= words - 1;
        let b = this.bits[w]!;
        this.bits[w] = 0;
        while (b !== 0) {
          const low = b & -b;
          out[n++] = (w << 5) | (31 - Math.clz32(low));
          b ^= low;
        }
      }
    }
    return n;
  }
}
