import { describe, expect, it } from 'vitest';
import { parseAnyDate, parseDate, parseIndonesianDate } from '../../../src/ingest/dates.ts';

describe('parseIndonesianDate', () => {
  it('reads day-month-year with Indonesian month names and WIB/WITA/WIT', () => {
    expect(parseIndonesianDate('Selasa, 20 Januari 2026 18:33 WIB')?.toISOString()).toBe('2026-01-20T11:33:00.000Z');
    expect(parseIndonesianDate('8 Agu 2025, 07.15 WITA')?.toISOString()).toBe('2025-08-07T23:15:00.000Z');
    expect(parseIndonesianDate('17 Okt 2024 09:00 WIT')?.toISOString()).toBe('2024-10-17T00:00:00.000Z');
  });

  it('reads numeric dates as day/month/year (TurnBackHoax style)', () => {
    expect(parseIndonesianDate('24/06/2026')?.toISOString()).toBe('2026-06-23T17:00:00.000Z');
  });

  it('refuses impossible dates instead of rolling them over', () => {
    expect(parseIndonesianDate('31 Februari 2026')).toBeNull();
    expect(parseIndonesianDate('kemarin sore')).toBeNull();
  });

  it('prefers ISO timestamps', () => {
    expect(parseAnyDate('2026-01-20T18:33:13+07:00')?.toISOString()).toBe('2026-01-20T11:33:13.000Z');
  });
});

describe('parseDate: one reader for every path', () => {
  const iso = (s: string, tz?: string) => parseDate(s, tz ? { timeZone: tz } : {})?.toISOString() ?? null;

  it('reads RFC 822 with named and numeric zones and two-digit years', () => {
    expect(iso('Tue, 10 Jun 2003 04:00:00 GMT')).toBe('2003-06-10T04:00:00.000Z');
    expect(iso('Mon, 01 Jan 2024 10:00:00 +0700')).toBe('2024-01-01T03:00:00.000Z');
    expect(iso('Tue, 10 Jun 03 04:00:00 EDT')).toBe('2003-06-10T08:00:00.000Z');
    expect(iso('Seg, 24 Set 2018 19:22:00 -0300')).toBe('2018-09-24T22:22:00.000Z');
  });

  it('reads RFC 3339 variants', () => {
    expect(iso('2003-12-31T10:14:55.123456Z')).toBe('2003-12-31T10:14:55.123Z');
    expect(iso('2026-01-20 18:33:13+0700')).toBe('2026-01-20T11:33:13.000Z');
    expect(iso('20240101T100000Z')).toBe('2024-01-01T10:00:00.000Z');
  });

  it('reads Indonesian day names, months and zones, and numeric dates day-first', () => {
    expect(iso('Senin, 01 Januari 2024 10:00 WIB')).toBe('2024-01-01T03:00:00.000Z');
    expect(iso('02/01/2026')).toBe('2026-01-01T17:00:00.000Z');
    expect(iso('Kamis, 5 Desember 2024 pukul 20.15 WITA')).toBe('2024-12-05T12:15:00.000Z');
  });

  it("reads a date without a zone in the pipeline time zone, never the host's", () => {
    const before = process.env.TZ;
    const seen: Array<string | null> = [];
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
        process.env.TZ = tz;
        seen.push(iso('2026-01-20 18:33:13'), iso('20 Januari 2026 18:33'), iso('Tue, 20 Jan 2026 18:33:13'));
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    expect(new Set(seen)).toEqual(new Set(['2026-01-20T11:33:13.000Z', '2026-01-20T11:33:00.000Z']));
    expect(iso('2026-01-20 18:33:13', 'Asia/Jayapura')).toBe('2026-01-20T09:33:13.000Z');
    expect(iso('2026-07-01 12:00', 'Europe/Amsterdam')).toBe('2026-07-01T10:00:00.000Z');
  });

  it('refuses placeholders and nonsense instead of guessing', () => {
    expect(iso('Mon, 01 Jan 0001 00:00:00 +0000')).toBeNull();
    expect(iso('99/99/2024')).toBeNull();
    expect(iso('')).toBeNull();
  });
});
