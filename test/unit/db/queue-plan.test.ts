import { describe, expect, it } from 'vitest';
import { listThroughIndexUpTo, QUEUE_COUNT_CAP } from '../../../src/db/queue.repo.ts';

describe('listThroughIndexUpTo', () => {
  it('reads a combination through its index while its matches are sparse in the queue, walks it when dense', () => {
    // 5,000 queue rows, a first page of 50: the walk reads ~50 × 5,000 / matches entries.
    const limit = listThroughIndexUpTo(5000, 50);
    expect(limit).toBe(204);
    // The bench's penipuan online + Polri (357 matches) walks; a combination of 100 is read through the index.
    expect(357).toBeGreaterThan(limit);
    expect(100).toBeLessThan(limit);
  });

  it('reads more through the index the bigger the queue and the deeper the page', () => {
    expect(listThroughIndexUpTo(50_000, 50)).toBeGreaterThan(listThroughIndexUpTo(5000, 50));
    expect(listThroughIndexUpTo(5000, 500)).toBeGreaterThan(listThroughIndexUpTo(5000, 50));
  });

  it('never reads more than the count cap through the index: past it the probe cannot tell how many', () => {
    expect(listThroughIndexUpTo(10_000_000, 50)).toBe(QUEUE_COUNT_CAP);
  });

  it('without statistics (a table never analysed) reads through the index, which the cap bounds', () => {
    expect(listThroughIndexUpTo(-1, 50)).toBe(QUEUE_COUNT_CAP);
    expect(listThroughIndexUpTo(0, 50)).toBe(QUEUE_COUNT_CAP);
  });
});
