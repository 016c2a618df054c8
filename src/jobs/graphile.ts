import { EventEmitter } from 'node:events';
import type { Logger as GraphileLogger, Runner, TaskList, WorkerEvents } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { jobSpec, type Payload, type TaskFn, type TaskName } from './tasks.ts';

/** graphile-worker's tables, in their own schema beside ours. */
export const QUEUE_SCHEMA = 'graphile_worker';

// graphile-worker (and pg under it) loads when a queue is first used: the embedded mode never uses
// one, and its import was part of every `saring start` on PGlite.
const graphileWorker = () => import('graphile-worker');

/** Installs or upgrades graphile-worker's schema (its own migrations; safe for concurrent starts). */
export async function migrateQueue(connectionString: string, log: Logger): Promise<void> {
  const gw = await graphileWorker();
  await gw.runMigrations({ connectionString, logger: graphileLogger(gw.Logger, log) });
}

/**
 * Queues a job through graphile-worker's `add_job`, on the caller's connection, so it can share a
 * transaction with other writes (a claimed cron tick and its job commit or vanish together).
 */
export async function addJob<T extends TaskName>(db: Kysely<Database>, task: T, payload: Payload<T>, runAt?: Date): Promise<void> {
  const spec = jobSpec(task, payload);
  await sql`select ${sql.id(QUEUE_SCHEMA)}.add_job(
    identifier => ${task}, payload => ${JSON.stringify(payload)}::json, queue_name => ${spec.queue ?? null},
    run_at => ${runAt ?? null}::timestamptz, max_attempts => ${spec.maxAttempts}, job_key => ${spec.key ?? null},
    job_key_mode => 'preserve_run_at')`.execute(db);
}

export interface WorkerPool {
  /** graphile-worker's ids of this pool's workers (what force_unlock_workers takes). */
  workerIds: string[];
  /** Settles when the pool stops, by request or because it failed. */
  done: Promise<void>;
  /**
   * Takes no more jobs and waits for the running ones; those still running after `graceMs` have
   * their signal aborted (a fetch run records itself abandoned, the job is retried later).
   */
  stop(graceMs: number): Promise<void>;
}

/** Starts `concurrency` graphile-worker workers on the task list; job failures are retried with exponential backoff by graphile-worker. */
export async function startWorkerPool(opts: {
  connectionString: string;
  concurrency: number;
  tasks: Record<TaskName, TaskFn>;
  log: Logger;
  pollIntervalMs?: number;
}): Promise<WorkerPool> {
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  const workerIds: string[] = [];
  // Jobs are locked by the pool's id (graphile-worker 0.17 fetches for the whole pool); keep both.
  events.on('pool:create', ({ workerPool }) => void workerIds.push(workerPool.id));
  events.on('worker:create', ({ worker }) => void workerIds.push(worker.workerId));
  events.on('job:error', ({ job, error }) =>
    opts.log.warn(
      { job_id: job.id, task: job.task_identifier, attempts: job.attempts, err: error },
      `job ${job.task_identifier} #${job.id} failed (attempt ${job.attempts} of ${job.max_attempts})`,
    ),
  );
  // The grace period is the caller's, decided when it stops the pool: graphile-worker's own abort
  // timer (set once, at start) is pushed out of the way and the jobs' signal also listens to ours.
  const abort = new AbortController();
  const taskList: TaskList = {};
  for (const [name, fn] of Object.entries(opts.tasks)) {
    taskList[name] = async (payload, helpers) => {
      await fn(payload, helpers.abortSignal ? AbortSignal.any([helpers.abortSignal, abort.signal]) : abort.signal);
    };
  }
  const gw = await graphileWorker();
  const runner: Runner = await gw.run({
    connectionString: opts.connectionString,
    concurrency: opts.concurrency,
    taskList,
    events,
    crontab: '', // our crontab (jobs/crontab.ts) is fired by QueueRunner: node-cron knows time zones, graphile-worker's cron is UTC-only
    noHandleSignals: true, // the CLI owns SIGINT/SIGTERM and stops the pool itself
    pollInterval: opts.pollIntervalMs ?? 2_000,
    logger: graphileLogger(gw.Logger, opts.log),
    // Batched completion: when marking a job done or failed fails (PostgreSQL restarting), the pool
    // reports a fatal error instead of leaving an unhandled rejection behind.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0, gracefulShutdownAbortTimeout: NEVER_MS } },
  });
  // After a fatal error graphile-worker shuts the pool down, and even kill() can wait forever on a
  // connection that is gone. The pool is beyond saving: it is killed in the background and reported
  // done at once, so the supervisor releases its locks and starts a new one.
  const fatal = new Promise<never>((_, reject) =>
    events.once('pool:fatalError', ({ error, action }) => {
      void runner.kill(`fatal error in ${action}`).catch(() => {});
      reject(new Error(`worker pool failed while it ran ${action}`, { cause: error }));
    }),
  );
  return {
    workerIds,
    done: Promise.race([runner.promise, fatal]),
    stop: async (graceMs) => {
      const timer = setTimeout(() => abort.abort(new Error('shutting down')), graceMs);
      try {
        await runner.stop();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The longest a timer can wait (about 24.8 days): graphile-worker's abort timer, left to never fire. */
const NEVER_MS = 2 ** 31 - 1;

/** graphile-worker's log lines into ours (pino), at their own levels. */
function graphileLogger(LoggerClass: typeof GraphileLogger, log: Logger): GraphileLogger {
  return new LoggerClass((scope) => (level, message, meta) => {
    const fields = { scope: { label: scope.label, worker_id: scope.workerId, task: scope.taskIdentifier, job_id: scope.jobId }, ...(meta ?? {}) };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else if (level === 'info') log.info(fields, message);
    else log.debug(fields, message);
  });
}
