import type { WeekTotals } from '../db/reports.repo.ts';
import { CLARIFICATION_STATUS_LABEL, CONTENT_TYPE_LABEL, VERDICT_LABEL, type ClarificationStatus } from '../vocabulary.ts';
import { timeHeader, type Sheet } from './export.ts';
import type { WeeklyData } from './weekly-data.ts';

/**
 * The weekly figures as rows of numbers, for the on-screen Ringkasan and the weekly export: the
 * same totals (db/reports.repo.ts) the report prints, under the report's own labels.
 */

export interface Indicator {
  label: string;
  /** `duration`: seconds, null when nothing was timed */
  kind: 'count' | 'duration';
  now: number | null;
  before: number | null;
}

/** The report's summary indicators (weekly-html.ts), one number each ("benar" and "belum terbukti" apart). */
export function summaryIndicators(t: WeekTotals, p: WeekTotals): Indicator[] {
  const count = (label: string, pick: (x: WeekTotals) => number): Indicator => ({ label, kind: 'count', now: pick(t), before: pick(p) });
  const duration = (label: string, pick: (x: WeekTotals) => number | null): Indicator => ({ label, kind: 'duration', now: pick(t), before: pick(p) });
  return [
    count('Butir dipantau', (x) => x.monitored),
    count('Butir ditandai untuk ditinjau', (x) => x.flagged),
    count('Terkonfirmasi hoaks', (x) => x.hoaks),
    count('Terkonfirmasi disinformasi', (x) => x.disinformasi),
    count('Terkonfirmasi misinformasi', (x) => x.misinformasi),
    count('Diputuskan benar', (x) => x.benar),
    count('Diputuskan belum terbukti', (x) => x.belum_terbukti),
    count('Diputuskan bukan hoaks', (x) => x.bukan_hoaks),
    count('Hoaks lama beredar kembali (butir ditautkan ke kasus lama)', (x) => x.hlbk_linked),
    count('Kemungkinan mengatasnamakan polisi', (x) => x.impersonation_items),
    count('Kritik/keluhan terhadap polisi (bukan hoaks)', (x) => x.criticism_items),
    count('Diteruskan ke pengaduan (kasus ke Dumas/Propam, butir berlabel kritik)', (x) => x.complaints_routed),
    count('Klarifikasi diterbitkan', (x) => x.clarifications_published),
    duration('Median waktu: pertama terlihat → putusan', (x) => x.median_to_verdict_s),
    duration('Median waktu: pertama terlihat → klarifikasi terbit', (x) => x.median_to_clarification_s),
  ];
}

/** Confirmed hoaxes of the week (hoaks + disinformasi + misinformasi; complaints never). */
export const confirmedTotal = (t: WeekTotals) => t.hoaks + t.disinformasi + t.misinformasi;

const minutes = (s: number | null) => (s === null || s < 0 ? null : Math.round(s / 60));

/** "Senin, 16/11/2026": a report day ("2026-11-16") as a reader names it. */
export function dayName(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', weekday: 'long' }).format(d);
  return `${weekday}, ${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** The weekly figures as spreadsheet sheets, one per part of the report. */
export function weeklySheets(r: WeeklyData): Sheet[] {
  const tz = r.timeZone;
  return [
    {
      name: 'Ringkasan',
      columns: [{ header: 'Indikator', width: 56 }, { header: `Minggu ini (${r.week.id})` }, { header: `Minggu lalu (${r.previous.id})` }],
      rows: summaryIndicators(r.totals, r.previousTotals).map((i) =>
        i.kind === 'duration' ? [`${i.label} (menit)`, minutes(i.now), minutes(i.before)] : [i.label, i.now, i.before],
      ),
    },
    {
      name: 'Volume harian',
      columns: [{ header: 'Hari', width: 22 }, { header: 'Dipantau' }, { header: 'Ditandai' }],
      rows: r.daily.map((d) => [dayName(d.day), d.monitored, d.flagged]),
    },
    { name: 'Topik', columns: [{ header: 'Topik', width: 24 }, { header: 'Ditandai' }], rows: r.topics.map((x) => [x.topic, x.n]) },
    {
      name: 'Sumber',
      columns: [{ header: 'Sumber', width: 36 }, { header: 'Jenis' }, { header: 'Dipantau' }, { header: 'Ditandai' }],
      rows: r.sources.map((s) => [s.name, s.kind, s.monitored, s.flagged]),
    },
    {
      name: 'Satuan polisi',
      columns: [{ header: 'Satuan', width: 30 }, { header: 'Butir' }, { header: 'Ditandai' }],
      rows: r.units.map((u) => [u.unit, u.items, u.flagged]),
    },
    { name: 'Tren 8 minggu', columns: [{ header: 'Minggu' }, { header: 'Hoaks terkonfirmasi', width: 20 }], rows: r.trend.map((w) => [w.week, w.n]) },
    {
      name: 'Kasus terkonfirmasi',
      columns: [
        { header: 'Nomor kasus' },
        { header: 'Klaim', width: 60 },
        { header: timeHeader('Pertama terlihat', tz), kind: 'datetime', width: 20 },
        { header: timeHeader('Diputuskan', tz), kind: 'datetime', width: 20 },
        { header: 'Putusan', width: 16 },
        { header: 'Jenis konten', width: 20 },
        { header: 'Topik', width: 16 },
        { header: 'Klarifikasi', width: 20 },
      ],
      rows: r.appendix.map((c) => [
        c.id,
        c.title,
        c.first_seen,
        c.decided_at,
        c.verdict ? VERDICT_LABEL[c.verdict] : null,
        c.content_type ? CONTENT_TYPE_LABEL[c.content_type] : null,
        c.topic,
        c.clarification_status ? CLARIFICATION_STATUS_LABEL[c.clarification_status as ClarificationStatus] : null,
      ]),
    },
  ];
}
