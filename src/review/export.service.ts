import type { Kysely } from 'kysely';
import { casesForExport } from '../db/export.repo.ts';
import { queue, type QueueFilter } from '../db/queue.repo.ts';
import type { Database } from '../db/schema.ts';
import { timeHeader, tidy, type Sheet } from '../report/export.ts';
import { gatherWeekly, type WeeklyInput } from '../report/weekly-data.ts';
import { weeklySheets } from '../report/weekly-figures.ts';
import {
  CLARIFICATION_STATUS_LABEL,
  COMPLAINT_ROUTE_LABEL,
  CONTENT_TYPE_LABEL,
  PRIORITY_LABEL,
  SOURCE_KIND_LABEL,
  VERDICT_LABEL,
  type SourceKind,
} from '../vocabulary.ts';

/**
 * What the desk's export downloads: cases, the queue as filtered, and the weekly figures, each as
 * sheets (report/export.ts writes them as CSV or Excel). Every signed-in role reads the queue, the
 * cases and the reports (review/roles.ts), so every role may export them; the web layer refuses
 * anyone not signed in, as it does for the pages.
 */

/** At most this many rows in one download (the queue and the cases); the link says so. */
export const EXPORT_MAX_ROWS = 5000;

/** The queue's rows under `filter` (its paging ignored): the first EXPORT_MAX_ROWS in the queue's order. */
export async function queueSheet(db: Kysely<Database>, filter: QueueFilter, timeZone: string): Promise<Sheet> {
  const rows = await queue(db, { ...filter, page: 1, pageSize: EXPORT_MAX_ROWS }).list();
  return {
    name: 'Antrean',
    columns: [
      { header: 'Nomor butir' },
      { header: 'Judul / kutipan', width: 60 },
      { header: 'Sumber', width: 24 },
      { header: 'Jenis sumber', width: 18 },
      { header: 'Penulis', width: 18 },
      { header: timeHeader('Waktu', timeZone), kind: 'datetime', width: 18 },
      { header: 'Skor (0–100)' },
      { header: 'Prioritas' },
      { header: 'Topik', width: 20 },
      { header: 'Satuan polisi', width: 24 },
      { header: 'Alasan utama', width: 40 },
      { header: 'Nomor kasus' },
      { header: 'Putusan', width: 16 },
      { header: 'Diteruskan ke', width: 18 },
      { header: 'Petugas', width: 20 },
      { header: 'Tautan', width: 40 },
    ],
    rows: rows.map((r) => [
      r.id,
      r.title || r.excerpt,
      r.source_name,
      SOURCE_KIND_LABEL[r.source_kind as SourceKind] ?? r.source_kind,
      r.author,
      new Date(r.seen_at),
      r.score === null ? null : Math.round(r.score * 100),
      PRIORITY_LABEL[r.case_priority],
      r.topics.join(', '),
      r.police_units.join(', '),
      r.reasons
        .slice(0, 3)
        .map((x) => x.label)
        .join('; '),
      r.case_id,
      r.verdict ? VERDICT_LABEL[r.verdict] : null,
      r.complaint_route ? COMPLAINT_ROUTE_LABEL[r.complaint_route] : null,
      r.assignee_name,
      r.url,
    ]),
  };
}

/** Cases opened in [from, to), oldest first. */
export async function casesSheet(db: Kysely<Database>, range: { from?: Date | undefined; to?: Date | undefined }, timeZone: string): Promise<Sheet> {
  const rows = await casesForExport(db, { ...range, limit: EXPORT_MAX_ROWS });
  return {
    name: 'Kasus',
    columns: [
      { header: 'Nomor kasus' },
      { header: 'Klaim', width: 60 },
      { header: 'Putusan', width: 16 },
      { header: 'Jenis konten', width: 20 },
      { header: 'Topik', width: 16 },
      { header: 'Prioritas' },
      { header: 'Petugas', width: 20 },
      { header: 'Diteruskan ke', width: 18 },
      { header: 'Jumlah butir' },
      { header: 'Jumlah sumber' },
      { header: timeHeader('Pertama terlihat', timeZone), kind: 'datetime', width: 20 },
      { header: timeHeader('Dibuka', timeZone), kind: 'datetime', width: 18 },
      { header: timeHeader('Diputuskan', timeZone), kind: 'datetime', width: 18 },
      { header: 'Klarifikasi', width: 20 },
    ],
    rows: rows.map((k) => [
      k.id,
      k.title,
      k.verdict ? VERDICT_LABEL[k.verdict] : null,
      k.content_type ? CONTENT_TYPE_LABEL[k.content_type] : null,
      k.topic,
      PRIORITY_LABEL[k.priority],
      k.assignee_name,
      k.complaint_route ? COMPLAINT_ROUTE_LABEL[k.complaint_route] : null,
      k.items,
      k.sources,
      k.first_seen,
      k.created_at,
      k.decided_at,
      k.clarification_status ? CLARIFICATION_STATUS_LABEL[k.clarification_status] : null,
    ]),
  };
}

/**
 * The weekly report's figures (the same SQL, gatherWeekly): one sheet per part for Excel, and for
 * CSV the numeric parts as one long table (the confirmed cases are the cases export's job).
 */
export async function weeklyExport(db: Kysely<Database>, input: WeeklyInput): Promise<{ sheets: Sheet[]; csv: Sheet }> {
  const sheets = weeklySheets(await gatherWeekly(db, input));
  return { sheets, csv: tidy(sheets.slice(0, -1), `Angka mingguan ${input.week.id}`) };
}
