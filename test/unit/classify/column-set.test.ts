import { describe, expect, it } from 'vitest';
import { ColumnSet } from '../../../src/classify/column-set.ts';

describe('ColumnSet', () => {
  it('reads out the columns added, once each, in ascending order, and is empty afterwards', () => {
    const size = 70_000;
    const set = new ColumnSet(size);
    // Across word and summary boundaries (31/32, 1023/1024), the last column, and repeats.
    const added = [69_999, 5, 1024, 31, 32, 1023, 0, 5, 40_000, 31, 65_535, 65_536];
    for (const c of added) set.add(c);
    const out = new Int32Array(added.length);
    const n = set.drain(out);
    expect([...out.subarray(0, n)]).toEqual([...new Set(added)].sort((a, b) => a - b));
    expect(set.drain(new Int32Array(1))).toBe(0);
    set.add(7);
    const again = new Int32Array(1);
    expect(set.drain(again)).toBe(1);
    expect(again[0]).toBe(7);
  });
});
