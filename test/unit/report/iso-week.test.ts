import { describe, expect, it } from 'vitest';
import { isoWeekOf, parseIsoWeek, parseWeekChoice, previousWeek, weeksInYear } from '../../../src/report/iso-week.ts';

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
    expect(() => parseIsoWeek('2025-W53', TZ)).toThrow('minggu "2025-W53" tidak ada: tahun 2025 punya 52 minggu ISO (W01–W52)');
    expect(() => parseIsoWeek('2026-W00', TZ)).toThrow(/tidak ada/);
    expect(() => parseWeekChoice('minggu lalu', TZ)).toThrow(
      'minggu "minggu lalu" bukan tanggal maupun minggu ISO; tulis tanggal seperti 2026-11-18 atau minggu seperti 2026-W47',
    );
  });

  it('finds the week of an instant on the local calendar, across year ends', () => {
    // Sunday 2027-01-03 23:30 WIB is still 2026-W53; 30 minutes later it is 2027-W01.
    expect(isoWeekOf(new Date('2027-01-03T16:30:00Z'), TZ).id).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-03T17:00:00Z'), TZ).id).toBe('2027-W01');
    expect(isoWeekOf(new Date('2025-12-29T00:00:00Z'), TZ).id).toBe('2026-W01');
    expect(previousWeek(parseIsoWeek('2027-W01', TZ), TZ).id).toBe('2026-W53');
    expect(previousWeek(parseIsoWeek('2026-W01', TZ), TZ).id).toBe('2025-W52');
  });

  it('picks the Monday–Sunday week of any date, on the calendar of the deployment zone', () => {
    for (const day of ['2026-11-16', '2026-11-18', '2026-11-22']) expect(parseWeekChoice(day, TZ).id, day).toBe('2026-W47');
    expect(parseWeekChoice('2026-11-23', TZ).id).toBe('2026-W48');
    expect(parseWeekChoice('2027-01-02', TZ).id).toBe('2026-W53');
    expect(parseWeekChoice('2025-12-29', TZ).id).toBe('2026-W01');
    // The same date is the same week in a zone far from WIB.
    expect(parseWeekChoice('2026-11-22', 'Pacific/Kiritimati').firstDay).toBe('2026-11-16');
    expect(parseWeekChoice('2026-11-22', 'Pacific/Pago_Pago').firstDay).toBe('2026-11-16');
    expect(parseWeekChoice(' 2026-W47 ', TZ).id).toBe('2026-W47');
    expect(() => parseWeekChoice('2026-02-30', TZ)).toThrow('tanggal "2026-02-30" tidak ada di kalender');
    expect(() => parseWeekChoice('1999-12-31', TZ)).toThrow(/di luar jangkauan/);
  });
});
