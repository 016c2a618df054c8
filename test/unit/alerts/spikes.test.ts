import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { detectSpikes, localHourKey, type HourlyCounts } from '../../../src/alerts/spikes.ts';
import { zonedToInstant } from '../../../src/zoned-time.ts';
import { fixture } from '../../helpers/paths.ts';

const TZ = 'Asia/Jakarta';

/**
 * TurnBackHoax's 2026 articles by category and day, each day's articles placed at 10:00 WIB: a real
 * series of hoaxes per topic. The expected spikes (at least 5 in the hour and 3× the mean of the same
 * hour over the 7 days before) were counted independently from the CSV.
 */
const EXPECTED = [
  '2025-12-08 Politik 5',
  '2025-12-08 Unik 5',
  '2025-12-17 Politik 6',
  '2025-12-29 Politik 8',
  '2026-01-21 Politik 6',
  '2026-02-05 Politik 6',
  '2026-02-11 Politik 6',
  '2026-03-09 Politik 6',
  '2026-03-12 Politik 9',
  '2026-03-27 Politik 8',
  '2026-04-09 Politik 5',
  '2026-04-13 Politik 7',
  '2026-04-27 Lowongan 5',
  '2026-05-21 Politik 6',
  '2026-05-25 Lowongan 8',
  '2026-05-26 Lowongan 7',
  '2026-06-02 Lowongan 7',
  '2026-06-03 Lowongan 5',
];

function tbhSeries(): { counts: HourlyCounts; days: string[] } {
  const rows = parse(fs.readFileSync(fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv')), { columns: true, bom: true }) as Array<{
    date: string;
    category: string;
  }>;
  const counts: HourlyCounts = new Map();
  const days = new Set<string>();
  for (const r of rows) {
    const m = /^(\d\d)\/(\d\d)\/(\d{4})$/.exec(r.date);
    if (!m) continue;
    const day = `${m[3]}-${m[2]}-${m[1]}`;
    days.add(day);
    const subject = `topic:${r.category || '-'}`;
    const byHour = counts.get(subject) ?? new Map<string, number>();
    byHour.set(`${day}T10`, (byHour.get(`${day}T10`) ?? 0) + 1);
    counts.set(subject, byHour);
  }
  return { counts, days: [...days].sort() };
}

describe('detectSpikes', () => {
  it('finds the real spikes in a year of TurnBackHoax topics, comparing like hours', () => {
    const { counts, days } = tbhSeries();
    const found: string[] = [];
    const first = Date.parse(`${days[0]}T00:00:00Z`);
    for (let t = first + 7 * 86_400_000; t <= Date.parse(`${days.at(-1)}T00:00:00Z`); t += 86_400_000) {
      const d = new Date(t);
      const now = zonedToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 10, 30, 0, TZ);
      for (const s of detectSpikes(counts, now, TZ, { minCount: 5, factor: 3 })) found.push(`${s.hour.slice(0, 10)} ${s.subject.slice(6)} ${s.count}`);
    }
    expect(found.sort()).toEqual(EXPECTED);
  });

  it('never fires in another hour than the one counted, nor below the minimum', () => {
    const { counts } = tbhSeries();
    expect(detectSpikes(counts, zonedToInstant(2026, 3, 12, 11, 5, 0, TZ), TZ, { minCount: 5, factor: 3 })).toEqual([]);
    expect(detectSpikes(counts, zonedToInstant(2026, 3, 12, 10, 59, 0, TZ), TZ, { minCount: 10, factor: 1 })).toEqual([]);
    expect(detectSpikes(counts, zonedToInstant(2026, 3, 12, 10, 0, 0, TZ), TZ, { minCount: 5, factor: 3 })).toEqual([
      { subject: 'topic:Politik', hour: '2026-03-12T10', count: 9, baseline: 16 / 7 },
    ]);
  });

  it('keys hours in the pipeline zone', () => {
    expect(localHourKey(new Date('2026-12-01T17:30:00Z'), TZ)).toBe('2026-12-02T00');
    expect(localHourKey(new Date('2026-12-01T17:30:00Z'), 'Asia/Jayapura')).toBe('2026-12-02T02');
  });
});
