import type { AddressInfo } from 'node:net';
import { serve, type ServerType as Server } from '@hono/node-server';
import { createApp } from '../web/app.ts';
import type { WebRuntime } from '../web/env.ts';
import { openRuntime } from '../runtime.ts';
import { ensureFirstAdmin } from '../review/auth.service.ts';
import type { CliContext } from './context.ts';
import { ConfigError } from '../errors.ts';

/** `saring start`: migrate, schedule every source, serve the web app; stop cleanly on SIGINT/SIGTERM. */
export async function startCommand(ctx: CliContext, opts: { port?: number; pipeline?: string; runNow?: boolean; concurrency?: number }): Promise<void> {
  const rt = await openRuntime(ctx.config, ctx.log, opts.pipeline ? { pipeline: opts.pipeline } : {});
  // Embedded: one process runs everything. PostgreSQL: the cron enqueues, workers anywhere run the jobs.
  const scheduler = rt.jobRunner({ schedule: true, ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}) });
  const first = await ensureFirstAdmin(rt.sdb.db);
  if (first) {
    // Shown once: the only way into a new deployment without the CLI.
    ctx.log.warn(
      { username: first.username },
      `no accounts yet: created "${first.username}" with password ${first.password} — sign in and change it on the Pengguna page`,
    );
  }
  // Tips sent through the desk run in this process: on PostgreSQL their fetch runs carry its id, once
  // the scheduler has registered it (the server answers before that, see below).
  let registered = false;
  const web: WebRuntime = {
    ...rt,
    enqueue: scheduler.enqueue,
    get ingest() {
      return registered && scheduler.processId ? { ...rt.ingest, processId: scheduler.processId } : rt.ingest;
    },
  };
  const requested = opts.port ?? ctx.config.port;
  const server = serve({
    fetch: createApp(web, { log: ctx.log, reports: rt.report(), trustedProxies: rt.config.trustedProxies }).fetch,
    port: requested,
    hostname: '127.0.0.1',
  });
  const port = await listening(server).catch(async (err: Error) => {
    await rt.close();
    throw new ConfigError(`cannot serve on 127.0.0.1:${requested}: ${err.message}`);
  });
  // Logged once the socket is bound, with the real port (--port 0 picks a free one): scripts and
  // tests wait for this line instead of polling a port that may not be ours.
  ctx.log.info({ port, pipeline: rt.pipeline.name, database: rt.sdb.dialect }, `Saring is running for ${rt.pipeline.title}: http://127.0.0.1:${port}/`);
  // From here a signal stops cleanly, whatever the start has reached: the scheduler is stopped once it
  // has started (or failed to), then the runtime is closed.
  let stopping = false;
  let starting: Promise<boolean> = Promise.resolve(false);
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      ctx.log.info({ signal }, 'stopping: finishing the current runs');
      server.close();
      void starting
        .then((started) => (started ? scheduler.stop() : undefined))
        .then(() => rt.close())
        .then(resolve, (err: unknown) => {
          ctx.log.error({ err }, 'error while stopping');
          resolve();
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  // The scheduler starts once the server answers: its first jobs (classifying what an earlier run
  // left, which loads both models and builds the classifier's indexes, then the first ingest) hold
  // the event loop for most of a second, and PGlite's queries do not give it back in between. A
  // process manager's health probe and the first page load come in the seconds after the start, so
  // the jobs wait STARTUP_GRACE_MS: nothing scheduled is that urgent.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([new Promise((r) => (grace = setTimeout(r, STARTUP_GRACE_MS))), stopped]);
  clearTimeout(grace);
  if (!stopping) {
    starting = scheduler.start().then(() => true);
    try {
      await starting;
      registered = true;
    } catch (err) {
      server.close();
      await rt.close();
      throw err;
    }
    if (opts.runNow !== false && !stopping) {
      // A first run at start, so a new deployment shows items without waiting for the first tick.
      await scheduler.runNow(rt.pipeline.sources.filter((x) => x.enabled).map((s) => s.id));
    }
  }
  await stopped;
  ctx.log.info('stopped');
}

/** How long after the server answers the first jobs start (see startCommand). */
const STARTUP_GRACE_MS = 1500;

/** The port the server is bound to, once it is; rejects when it cannot bind (port in use). */
function listening(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
