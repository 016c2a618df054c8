import { ConfigError } from '../errors.ts';
import type { ClassifySummary } from '../classify/stage.ts';
import type { RunSummary } from '../ingest/stage.ts';
import { LocalRunner } from '../jobs/local-runner.ts';
import type { IngestJobResult } from '../jobs/tasks.ts';
import { ProcessRecord } from '../jobs/process-record.ts';
import { openRuntime } from '../runtime.ts';
import { formatSummary, type CliContext } from './context.ts';
import { modelVersion } from '../classify/models.ts';

/**
 * `saring run <source…> | --all`: runs the sources now, all at once (per-host limits keep that polite),
 * through the task table in this process: each run classifies what it stored.
 * With --once it exits after; without, it keeps the pipeline's crontab (sources, report, sweep,
 * alerts) as `start` would, minus the web. Exits 1 when any run failed, so wrappers notice.
 */
export async function runCommand(ctx: CliContext, ids: string[], opts: { all?: boolean; once?: boolean; pipeline?: string }): Promise<number> {
  if (!opts.all && !ids.length) throw new ConfigError('name one or more sources, or pass --all');
  const rt = await openRuntime(ctx.config, ctx.log, opts.pipeline ? { pipeline: opts.pipeline } : {});
  try {
    const declared = rt.pipeline.sources.filter((s) => s.enabled);
    const unknown = ids.filter((id) => !declared.some((s) => s.id === id));
    if (unknown.length) {
      throw new ConfigError(`pipeline "${rt.pipeline.name}" has no enabled source ${unknown.map((u) => `"${u}"`).join(', ')} (see: saring sources list)`);
    }
    const chosen = opts.all ? declared.map((s) => s.id) : ids;
    const classified = { classified: 0, flagged: 0 };
    // On PostgreSQL the runs carry this command's process id, so they are abandoned if it is killed.
    const record =
      rt.sdb.dialect === 'postgres' ? await ProcessRecord.open(rt.sdb.db, { role: 'cli', heartbeatMs: ctx.config.heartbeatMs, log: ctx.log }) : undefined;
    const deps = rt.tasks();
    // One attempt each: a command that runs once says what failed rather than waiting to retry it.
    const now = new LocalRunner(record ? { ...deps, ingest: { ...deps.ingest, processId: record.id } } : deps, {
      pipeline: rt.pipeline.name,
      timezone: rt.pipeline.timezone,
      alerts: false,
      concurrency: Math.max(chosen.length, 2),
      maxAttempts: 1,
      onResult(task, result) {
        // Each run classifies what it stored; classify jobs carry what it could not (and images' text).
        const c = task === 'ingest:source' ? (result as IngestJobResult | null)?.classified : task === 'classify:items' ? (result as ClassifySummary) : null;
        if (!c) return;
        classified.classified += c.classified;
        classified.flagged += c.flagged;
      },
    });
    const summaries = (await Promise.all(chosen.map((sourceId) => now.queue.add('ingest:source', { sourceId }).catch(() => null)))).filter(
      (s): s is RunSummary => s !== null,
    );
    await now.queue.idle(); // the classification each run queued
    for (const s of summaries) ctx.out(formatSummary(s));
    const total = summaries.reduce((a, s) => ({ new: a.new + s.new, dup: a.dup + s.duplicate, failed: a.failed + (s.status === 'failure' ? 1 : 0) }), {
      new: 0,
      dup: 0,
      failed: 0,
    });
    ctx.out(`total: ${summaries.length} source(s), new ${total.new}, duplicates ${total.dup}, failed ${total.failed}`);
    ctx.out(`classified: ${classified.classified} item(s), flagged ${classified.flagged} (model ${modelVersion(rt.classifier().ctx)})`);
    await now.stop(0);
    await record?.close();
    if (!opts.once) {
      const scheduler = rt.jobRunner({ schedule: true });
      await scheduler.start();
      await new Promise<void>((resolve) => {
        const stop = () => void scheduler.stop().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }
    return total.failed ? 1 : 0;
  } finally {
    await rt.close();
  }
}
