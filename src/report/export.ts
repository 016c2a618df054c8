import { zoneAbbreviation, zoneOffsetMs } from '../zoned-time.ts';

/**
 * Tables for download as CSV and Excel (desk export of cases, queue items and the weekly figures).
 * Headers are Indonesian; times are shown on the deployment's clock (WIB) as dd/mm/yyyy hh:mm, the
 * order Indonesian readers write dates in; text that a spreadsheet would run as a formula is defused.
 */

export type Cell = string | number | Date | null;

export interface Column {
  header: string;
  /** `datetime` cells are instants, shown on the zone's clock (Default: text, or number for numbers) */
  kind?: 'datetime';
  /** Excel column width in characters (Default: from the header) */
  width?: number;
}

export interface Sheet {
  /** the Excel sheet's name (at most 31 characters) */
  name: string;
  columns: Column[];
  rows: Cell[][];
}

/**
 * Text starting with = + - @ (or a tab or carriage return) is read as a formula by Excel and
 * LibreOffice when the file is opened ("CSV injection"): such a cell gets a leading apostrophe, which
 * shows the text as typed and runs nothing.
 * @example defuse('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the zone's wall clock, in a Date whose UTC fields are that clock (what Excel stores). */
function wallClock(d: Date, timeZone: string): Date {
  return new Date(d.getTime() + zoneOffsetMs(d.getTime(), timeZone));
}

/** "24/11/2026 09:30" on the zone's clock. */
export function formatDateTime(d: Date, timeZone: string): string {
  const w = wallClock(d, timeZone);
  return `${pad(w.getUTCDate())}/${pad(w.getUTCMonth() + 1)}/${w.getUTCFullYear()} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
}

/** A column header that says which clock its times are on: "Pertama terlihat (WIB)". */
export function timeHeader(label: string, timeZone: string): string {
  return `${label} (${zoneAbbreviation(timeZone)})`;
}

function csvField(cell: Cell, timeZone: string): string {
  if (cell === null || cell === undefined) return '';
  let text: string;
  if (cell instanceof Date) text = formatDateTime(cell, timeZone);
  else if (typeof cell === 'number') text = Number.isFinite(cell) ? String(cell) : '';
  else text = defuse(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The sheet as CSV (RFC 4180: comma, CRLF, quotes doubled) behind a UTF-8 byte-order mark, without
 * which Excel reads the file in the machine's legacy code page and garbles every non-ASCII letter.
 */
export function toCsv(sheet: Sheet, timeZone: string): string {
  const lines = [sheet.columns.map((c) => csvField(c.header, timeZone)), ...sheet.rows.map((r) => r.map((v) => csvField(v, timeZone)))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/**
 * Several sheets as one long table for a single CSV file: each row's text cells name it, and each
 * number becomes a row of its own (Bagian, Keterangan, Ukuran, Nilai), the shape a pivot table reads.
 */
export function tidy(sheets: Sheet[], name: string): Sheet {
  const rows: Cell[][] = [];
  for (const s of sheets) {
    for (const r of s.rows) {
      const label = r.filter((v, i) => typeof v === 'string' && s.columns[i]).join(' · ');
      r.forEach((v, i) => {
        if (typeof v === 'number') rows.push([s.name, label, s.columns[i]!.header, v]);
      });
    }
  }
  return { name, columns: [{ header: 'Bagian' }, { header: 'Keterangan' }, { header: 'Ukuran' }, { header: 'Nilai' }], rows };
}

/**
 * The sheets as an Excel workbook (.xlsx, by exceljs): bold frozen header row, times as real dates
 * on the zone's clock formatted dd/mm/yyyy hh:mm, numbers as numbers, text defused as in CSV.
 */
export async function toXlsx(sheets: Sheet[], timeZone: string, meta: { creator: string; title: string }): Promise<Buffer> {
  // Loaded on first use: exceljs takes a noticeable part of a second to load, and few requests export.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator;
  wb.title = meta.title;
  wb.created = new Date();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(10, Math.min(60, c.header.length + 2)),
      ...(c.kind === 'datetime' ? { style: { numFmt: 'dd/mm/yyyy hh:mm' } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map((v) => (v instanceof Date ? wallClock(v, timeZone) : typeof v === 'string' ? defuse(v) : v)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const CONTENT_TYPE = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
