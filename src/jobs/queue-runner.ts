import os from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { listSources } from '../db/sources.repo.ts';
import { claimDeadProcesses, claimTick, forceUnlockWorkers, heartbeat, markStopped, pruneTicks, registerProcess, setWorkerIds } from '../db/jobs.repo.ts';
import { abandonRuns } from '../db/fetch-runs.repo.ts';
import type { Logger } from '../log.ts';
import { crontab, type CronEntry } from './crontab.ts';
import { newProcessId } from './process-record.ts';
import { addJob, startWorkerPool, type WorkerPool } from './graphile.ts';
import { taskList, type Payload, type TaskDeps, type TaskName } from './tasks.ts';
import { STOP_GRACE_MS, type JobRunner } from './runner.ts';

export interface QueueRunnerOptions {
  connectionString: string;
  pipeline: string;
  timezone: string;
  /** Run the cron: enqueue each source on its schedule, the weekly report and the classify sweep. */
  schedule: boolean;
  /** Workers in this process; 0 for a scheduler that only enqueues. */
  concurrency: number;
  /** Evaluate alert rules every minute (the pipeline has some). */
  alerts?: boolean;
  /** Train a candidate model on this cron line (pipeline `learning.trainSchedule`). */
  trainSchedule?: string | null;
  /** (Default: 15 000 ms) */
  heartbeatMs?: number;
  /** A process silent this long is declared dead and its jobs released. (Default: 60 000 ms) */
  deadAfterMs?: number;
  pollIntervalMs?: number;
}

/**
 * The PostgreSQL mode: graphile-worker workers and/or the cron that feeds them, in one process of a
 * cluster. Each process heartbeats in job_processes; a peer that stops heartbeating is declared dead
 * and its jobs are released at once (graphile-worker alone would wait 4 hours), its fetch runs marked
 * abandoned, and a classify sweep queued.
 */
export class QueueRunner implements JobRunner {
  readonly mode = 'graphile-worker' as const;
  readonly processId = newProcessId();
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;
  private readonly crons: ScheduledTask[] = [];
  private readonly workerIds: string[] = [];
  private pool: WorkerPool | undefined;
  private supervising: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** The grace period stop() was given, for a pool that was still starting then. */
  private graceMs = STOP_GRACE_MS;
  /** When our own heartbeat last failed: after an outage everyone's heartbeat is old, so peers are judged only after a full period of our own health. */
  private lastFailure = 0;

  constructor(
    private readonly deps: Omit<TaskDeps, 'enqueue'>,
    private readonly opts: QueueRunnerOptions,
    private readonly log: Logger,
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.deadAfterMs = opts.deadAfterMs ?? 60_000;
  }

  private get db() {
    return this.deps.ingest.db;
  }

  readonly enqueue = async <T extends TaskName>(task: T, payload: Payload<T>): Promise<void> => {
    await addJob(this.db, task, payload);
  };

  async start(): Promise<void> {
    await registerProcess(this.db, { id: this.processId, host: os.hostname(), pid: process.pid, role: this.opts.concurrency > 0 ? 'worker' : 'scheduler' });
    await this.recoverDeadPeers();
    if (this.opts.concurrency > 0) {
      this.supervising = this.superviseWorkers();
      // Whatever the last crash left unclassified; cheap when there is nothing.
      await this.enqueue('classify:items', {});
    }
    if (this.opts.schedule) await this.startCron();
    this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
    this.log.info(
      {
        process_id: this.processId,
        concurrency: this.opts.concurrency,
        schedule: this.opts.schedule,
        heartbeat_ms: this.heartbeatMs,
        dead_after_ms: this.deadAfterMs,
      },
      `job process ${this.processId} started (${this.opts.concurrency} worker(s)${this.opts.schedule ? ', scheduler' : ''})`,
    );
  }

  /**
   * Queues these sources at once, all in one transaction, and keeps trying while the database is
   * unreachable: a PostgreSQL restart during start-up must not leave some sources unqueued.
   */
  async runNow(sourceIds: string[]): Promise<void> {
    for (let wait = 500; ; wait = Math.min(wait * 2, 10_000)) {
      try {
        await this.db.transaction().execute(async (tx) => {
          for (const sourceId of sourceIds) await addJob(tx, 'ingest:source', { sourceId });
        });
        return;
      } catch (err) {
        if (this.stopping) throw err;
        this.log.warn({ err }, `could not queue the first runs of ${sourceIds.length} source(s); trying again in ${wait} ms`);
        await sleep(wait);
      }
    }
  }

  /** Stops the cron and the workers: running jobs get `graceMs` to finish, then their signal is aborted. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.stopping = true;
    this.graceMs = graceMs;
    clearInterval(this.timer);
    for (const t of this.crons) await t.stop();
    await this.pool?.stop(graceMs).catch((err: unknown) => this.log.warn({ err }, 'stopping the workers'));
    await this.supervising;
    await markStopped(this.db, this.processId, 'stopped').catch(() => {});
  }

  private async superviseWorkers(): Promise<void> {
    const tasks = taskList({ ...this.deps, ingest: { ...this.deps.ingest, processId: this.processId }, enqueue: this.enqueue });
    for (let failures = 0; !this.stopping; ) {
      try {
        this.pool = await startWorkerPool({
          connectionString: this.opts.connectionString,
          concurrency: this.opts.concurrency,
          tasks,
          log: this.log,
          ...(this.opts.pollIntervalMs ? { pollIntervalMs: this.opts.pollIntervalMs } : {}),
        });
        this.workerIds.push(...this.pool.workerIds);
        // A stop that came while the pool was starting found no pool to stop (start() does not wait
        // for it): stop it here, or stop() would wait on it for ever.
        if (this.stopping) await this.pool.stop(this.graceMs);
        await setWorkerIds(this.db, this.processId, this.workerIds);
        failures = 0;
        await this.pool.done;
      } catch (err) {
        if (this.stopping) break;
        failures++;
        this.log.error({ err }, 'worker pool failed; restarting it');
      }
      if (this.stopping) break;
      // The stopped pool's workers are gone: release what they held so the new pool can take it. The
      // database may still be down (that is often why the pool stopped): keep trying until it answers.
      const held = this.pool?.workerIds ?? [];
      for (let wait = 500; !this.stopping; wait = Math.min(wait * 2, 10_000)) {
        try {
          await forceUnlockWorkers(this.db, held);
          await abandonRuns(this.db, { processIds: [this.processId] });
          await this.enqueue('classify:items', {}); // follow-up jobs the outage kept from being queued
          break;
        } catch {
          await sleep(wait);
        }
      }
      await sleep(Math.min(30_000, 500 * 2 ** failures));
    }
  }

  private async beat(): Promise<void> {
    try {
      if (!(await heartbeat(this.db, this.processId))) {
        this.log.error({ process_id: this.processId }, 'this process had been declared dead by its peers (cut off too long); its jobs were released to others');
      }
      await this.recoverDeadPeers();
      await pruneTicks(this.db, 7);
    } catch (err) {
      this.lastFailure = Date.now();
      this.log.warn({ err }, 'heartbeat failed (database unreachable?)');
    }
  }

  /** Releases the jobs and runs of processes that stopped heartbeating. */
  private async recoverDeadPeers(): Promise<void> {
    if (Date.now() - this.lastFailure < this.deadAfterMs) return;
    const dead = await claimDeadProcesses(this.db, this.deadAfterMs, this.processId);
    if (!dead.length) return;
    await forceUnlockWorkers(
      this.db,
      dead.flatMap((p) => p.worker_ids),
    );
    const abandoned = await abandonRuns(this.db, { processIds: dead.map((p) => p.id) });
    await this.enqueue('classify:items', {});
    this.log.warn({ dead: dead.map((p) => p.id), abandoned_runs: abandoned }, `released the jobs of ${dead.length} dead process(es)`);
  }

  private async startCron(): Promise<void> {
    const entries = crontab({ sources: await listSources(this.db, this.opts.pipeline), alerts: this.opts.alerts === true, train: this.opts.trainSchedule });
    for (const e of entries) {
      this.crons.push(cron.schedule(e.cron, (ctx) => void this.fire(e, ctx.date), { timezone: this.opts.timezone, name: e.name }));
    }
    const sources = entries.filter((e) => e.task === 'ingest:source').length;
    this.log.info({ sources, timezone: this.opts.timezone }, `scheduling ${sources} source(s)`);
  }

  /** Every scheduler fires every tick; the tick's row decides which one enqueues it. */
  private async fire(e: CronEntry, at: Date): Promise<void> {
    const tick = new Date(Math.floor(at.getTime() / 1000) * 1000);
    try {
      await this.db.transaction().execute(async (tx) => {
        if (!(await claimTick(tx, e.name, tick, this.processId))) return;
        await addJob(tx, e.task, e.payload); // same transaction: a claimed tick always has its job
      });
    } catch (err) {
      this.log.warn({ err, job: e.name }, `${e.name}: could not enqueue the tick at ${tick.toISOString()}`);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
