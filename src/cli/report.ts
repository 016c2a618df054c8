import { ConfigError } from '../errors.ts';
import { parseWeekChoice } from '../report/iso-week.ts';
import { buildWeeklyReport, defaultReportWeek, type ReportFormat } from '../report/stage.ts';
import { withRuntime, type CliContext } from './context.ts';

/**
 * `saring report weekly`: the report of the week `--week` names (an ISO week, or any date in it) or
 * `--date` falls in; by default the last complete week that has items, said on stderr when that is not
 * simply last week.
 */
export async function reportWeeklyCommand(
  ctx: CliContext,
  opts: { week?: string; date?: string; format?: string; out?: string; pipeline?: string },
): Promise<void> {
  const format = (opts.format ?? 'both') as ReportFormat;
  if (!['html', 'pdf', 'both'].includes(format)) throw new ConfigError(`--format: "${opts.format}" is not one of html, pdf, both`);
  await withRuntime(ctx, opts, async (rt) => {
    const tz = rt.pipeline.timezone;
    if (opts.week && opts.date) throw new ConfigError('--week and --date: give one of them');
    const chosen = opts.date ?? opts.week;
    let week;
    if (chosen) week = parseWeekChoice(chosen, tz);
    else {
      const d = await defaultReportWeek(rt.sdb.db, new Date(), tz);
      if (d.basis !== 'complete') process.stderr.write(`saring: report: ${d.note}\n`);
      week = d.week;
    }
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
