import { describe, expect, it } from 'vitest';
import { parseAnyDate, parseIndonesianDate } from '../../../src/ingest/dates.ts';

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
