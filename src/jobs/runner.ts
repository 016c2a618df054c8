/**
 * The job layer's one interface. Embedded mode (PGlite, one process) runs jobs in-process on the
 * Scheduler; PostgreSQL mode queues them in graphile-worker for any number of worker processes.
 */
export interface JobRunner {
  readonly mode: 'in-process' | 'graphile-worker';
  /** Schedules the pipeline's cron work and/or starts working jobs. */
  start(): Promise<unknown>;
  /** Runs these sources soon (at start, so a new deployment shows items before the first tick). */
  runNow(sourceIds: string[]): Promise<void>;
  /** Stops scheduling and lets running jobs finish (or abandons them after a grace period). */
  stop(graceMs?: number): Promise<void>;
}
