import fs from 'node:fs';
import { z } from 'zod';
import { listReports, reportFiles } from '../../db/reports.repo.ts';
import { DeskError } from '../../errors.ts';
import { parseWeekChoice } from '../../report/iso-week.ts';
import { buildWeeklyReport, defaultReportWeek, type ReportDeps } from '../../report/stage.ts';
import { chrome } from '../chrome.ts';
import { allow, deskRoutes } from '../guards.ts';
import { blankToUndefined, done, idParam, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { reportsPage } from '../views/reports.ts';
import { sendPage } from '../html-body.ts';

/**
 * The report's own policy: it carries its style inline and has no script at all. The desk's global
 * policy (style from /static only) would leave it unstyled; app.ts keeps a policy a route has set.
 */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const optionalText = z.preprocess(blankToUndefined, z.string().trim().max(20).optional());
const weekChoice = z.object({ date: optionalText, week: optionalText, format: z.enum(['html', 'pdf', 'both']).default('both') });

/** Weekly reports: the list, their files, and building one on demand. Mounted at /reports. */
export function reportRoutes(deps: ReportDeps) {
  return deskRoutes()
    .get('/', async (c) => {
      const rows = await listReports(c.var.rt.sdb.db, deps.pipeline.name);
      if (wantsJson(c)) return c.json({ reports: rows.map(({ html_path: _h, pdf_path: _p, ...r }) => r) });
      const suggested = await defaultReportWeek(c.var.rt.sdb.db, new Date(), deps.pipeline.timezone);
      return sendPage(c, reportsPage(chrome(c, 'Laporan'), { rows, timezone: deps.pipeline.timezone, suggested }));
    })
    .get('/:id/:format', params(z.object({ id: idParam, format: z.enum(['html', 'pdf']) })), async (c) => {
      const { id, format } = c.req.valid('param');
      const r = await reportFiles(c.var.rt.sdb.db, deps.pipeline.name, id);
      const file = format === 'html' ? r?.html_path : r?.pdf_path;
      if (!r || !file || !fs.existsSync(file)) throw new DeskError('NOT_FOUND', `Laporan #${id} tidak punya berkas ${format.toUpperCase()}.`);
      const name = `laporan-${deps.pipeline.name}-${r.period}.${format}`;
      return c.body(new Uint8Array(fs.readFileSync(file)), 200, {
        'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'application/pdf',
        'content-disposition': `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${name}"`,
        'content-security-policy': REPORT_CSP,
      });
    })
    .post('/', allow('report.generate'), body(weekChoice), async (c) => {
      const p = c.req.valid('form');
      const actor = c.var.actor;
      // A date (the form's date field) or an ISO week (JSON clients, the form's second field); the date wins.
      const choice = p.date ?? p.week;
      if (!choice) throw new DeskError('INVALID_INPUT', 'Pilih tanggal (minggunya yang dilaporkan) atau tulis kode minggu ISO, mis. 2026-W47.');
      let week;
      try {
        week = parseWeekChoice(choice, deps.pipeline.timezone);
      } catch (err) {
        throw new DeskError('INVALID_INPUT', `Minggu tidak sah: ${(err as Error).message}`);
      }
      const r = await buildWeeklyReport(deps, { week, format: p.format, generatedBy: { id: actor.id, name: actor.display_name } });
      const made = r.pdfError ? `Laporan ${r.week.id} dibuat tanpa PDF: ${r.pdfError}` : `Laporan ${r.week.id} dibuat.`;
      return done(c, { id: r.id, week: r.week.id, number: r.number, figures: r.figures, pdf_error: r.pdfError }, '/reports', made);
    });
}
