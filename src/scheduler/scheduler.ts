import { setMaxListeners } from 'node:events';
import cron, { type ScheduledTask } from 'node-cron';
import type { JobRunner } from '../jobs/runner.ts';
import { abandonRuns } from '../db/fetch-runs.repo.ts';
import { getSource, listSources } from '../db/sources.repo.ts';
import { runSource, type IngestDeps, type RunSummary } from '../ingest/stage.ts';

/**
 * The embedded mode's job runner (PGlite is one process's database). Runs each enabled source of a pipeline on its cron schedule (in the pipeline's time zone).
 * A source never runs twice at once: a tick that finds the previous run still going is skipped.
 * Failures are recorded per run by the ingest stage and never reach the other sources.
 */
export class Scheduler implements JobRunner {
  readonly mode = 'in-process' as const;
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<RunSummary | null>>();
  // One signal stops every run; hundreds of sources running at once each listen on it, which is no leak.
  private readonly abort = withUnlimitedListeners(new AbortController());

  private afterRunning: Promise<void> | undefined;
  private afterAgain = false;

  constructor(
    private readonly deps: IngestDeps,
    private readonly opts: {
      pipeline: string;
      timezone: string;
      /** Runs after a run that stored something (the classify stage); never two at once. */
      afterIngest?: (signal: AbortSignal) => Promise<unknown>;
      /** Other timed work (the weekly report), each on its cron in the pipeline's time zone; a tick that finds it still running is skipped. */
      jobs?: Array<{ name: string; cron: string; run: (signal: AbortSignal) => Promise<unknown> }>;
    },
  ) {}

  /** Schedules the pipeline's sources; returns how many. */
  async start(): Promise<number> {
    const sources = (await listSources(this.deps.db, this.opts.pipeline)).filter((s) => s.enabled && s.schedule);
    const abandoned = await abandonRuns(this.deps.db, { sourceIds: sources.map((s) => s.id) });
    if (abandoned) this.deps.log.warn({ abandoned }, `${abandoned} run(s) left unfinished by an earlier process marked abandoned`);
    for (const source of sources) {
      const task = cron.schedule(source.schedule!, () => void this.trigger(source.id), { timezone: this.opts.timezone, name: `ingest:${source.id}` });
      this.tasks.push(task);
    }
    for (const job of this.opts.jobs ?? []) {
      let running: Promise<unknown> | undefined;
      const task = cron.schedule(
        job.cron,
        () => {
          if (running || this.abort.signal.aborted) return;
          running = job
            .run(this.abort.signal)
            .catch((err: unknown) => this.deps.log.error({ err, job: job.name }, `${job.name} failed`))
            .finally(() => (running = undefined));
        },
        { timezone: this.opts.timezone, name: job.name },
      );
      this.tasks.push(task);
    }
    this.deps.log.info({ sources: sources.length, jobs: this.opts.jobs?.length ?? 0, timezone: this.opts.timezone }, `scheduled ${sources.length} source(s)`);
    return sources.length;
  }

  async runNow(sourceIds: string[]): Promise<void> {
    for (const id of sourceIds) void this.trigger(id);
  }

  /** Runs a source now unless it is already running or paused; resolves with the run's summary, or null if skipped. */
  async trigger(sourceId: string): Promise<RunSummary | null> {
    if (this.abort.signal.aborted) return null;
    if (this.running.has(sourceId)) {
      this.deps.log.info({ source_id: sourceId }, `${sourceId}: previous run still in progress; tick skipped`);
      return null;
    }
    const run = (async () => {
      const source = await getSource(this.deps.db, sourceId);
      if (!source?.enabled) throw new Error(`source "${sourceId}" is missing or disabled`);
      if (source.paused_at) return null; // paused by an admin: the tick does nothing until resumed
      return runSource(this.deps, source, this.abort.signal);
    })();
    this.running.set(sourceId, run);
    try {
      const summary = await run;
      if (!summary) return null;
      if (summary.new + summary.updated + summary.duplicate > 0) await this.runAfterIngest();
      return summary;
    } catch (err) {
      this.deps.log.error({ source_id: sourceId, err }, `${sourceId}: could not run`);
      return null;
    } finally {
      this.running.delete(sourceId);
    }
  }

  /** Single-flight: a request while the stage runs makes it run once more afterwards, not twice at once. */
  private runAfterIngest(): Promise<void> {
    const hook = this.opts.afterIngest;
    if (!hook) return Promise.resolve();
    if (this.afterRunning) {
      this.afterAgain = true;
      return this.afterRunning;
    }
    this.afterRunning = (async () => {
      do {
        this.afterAgain = false;
        try {
          await hook(this.abort.signal);
        } catch (err) {
          this.deps.log.error({ err }, 'stage after ingest failed');
        }
      } while (this.afterAgain && !this.abort.signal.aborted);
      this.afterRunning = undefined;
    })();
    return this.afterRunning;
  }

  get activeRuns(): number {
    return this.running.size;
  }

  /**
   * Stops scheduling, then gives running runs `graceMs` to finish; after that their requests are
   * cancelled and they are recorded as abandoned.
   */
  async stop(graceMs = 10_000): Promise<void> {
    for (const t of this.tasks) await t.stop();
    this.tasks.length = 0;
    const pending = [...this.running.values(), ...(this.afterRunning ? [this.afterRunning] : [])].map((p) => p.catch(() => null));
    if (!pending.length) return;
    const timer = setTimeout(() => this.abort.abort(new Error('shutting down')), graceMs);
    await Promise.all(pending);
    clearTimeout(timer);
    this.abort.abort(new Error('shut down'));
  }
}

function withUnlimitedListeners(c: AbortController): AbortController {
  setMaxListeners(0, c.signal);
  return c;
}
