/**
 * The job layer's one interface. Embedded mode (PGlite, one process) runs jobs in process
 * (local-runner.ts); PostgreSQL mode queues them in graphile-worker for any number of worker processes.
 */
import type { Enqueue } from './tasks.ts';

export interface JobRunner {
  readonly mode: 'in-process' | 'graphile-worker';
  /**
   * PostgreSQL mode: this process's row in job_processes. Fetch runs the process starts outside the
   * queue (tips sent through the desk) carry it too, so they are abandoned if the process dies.
   */
  readonly processId?: string;
  /** Schedules the pipeline's cron work and/or starts working jobs. */
  start(): Promise<unknown>;
  /** Queues a job on this runner (the web queues the classify sweep after a model is promoted). */
  readonly enqueue: Enqueue;
  /** Runs these sources soon (at start, so a new deployment shows items before the first tick). */
  runNow(sourceIds: string[]): Promise<void>;
  /** Stops scheduling and lets running jobs finish; those still running after `graceMs` (default STOP_GRACE_MS) are cancelled. */
  stop(graceMs?: number): Promise<void>;
}

/** How long a stopping runner waits for its running jobs before cancelling them, unless told otherwise. */
export const STOP_GRACE_MS = 10_000;
