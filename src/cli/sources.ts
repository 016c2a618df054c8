import { sourcesWithLastRun } from '../db/fetch-runs.repo.ts';
import { SOURCE_KINDS } from '../sources/index.ts';
import { withRuntime, type CliContext } from './context.ts';

/** `saring sources list`: every source of the pipeline with its schedule and last run. */
export async function sourcesListCommand(ctx: CliContext, opts: { pipeline?: string; json?: boolean }): Promise<void> {
  await withRuntime(ctx, opts, async (rt) => {
    const sources = await sourcesWithLastRun(rt.sdb.db, rt.pipeline.name);
    if (opts.json) {
      ctx.out(JSON.stringify(sources, null, 2));
      return;
    }
    const rows = sources.map((s) => {
      const r = s.last_run;
      return [s.id, s.kind, s.enabled ? 'yes' : 'no', s.schedule ?? 'manual', r ? `${r.status} ${r.started_at.toISOString()}` : 'never', r?.error_code ?? ''];
    });
    ctx.out(table([['ID', 'KIND', 'ENABLED', 'SCHEDULE', 'LAST RUN', 'ERROR'], ...rows]));
    ctx.out(`\nkinds: ${SOURCE_KINDS.map((k) => `${k.kind} (${k.description})`).join('; ')}`);
  });
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
