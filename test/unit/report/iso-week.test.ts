import { describe, expect, it } from 'vitest';
import { isoWeekOf, parseIsoWeek, previousWeek, weeksInYear } from '../../../src/report/iso-week.ts';

const TZ = 'Asia/Jakarta';

describe('ISO weeks', () => {
  it('runs Monday 00:00 to Monday 00:00 in WIB', () => {
    const w = parseIsoWeek('2026-W47', TZ);
    expect([w.firstDay, w.lastDay]).toEqual(['2026-11-16', '2026-11-22']);
    expect(w.start.toISOString()).toBe('2026-11-15T17:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-22T17:00:00.000Z');
  });

  it('knows 2026 has a week 53 and week 1 of 2026 starts in 2025', () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    const w53 = parseIsoWeek('2026-W53', TZ);
    expect([w53.firstDay, w53.lastDay]).toEqual(['2026-12-28', '2027-01-03']);
    expect(parseIsoWeek('2026-W01', TZ).firstDay).toBe('2025-12-29');
    expect(() => parseIsoWeek('2025-W53', TZ)).toThrow('week "2025-W53" does not exist: 2025 has 52 ISO weeks (W01–W52)');
    expect(() => parseIsoWeek('2026-W00', TZ)).toThrow(/does not exist/);
    expect(() => parseIsoWeek('minggu lalu', TZ)).toThrow('week "minggu lalu" is not an ISO week; write it like 2026-W47');
  });

  it('finds the week of an instant on the local calendar, across year ends', () => {
    // Sunday 2027-01-03 23:30 WIB is still 2026-W53; 30 minutes later it is 2027-W01.
    expect(isoWeekOf(new Date('2027-01-03T16:30:00Z'), TZ).id).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-03T17:00:00Z'), TZ).id).toBe('2027-W01');
    expect(isoWeekOf(new Date('2025-12-29T00:00:00Z'), TZ).id).toBe('2026-W01');
    expect(previousWeek(parseIsoWeek('2027-W01', TZ), TZ).id).toBe('2026-W53');
    expect(previousWeek(parseIsoWeek('2026-W01', TZ), TZ).id).toBe('2025-W52');
  });
});
