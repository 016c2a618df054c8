import { sourcesWithLastRun } from '../db/fetch-runs.repo.ts';
import { healthLedger } from '../health/ledger.ts';
import { ERROR_CLASS_LABEL, formatHours, HEALTH_LABEL } from '../health/source-health.ts';
import { SOURCE_KIND_DEFS } from '../sources/index.ts';
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
    ctx.out(`\nkinds: ${SOURCE_KIND_DEFS.map((k) => `${k.kind} (${k.description})`).join('; ')}`);
  });
}

/** `saring sources health`: the health ledger, worst first, as on the Sumber page. */
export async function sourcesHealthCommand(ctx: CliContext, opts: { pipeline?: string; json?: boolean }): Promise<void> {
  await withRuntime(ctx, opts, async (rt) => {
    const rows = await healthLedger(rt.sdb.db, rt.pipeline);
    if (opts.json) {
      ctx.out(JSON.stringify(rows, null, 2));
      return;
    }
    const ago = (d: Date | null) => (d ? `${formatHours((Date.now() - d.getTime()) / 3_600_000)} lalu` : '—');
    const perDay = (n: number | null) => (n === null ? '—' : n.toLocaleString('id-ID', { maximumFractionDigits: 1 }));
    ctx.out(
      table([
        ['SUMBER', 'STATUS', 'BERHASIL TERAKHIR', 'GALAT TERAKHIR', '24 JAM', 'BIASANYA/HARI', 'ALASAN'],
        ...rows.map((r) => {
          const h = r.health;
          const err = h.lastError ? `${ERROR_CLASS_LABEL[h.lastError.class]} (${ago(h.lastError.at)})` : '—';
          return [r.id, HEALTH_LABEL[h.state], ago(h.lastSuccessAt), err, String(h.itemsLast24h), perDay(h.usualPerDay), h.reason];
        }),
      ]),
    );
  });
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
