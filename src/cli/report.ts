import { ConfigError } from '../errors.ts';
import { parseIsoWeek } from '../report/iso-week.ts';
import { buildWeeklyReport, lastCompleteWeek, type ReportFormat } from '../report/stage.ts';
import { withRuntime, type CliContext } from './context.ts';

/** `saring report weekly`: last week's report (or --week), as HTML, PDF or both. */
export async function reportWeeklyCommand(ctx: CliContext, opts: { week?: string; format?: string; out?: string; pipeline?: string }): Promise<void> {
  const format = (opts.format ?? 'both') as ReportFormat;
  if (!['html', 'pdf', 'both'].includes(format)) throw new ConfigError(`--format: "${opts.format}" is not one of html, pdf, both`);
  await withRuntime(ctx, opts, async (rt) => {
    const tz = rt.pipeline.timezone;
    const week = opts.week ? parseIsoWeek(opts.week, tz) : lastCompleteWeek(new Date(), tz);
    const r = await buildWeeklyReport(rt.report(), { week, format, outDir: opts.out });
    for (const f of [r.htmlPath, r.pdfPath]) if (f) ctx.out(f);
    if (r.pdfError) {
      process.stderr.write(`saring: report: no PDF: ${r.pdfError}\n`);
      process.exitCode = 1;
    }
    const t = r.figures.totals as { monitored: number; flagged: number; hoaks: number };
    ctx.out(`${r.number}: ${t.monitored} monitored, ${t.flagged} flagged, ${t.hoaks} hoaks (${(r.durationMs / 1000).toFixed(1)} s)`);
  });
}
