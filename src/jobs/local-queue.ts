import { setMaxListeners } from 'node:events';
import type { Logger } from '../log.ts';
import { STOP_GRACE_MS } from './runner.ts';
import { jobSpec, type JobSpec, type Payload, type TaskFn, type TaskName } from './tasks.ts';

interface Job {
  id: number;
  task: TaskName;
  payload: unknown;
  spec: JobSpec;
  attempts: number;
  runAt: number;
  done: Promise<unknown>;
  settle: (result: unknown, err?: unknown) => void;
}

/** graphile-worker's retry delay, so a job fails the same way in both modes: e^min(attempts, 10) seconds. */
export function retryDelayMs(attempts: number): number {
  return Math.round(Math.exp(Math.min(attempts, 10)) * 1000);
}

/**
 * The embedded mode's job queue: graphile-worker's semantics in one process, for PGlite (one
 * process's database). A waiting job's key merges later jobs into it (their payload replaces its
 * own, it keeps its place); a running job gives its key up, so the next one waits behind it. A named
 * queue runs one job at a time. A failed job is tried again after graphile-worker's delays until its
 * attempts are used up; then it is logged and its waiters see the error.
 */
export class LocalQueue {
  private seq = 0;
  private readonly waiting: Job[] = [];
  private readonly byKey = new Map<string, Job>();
  private readonly busyQueues = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  // One signal stops every job; hundreds of sources running at once each listen on it, which is no leak.
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly tasks: Record<TaskName, TaskFn>,
    private readonly opts: {
      log: Logger;
      /** Jobs at once. Ingest mostly waits on the network; classification holds the CPU while it runs. */
      concurrency: number;
      /** Caps every task's attempts (1 for a command that runs once and reports what failed). */
      maxAttempts?: number;
      /** Sees every job's result (a command that runs once sums what its jobs did). */
      onResult?: (task: TaskName, result: unknown) => void;
    },
  ) {
    setMaxListeners(0, this.abort.signal);
  }

  /**
   * Queues a job; resolves with its result once it has run (null when the queue stopped before it
   * ran), rejects when its last attempt failed. Callers that only queue need not wait.
   */
  add<T extends TaskName>(task: T, payload: Payload<T>): Promise<unknown> {
    if (this.stopping) return Promise.resolve(null);
    const spec = jobSpec(task, payload);
    const merged = spec.key ? this.byKey.get(spec.key) : undefined;
    if (merged) {
      merged.payload = payload; // job_key_mode 'preserve_run_at': the newer payload, the older place
      return merged.done;
    }
    let settle!: Job['settle'];
    const done = new Promise<unknown>((resolve, reject) => (settle = (result, err) => (err === undefined ? resolve(result) : reject(err))));
    done.catch(() => {}); // a job nobody waits for must not become an unhandled rejection
    const job: Job = { id: ++this.seq, task, payload, spec, attempts: 0, runAt: Date.now(), done, settle };
    this.insert(job);
    this.pump();
    return done;
  }

  /** Resolves once nothing is waiting or running (follow-up jobs included). */
  idle(): Promise<void> {
    if (!this.waiting.length && !this.running.size) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get size(): { waiting: number; running: number } {
    return { waiting: this.waiting.length, running: this.running.size };
  }

  /**
   * Stops taking jobs and drops those waiting, then gives running jobs `graceMs` to finish; after
   * that their signal is aborted (a fetch run records itself abandoned).
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    for (const job of this.waiting.splice(0)) job.settle(null);
    this.byKey.clear();
    const running = [...this.running];
    if (running.length) {
      const timer = setTimeout(() => this.abort.abort(new Error('shutting down')), graceMs);
      await Promise.all(running);
      clearTimeout(timer);
    }
    this.abort.abort(new Error('shut down'));
    this.notifyIdle();
  }

  private insert(job: Job): void {
    if (job.spec.key) this.byKey.set(job.spec.key, job);
    const at = this.waiting.findIndex((j) => j.runAt > job.runAt);
    this.waiting.splice(at < 0 ? this.waiting.length : at, 0, job);
  }

  /** Starts every due job whose queue is free, up to the concurrency; wakes again for the next retry. */
  private pump(): void {
    clearTimeout(this.timer);
    if (this.stopping) return;
    const now = Date.now();
    for (let i = 0; i < this.waiting.length && this.running.size < this.opts.concurrency; ) {
      const job = this.waiting[i]!;
      if (job.runAt > now) break;
      if (job.spec.queue && this.busyQueues.has(job.spec.queue)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.start(job);
    }
    const next = this.waiting.find((j) => j.runAt > now);
    if (next) this.timer = setTimeout(() => this.pump(), next.runAt - now).unref();
    this.notifyIdle();
  }

  private start(job: Job): void {
    if (job.spec.key && this.byKey.get(job.spec.key) === job) this.byKey.delete(job.spec.key);
    if (job.spec.queue) this.busyQueues.add(job.spec.queue);
    const run = this.execute(job).finally(() => {
      if (job.spec.queue) this.busyQueues.delete(job.spec.queue);
      this.running.delete(run);
      this.pump();
    });
    this.running.add(run);
  }

  private async execute(job: Job): Promise<void> {
    job.attempts++;
    try {
      const result = await this.tasks[job.task](job.payload, this.abort.signal);
      this.opts.onResult?.(job.task, result);
      job.settle(result);
    } catch (err) {
      const max = Math.min(job.spec.maxAttempts, this.opts.maxAttempts ?? Infinity);
      if (job.attempts < max && !this.stopping) {
        const delay = retryDelayMs(job.attempts);
        this.opts.log.warn(
          { err, task: job.task, attempts: job.attempts },
          `job ${job.task} failed (attempt ${job.attempts} of ${max}); trying again in ${Math.round(delay / 1000)} s`,
        );
        const newer = job.spec.key ? this.byKey.get(job.spec.key) : undefined;
        if (newer) {
          // A newer job with the same key is already waiting: it does this work; its result is ours.
          newer.done.then(
            (r) => job.settle(r),
            (e: unknown) => job.settle(null, e),
          );
          return;
        }
        job.runAt = Date.now() + delay;
        this.insert(job);
        return;
      }
      this.opts.log.error({ err, task: job.task, payload: job.payload, attempts: job.attempts }, `job ${job.task} failed`);
      job.settle(null, err);
    }
  }

  private notifyIdle(): void {
    if (this.waiting.length || this.running.size) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
