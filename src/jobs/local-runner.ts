import cron, { type ScheduledTask } from 'node-cron';
import { abandonRuns } from '../db/fetch-runs.repo.ts';
import { listSources } from '../db/sources.repo.ts';
import { crontab } from './crontab.ts';
import { LocalQueue } from './local-queue.ts';
import { STOP_GRACE_MS, type JobRunner } from './runner.ts';
import { taskList, type Payload, type TaskDeps, type TaskName } from './tasks.ts';

export interface LocalRunnerOptions {
  pipeline: string;
  timezone: string;
  /** Evaluate the pipeline's alert rules every minute (it has some). */
  alerts: boolean;
  /** Train a candidate model on this cron line (pipeline `learning.trainSchedule`). */
  trainSchedule?: string | null;
  /** Jobs at once. (Default: 8; per-host limits keep many sources polite) */
  concurrency?: number;
  /** Caps every task's attempts: 1 for a command that runs once and says what failed. */
  maxAttempts?: number;
  /** Sees every job's result. */
  onResult?: (task: TaskName, result: unknown) => void;
}

/**
 * The embedded mode's runner (PGlite is one process's database): the deployment's crontab fires into
 * an in-process queue that runs the same task table as graphile-worker, with the same keys and
 * queues. A source never runs twice at once; a tick while it runs waits behind it, merged with any
 * other waiting tick. Failures are recorded per run by the ingest stage and never reach the others.
 */
export class LocalRunner implements JobRunner {
  readonly mode = 'in-process' as const;
  readonly queue: LocalQueue;
  private readonly crons: ScheduledTask[] = [];

  constructor(
    private readonly deps: Omit<TaskDeps, 'enqueue'>,
    private readonly opts: LocalRunnerOptions,
  ) {
    const tasks = taskList({ ...deps, enqueue: this.enqueue });
    const { maxAttempts, onResult } = opts;
    this.queue = new LocalQueue(tasks, {
      log: deps.log,
      concurrency: opts.concurrency ?? 8,
      ...(maxAttempts ? { maxAttempts } : {}),
      ...(onResult ? { onResult } : {}),
    });
  }

  /** Queues a job without waiting for it (how tasks queue follow-up work). */
  readonly enqueue = async <T extends TaskName>(task: T, payload: Payload<T>): Promise<void> => {
    void this.queue.add(task, payload);
  };

  /**
   * Recovers what an earlier process left (its unfinished runs marked abandoned, its unclassified
   * items queued), then schedules the crontab; returns the number of scheduled sources.
   */
  async start(): Promise<number> {
    // The embedded database is this process's alone (connect.ts locks its folder): a run still
    // "running" was left by a process that died, a killed `saring import` as much as a killed start.
    const abandoned = await abandonRuns(this.deps.ingest.db, { all: true });
    if (abandoned) this.deps.log.warn({ abandoned }, `${abandoned} run(s) left unfinished by an earlier process marked abandoned`);
    const sources = await listSources(this.deps.ingest.db, this.opts.pipeline);
    // The embedded database has no autovacuum: its upkeep is scheduled wherever the deps can run it.
    const entries = crontab({ sources, alerts: this.opts.alerts, train: this.opts.trainSchedule, maintain: this.deps.maintain !== undefined });
    for (const e of entries) {
      this.crons.push(cron.schedule(e.cron, () => void this.queue.add(e.task, e.payload), { timezone: this.opts.timezone, name: e.name }));
    }
    await this.enqueue('classify:items', {});
    const scheduled = entries.filter((e) => e.task === 'ingest:source').length;
    this.deps.log.info({ sources: scheduled, jobs: entries.length - scheduled, timezone: this.opts.timezone }, `scheduled ${scheduled} source(s)`);
    return scheduled;
  }

  async runNow(sourceIds: string[]): Promise<void> {
    for (const sourceId of sourceIds) await this.enqueue('ingest:source', { sourceId });
  }

  /** Stops the crontab, then lets running jobs finish for `graceMs` before cancelling them. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    for (const t of this.crons.splice(0)) await t.stop();
    await this.queue.stop(graceMs);
  }
}
