import fs from 'node:fs';
import type { Hono } from 'hono';
import { z } from 'zod';
import { DeskError } from '../../errors.ts';
import { parseIsoWeek } from '../../report/iso-week.ts';
import { listReports } from '../../db/reports.repo.ts';
import { buildWeeklyReport, lastCompleteWeek, type ReportDeps } from '../../report/stage.ts';
import { requireRole } from '../../review/roles.ts';
import type { AppEnv } from '../env.ts';
import { done, idParam, parseInput, requireSession, wantsJson } from '../respond.ts';
import { readForm } from '../session.ts';
import { reportsPage } from '../views/reports.ts';
import { chrome } from './chrome.ts';

export function reportRoutes(app: Hono<AppEnv>, deps: ReportDeps): void {
  app.get('/reports', async (c) => {
    requireSession(c);
    const rows = await listReports(c.var.rt.sdb.db, deps.pipeline.name);
    if (wantsJson(c)) return c.json({ reports: rows.map(({ html_path: _h, pdf_path: _p, ...r }) => r) });
    return c.html(reportsPage(chrome(c, 'Laporan'), { rows, timezone: deps.pipeline.timezone, suggestedWeek: lastCompleteWeek(new Date(), deps.pipeline.timezone).id }));
  });

  app.get('/reports/:id/:format', async (c) => {
    requireSession(c);
    const id = parseInput(idParam, c.req.param('id'));
    const format = parseInput(z.enum(['html', 'pdf']), c.req.param('format'));
    const r = await c.var.rt.sdb.db.selectFrom('reports').select(['period', 'html_path', 'pdf_path']).where('id', '=', id).where('pipeline', '=', deps.pipeline.name).executeTakeFirst();
    const file = format === 'html' ? r?.html_path : r?.pdf_path;
    if (!r || !file || !fs.existsSync(file)) throw new DeskError('NOT_FOUND', `Laporan #${id} tidak punya berkas ${format.toUpperCase()}.`);
    const name = `laporan-${deps.pipeline.name}-${r.period}.${format}`;
    return c.body(new Uint8Array(fs.readFileSync(file)), 200, {
      'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'application/pdf',
      'content-disposition': `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${name}"`,
      // The report carries its own inline style; it has no script at all.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    });
  });

  app.post('/reports', async (c) => {
    const s = requireSession(c);
    requireRole(s.actor, 'report.generate');
    const p = await readForm(c, z.object({ week: z.string().max(10), format: z.enum(['html', 'pdf', 'both']).default('both') }));
    let week;
    try {
      week = parseIsoWeek(p.week, deps.pipeline.timezone);
    } catch (err) {
      throw new DeskError('INVALID_INPUT', `Minggu tidak sah: ${(err as Error).message}`);
    }
    const r = await buildWeeklyReport(deps, { week, format: p.format, generatedBy: { id: s.actor.id, name: s.actor.display_name } });
    const made = r.pdfError ? `Laporan ${r.week.id} dibuat tanpa PDF: ${r.pdfError}` : `Laporan ${r.week.id} dibuat.`;
    return done(c, { id: r.id, week: r.week.id, number: r.number, figures: r.figures, pdf_error: r.pdfError }, '/reports', made);
  });
}
