import { loadConfig, type AppConfig } from '../config.ts';
import type { RunSummary } from '../ingest/stage.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Runtime } from '../runtime.ts';

export interface CliContext {
  config: AppConfig;
  log: Logger;
  /** stdout: results people and scripts read. Logs go to stderr. */
  out: (line: string) => void;
}

export function cliContext(): CliContext {
  const config = loadConfig();
  return { config, log: createLogger({ level: config.logLevel, format: config.logFormat }), out: (l) => process.stdout.write(l + '\n') };
}

/** Opens the deployment, runs `fn`, and always closes the database again. */
export async function withRuntime<T>(ctx: CliContext, opts: { pipeline?: string | undefined }, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: the runtime pulls in both database drivers, the job queue and the
  // classifier, which commands that never open the database (--help, classify) should not pay for.
  const { openRuntime } = await import('../runtime.ts');
  const rt = await openRuntime(ctx.config, ctx.log, opts.pipeline ? { pipeline: opts.pipeline } : {});
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/**
 * withRuntime for a command that ingests. On PostgreSQL the command registers as a job process for
 * as long as it runs and its fetch runs carry its id: if it is killed, a `saring start` or `worker`
 * declares it dead and marks those runs abandoned. (On PGlite the next start abandons every run left
 * running: one process owns that database.)
 */
export async function withIngestRuntime<T>(ctx: CliContext, opts: { pipeline?: string | undefined }, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  return withRuntime(ctx, opts, async (rt) => {
    if (rt.sdb.dialect !== 'postgres') return fn(rt);
    const { ProcessRecord } = await import('../jobs/process-record.ts');
    const record = await ProcessRecord.open(rt.sdb.db, { role: 'cli', heartbeatMs: ctx.config.heartbeatMs, log: ctx.log });
    try {
      return await fn({ ...rt, ingest: { ...rt.ingest, processId: record.id } });
    } finally {
      await record.close();
    }
  });
}

/** The one-line summary of a run printed by `run`, `tip add` and `import`. */
export function formatSummary(s: RunSummary): string {
  const errors = s.rejected + (s.status === 'failure' ? 1 : 0);
  const tail = s.error ? ` — ${s.errorCode}: ${s.error}` : '';
  return `${s.sourceId}: ${s.status} — fetched ${s.fetched}, new ${s.new}, updated ${s.updated}, duplicates ${s.duplicate}, errors ${errors} (${(s.durationMs / 1000).toFixed(1)} s)${tail}`;
}
