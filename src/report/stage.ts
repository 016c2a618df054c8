import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { latestSeen, saveReport } from '../db/reports.repo.ts';
import { ConfigError } from '../errors.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { isoWeekOf, previousWeek, type IsoWeek } from './iso-week.ts';
import { htmlToPdf } from './pdf.ts';
import { gatherWeekly } from './weekly-data.ts';
import { renderWeeklyHtml } from './weekly-html.ts';

export type ReportFormat = 'html' | 'pdf' | 'both';

export interface ReportDeps {
  db: Kysely<Database>;
  log: Logger;
  /** The deployment; its sources marked `factCheck` are kept out of the items to watch. */
  pipeline: { name: string; title: string; timezone: string; sources?: ReadonlyArray<{ id: string; factCheck: boolean }> };
  modelVersion: string;
  /** The browser that prints PDFs. (Default: the first Chromium, Chrome or Edge found where they install) */
  chromiumPath?: string | undefined;
  /** where report files are kept (Default: <data dir>/reports) */
  reportsDir: string;
}

export interface BuiltReport {
  id: number;
  week: IsoWeek;
  number: string;
  htmlPath: string | null;
  pdfPath: string | null;
  /** Why the PDF asked for with the HTML was not made (no browser, browser crashed), in one line. */
  pdfError: string | null;
  figures: Record<string, unknown>;
  durationMs: number;
}

/** The week a Monday-morning run reports on: the one that ended last Sunday at midnight. */
export function lastCompleteWeek(now: Date, timeZone: string): IsoWeek {
  return previousWeek(isoWeekOf(now, timeZone), timeZone);
}

/** The week offered when someone asks for a report without naming one, and why that one, in Indonesian. */
export interface DefaultWeek {
  week: IsoWeek;
  /** `complete`: the last complete week; `earlier`: the last complete week had no items, an earlier one has;
   * `current`: only the week in progress has items; `empty`: no items at all yet. */
  basis: 'complete' | 'earlier' | 'current' | 'empty';
  note: string;
}

/**
 * The last complete week that has items; else the week in progress, when only it has items (a fresh
 * install, the demo); else the last complete week, empty. The Monday run keeps reporting the week that
 * just ended, empty or not: this is for people choosing a week.
 */
export async function defaultReportWeek(db: Kysely<Database>, now: Date, timeZone: string): Promise<DefaultWeek> {
  const last = lastCompleteWeek(now, timeZone);
  const seen = await latestSeen(db, last.end, now);
  const day = (d: string) =>
    new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${d}T12:00:00Z`));
  const label = (w: IsoWeek) => `${w.id} (${day(w.firstDay)} – ${day(w.lastDay)})`;
  if (seen.before) {
    const week = isoWeekOf(seen.before, timeZone);
    return week.id === last.id
      ? { week, basis: 'complete', note: `Minggu lengkap terakhir: ${label(week)}.` }
      : { week, basis: 'earlier', note: `Minggu lalu, ${label(last)}, tidak berisi butir; dipilih minggu terakhir yang berisi butir: ${label(week)}.` };
  }
  if (seen.latest) {
    const week = isoWeekOf(seen.latest, timeZone);
    return { week, basis: 'current', note: `Baru minggu berjalan yang berisi butir: ${label(week)}. Minggu ini belum selesai, jadi laporannya belum lengkap.` };
  }
  return { week: last, basis: 'empty', note: `Belum ada butir sama sekali; laporan minggu ${label(last)} akan kosong.` };
}

/**
 * Builds one weekly report: figures by SQL, charts as SVG, HTML and/or PDF files, and a row in
 * `reports` (regenerating a week replaces its files and row).
 */
export async function buildWeeklyReport(
  deps: ReportDeps,
  opts: { week: IsoWeek; format: ReportFormat; outDir?: string | undefined; generatedBy?: { id: number; name: string } | undefined },
): Promise<BuiltReport> {
  const t0 = Date.now();
  const data = await gatherWeekly(deps.db, {
    week: opts.week,
    unit: deps.pipeline.title,
    pipeline: deps.pipeline.name,
    timeZone: deps.pipeline.timezone,
    modelVersion: deps.modelVersion,
    factCheckSources: (deps.pipeline.sources ?? []).filter((s) => s.factCheck).map((s) => s.id),
    preparedBy: opts.generatedBy ? `${opts.generatedBy.name} (Saring)` : 'Saring, otomatis',
  });
  const html = await renderWeeklyHtml(data);
  const dir = path.resolve(opts.outDir ?? deps.reportsDir);
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `laporan-${deps.pipeline.name}-${opts.week.id}`);
  let htmlPath: string | null = null;
  let pdfPath: string | null = null;
  let pdfError: string | null = null;
  if (opts.format !== 'pdf') fs.writeFileSync((htmlPath = `${base}.html`), html);
  if (opts.format !== 'html') {
    try {
      const pdf = await htmlToPdf(html, { chromiumPath: deps.chromiumPath, footer: `${data.unit} · ${data.number}` });
      fs.writeFileSync((pdfPath = `${base}.pdf`), pdf);
    } catch (err) {
      // Asked for the PDF alone, there is nothing to keep. Asked for both (the Monday run), the HTML
      // report is still the report: keep it and record why the PDF is missing, rather than lose both.
      if (opts.format === 'pdf') throw err;
      pdfError = (err as Error).message.split('\n')[0]!;
      // A missing browser is said in full by its one line; anything else keeps its stack for the log.
      deps.log.error(
        { week: opts.week.id, ...(err instanceof ConfigError ? {} : { err }) },
        `weekly report ${opts.week.id}: HTML written, no PDF: ${pdfError}`,
      );
    }
  }
  // The row has no column of its own for it: the figures' JSON carries the PDF's failure to the Laporan page.
  const figures = { totals: data.totals, previous: data.previousTotals, previous_week: data.previous.id, ...(pdfError ? { pdf_error: pdfError } : {}) };
  const row = await saveReport(deps.db, {
    pipeline: deps.pipeline.name,
    week: opts.week,
    number: data.number,
    generatedAt: data.generatedAt,
    generatedBy: opts.generatedBy?.id ?? null,
    figures,
    htmlPath,
    pdfPath,
  });
  const durationMs = Date.now() - t0;
  deps.log.info({ week: opts.week.id, report_id: row.id, html: htmlPath, pdf: pdfPath, duration_ms: durationMs }, `weekly report ${opts.week.id} built`);
  return { id: row.id, week: opts.week, number: data.number, htmlPath, pdfPath, pdfError, figures, durationMs };
}
