import { describe, expect, it } from 'vitest';
import { median } from '../../../scripts/lib/stats.ts';

describe('median', () => {
  it('is the middle value of an odd count and the mean of the two middles of an even one, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1.63, 1.5])).toBeCloseTo(1.565);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('refuses no values rather than answer undefined', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});
