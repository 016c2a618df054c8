import { ConfigError } from '../errors.ts';
import { failedJobs, jobCounts, retryJobs } from '../db/jobs.repo.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { withRuntime, type CliContext } from './context.ts';

/**
 * `saring worker`: works queued jobs on this machine until SIGINT/SIGTERM; run it on as many machines
 * as needed. A signal is heard from the first moment: one that comes while the process is still
 * opening the database or starting its workers stops it once that is done, instead of killing it
 * with its row in job_processes still marked alive (its peers would wait SARING_DEAD_AFTER_MS to take
 * over its jobs). Running jobs get `--grace` seconds to finish, then are cancelled.
 */
export async function workerCommand(ctx: CliContext, opts: { concurrency?: number; pipeline?: string; schedule?: boolean; grace?: number }): Promise<void> {
  // A second signal finds no handler left (once) and ends the process at once, as Ctrl-C twice should.
  let received: string | null = null;
  let signalled: (signal: string) => void = () => {};
  const stopRequested = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (signal: NodeJS.Signals) => () => signalled((received = signal));
  const handlers = [
    ['SIGINT', onSignal('SIGINT')],
    ['SIGTERM', onSignal('SIGTERM')],
  ] as const;
  for (const [signal, handler] of handlers) process.once(signal, handler);
  try {
    const rt = await openRuntime(ctx.config, ctx.log, opts.pipeline ? { pipeline: opts.pipeline } : {});
    try {
      requireQueue(rt);
      if (received) return ctx.log.info({ signal: received }, 'stopped before any job was taken');
      const runner = rt.jobRunner({ schedule: opts.schedule === true, ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}) });
      await runner.start();
      const signal = await stopRequested;
      ctx.log.info({ signal }, 'stopping: finishing the running jobs');
      await runner.stop(opts.grace !== undefined ? opts.grace * 1000 : undefined).catch((err: unknown) => ctx.log.error({ err }, 'error while stopping'));
    } finally {
      await rt.close();
    }
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

/** `saring jobs failed`: the dead letters, jobs that used up their attempts, with their last error. */
export async function jobsFailedCommand(ctx: CliContext, opts: { json?: boolean; limit?: number }): Promise<void> {
  await withRuntime(ctx, {}, async (rt) => {
    requireQueue(rt);
    const jobs = await failedJobs(rt.sdb.db, opts.limit ?? 100);
    if (opts.json) return jobs.forEach((j) => ctx.out(JSON.stringify(j)));
    if (!jobs.length) return ctx.out('no failed jobs');
    for (const j of jobs) {
      ctx.out(`#${j.id} ${j.task_identifier} ${JSON.stringify(j.payload)} — ${j.attempts}/${j.max_attempts} attempts, last ${j.updated_at.toISOString()}`);
      ctx.out(`    ${(j.last_error ?? '').split('\n')[0]}`);
    }
  });
}

/** `saring jobs`: queued, running, retrying and failed jobs per task. */
export async function jobsStatusCommand(ctx: CliContext): Promise<void> {
  await withRuntime(ctx, {}, async (rt) => {
    requireQueue(rt);
    const rows = await jobCounts(rt.sdb.db);
    ctx.out('task              waiting  running  retrying  failed');
    for (const r of rows)
      ctx.out(
        `${r.task.padEnd(16)} ${String(r.waiting).padStart(8)} ${String(r.running).padStart(8)} ${String(r.retrying).padStart(9)} ${String(r.failed).padStart(7)}`,
      );
  });
}

/** `saring jobs retry <id…>`: gives failed jobs their attempts back. */
export async function jobsRetryCommand(ctx: CliContext, ids: number[]): Promise<number> {
  return withRuntime(ctx, {}, async (rt) => {
    requireQueue(rt);
    const found = await retryJobs(rt.sdb.db, ids);
    const missing = ids.filter((id) => !found.includes(id));
    if (found.length) ctx.out(`queued again: ${found.map((i) => `#${i}`).join(', ')}`);
    if (missing.length) ctx.out(`no such job: ${missing.map((i) => `#${i}`).join(', ')}`);
    return missing.length ? 1 : 0;
  });
}

function requireQueue(rt: Runtime): void {
  if (rt.sdb.dialect !== 'postgres') {
    throw new ConfigError(
      'the embedded database has no shared job queue: jobs run inside `saring start` (workers need PostgreSQL: set DATABASE_URL), and failed fetches are on the Sumber page and in `saring sources list`',
    );
  }
}
