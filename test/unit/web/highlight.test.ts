import { describe, expect, it } from 'vitest';
import { highlightSegments } from '../../../src/web/views/highlight.ts';
import { parseLocalTime } from '../../../src/zoned-time.ts';

describe('highlightSegments', () => {
  it('cuts text at mention spans and ignores spans that overlap or run past the end', () => {
    const text = 'Kapolres Beltim dan Polsek Manggar';
    const segs = highlightSegments(text, [
      { start: 20, end: 34, unit: 'Polsek Manggar' },
      { start: 0, end: 15, unit: 'Polres Belitung Timur' },
      { start: 5, end: 10, unit: 'x' },
      { start: 30, end: 99, unit: 'y' },
    ]);
    expect(segs).toEqual([{ text: 'Kapolres Beltim', unit: 'Polres Belitung Timur' }, { text: ' dan ' }, { text: 'Polsek Manggar', unit: 'Polsek Manggar' }]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });
});

describe('parseLocalTime', () => {
  it('reads a datetime-local value as wall-clock time in the zone', () => {
    expect(parseLocalTime('2026-11-24T09:30', 'Asia/Jakarta').toISOString()).toBe('2026-11-24T02:30:00.000Z');
    expect(parseLocalTime('2026-11-24T09:30', 'Asia/Jayapura').toISOString()).toBe('2026-11-24T00:30:00.000Z');
    expect(parseLocalTime('2026-11-24T09:30:00+07:00', 'UTC').toISOString()).toBe('2026-11-24T02:30:00.000Z');
    expect(Number.isNaN(parseLocalTime('kemarin', 'Asia/Jakarta').getTime())).toBe(true);
  });
});
