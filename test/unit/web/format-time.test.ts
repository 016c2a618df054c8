import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../src/zoned-time.ts';

describe('formatTime', () => {
  it('shows an instant on each zone’s clock, the same text each time it is asked, from a Date or a string', () => {
    const at = new Date('2026-12-04T17:30:00Z');
    const wib = formatTime(at, 'Asia/Jakarta');
    expect(wib).toMatch(/5 Des 2026/);
    expect(wib).toMatch(/00[.:]30/);
    // Kept per zone: the same instant in Jayapura (UTC+9) is two hours later, not Jakarta's text again.
    expect(formatTime(at, 'Asia/Jayapura')).toMatch(/02[.:]30/);
    expect(formatTime(at, 'Asia/Jakarta')).toBe(wib);
    expect(formatTime(at.toISOString(), 'Asia/Jakarta')).toBe(wib);
    expect(formatTime(null, 'Asia/Jakarta')).toBe('—');
  });

  it('stays right past its bound of remembered instants', () => {
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 5000; i++) formatTime(new Date(base + i * 60_000), 'Asia/Makassar');
    // 08:00 WITA on 1 January is midnight UTC; the 5,000th minute after it is 3 days, 11 h 19 min later.
    expect(formatTime(new Date(base), 'Asia/Makassar')).toMatch(/1 Jan 2026.*08[.:]00/);
    expect(formatTime(new Date(base + 4999 * 60_000), 'Asia/Makassar')).toMatch(/4 Jan 2026.*19[.:]19/);
  });
});
