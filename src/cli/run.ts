import { ConfigError } from '../errors.ts';
import { runClassify } from '../classify/stage.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import type { RunSummary } from '../ingest/stage.ts';
import { openRuntime } from '../runtime.ts';
import { formatSummary, type CliContext } from './context.ts';
import { modelVersion } from '../classify/models.ts';

/**
 * `saring run <source…> | --all`: runs the sources now, all at once (per-host limits keep that polite).
 * With --once it exits after; without, it keeps them on their schedule as `start` would, minus the web.
 * Exits 1 when any run failed, so wrappers notice.
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
    // This run's ingest first, then one classify pass over everything it stored.
    const now = new Scheduler(rt.ingest, { pipeline: rt.pipeline.name, timezone: rt.pipeline.timezone });
    const summaries = (await Promise.all(chosen.map((id) => now.trigger(id)))).filter((s): s is RunSummary => s !== null);
    for (const s of summaries) ctx.out(formatSummary(s));
    const total = summaries.reduce((a, s) => ({ new: a.new + s.new, dup: a.dup + s.duplicate, failed: a.failed + (s.status === 'failure' ? 1 : 0) }), { new: 0, dup: 0, failed: 0 });
    ctx.out(`total: ${summaries.length} source(s), new ${total.new}, duplicates ${total.dup}, failed ${total.failed}`);
    const c = await runClassify(rt.classifier());
    ctx.out(`classified: ${c.classified} item(s), flagged ${c.flagged} (model ${modelVersion(rt.classifier().ctx)})`);
    if (!opts.once) {
      const scheduler = new Scheduler(rt.ingest, {
        pipeline: rt.pipeline.name,
        timezone: rt.pipeline.timezone,
        afterIngest: (signal) => runClassify(rt.classifier(), { signal }),
      });
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
