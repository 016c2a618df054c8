import { describe, expect, it } from 'vitest';
import { formatChange, formatDuration } from '../../../src/report/weekly-html.ts';

describe('report wording', () => {
  it('writes durations as a reader says them', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(45 * 60)).toBe('45 menit');
    expect(formatDuration(2 * 3600)).toBe('2 jam');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 jam 20 menit');
    expect(formatDuration(52 * 3600)).toBe('2 hari 4 jam');
  });

  it('writes the change from last week with its sign and share', () => {
    expect(formatChange(12, 8)).toBe('+4 (+50 %)');
    expect(formatChange(3, 6)).toBe('−3 (−50 %)');
    expect(formatChange(5, 5)).toBe('tetap');
    expect(formatChange(4, 0)).toBe('+4 (baru)');
    expect(formatChange(1500, 1000)).toBe('+500 (+50 %)');
  });
});
