import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncSources } from '../../src/db/sources.repo.ts';
import { loadConfig } from '../../src/config.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { QueueRunner } from '../../src/jobs/queue-runner.ts';
import { silentLogger } from '../../src/log.ts';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deadline } from '../helpers/deadline.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';
import { taskDeps } from '../helpers/task-deps.ts';

// The PostgreSQL job runner in this process: graphile-worker's pool starts in the background of
// start(), so a stop can come before the pool exists (a SIGTERM in the seconds after `saring start`).
let tdb: TestDb;
let rt: Runtime;
let server: ReplayServer;

/** A recorded fact-check feed (9 entries), which `/lambat/<ms>` sends only after that many milliseconds. */
const FEED = fixture('tempo-cekfakta-feed/snapshots-cekfakta/free-cekfakta_20250627T0516.xml');

describe.skipIf(testDbKind() !== 'postgres')('the queue runner on PostgreSQL', { timeout: 5 * 60_000 }, () => {
  beforeAll(async () => {
    tdb = await createTestDb();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-queue-runner-'));
    const config = loadConfig({ DATABASE_URL: tdb.url, SARING_DATA_DIR: dataDir, SARING_PIPELINE: 'demo', LOG_FORMAT: 'json' });
    rt = await openRuntime(config, silentLogger);
    server = await startReplayServer({
      root: fixture(),
      handle(req, res) {
        const delay = /^\/lambat\/(\d+)$/.exec(req.url ?? '');
        if (!delay) return false;
        const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'application/xml' }).end(fs.readFileSync(FEED)), Number(delay[1]));
        res.once('close', () => clearTimeout(timer));
        return true;
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await rt?.close();
    await tdb?.dispose();
  });

  it('stops when asked right after it started, while its worker pool is still starting', async () => {
    for (let round = 0; round < 3; round++) {
      const runner = rt.jobRunner({ schedule: true, concurrency: 1 });
      await runner.start();
      await deadline(`stopping (round ${round + 1})`, 60_000, runner.stop());
      const row = await tdb.db.selectFrom('job_processes').select('stop_reason').where('id', '=', runner.processId!).executeTakeFirstOrThrow();
      expect(row.stop_reason).toBe('stopped');
    }
  });

  it('stops a pool that has started and worked a job', async () => {
    const runner = rt.jobRunner({ schedule: false, concurrency: 1 });
    await runner.start();
    // start() queues a classify sweep; once the pool has taken and finished it, the pool runs.
    for (let i = 0; ; i++) {
      const left = await tdb.db
        .withSchema('graphile_worker')
        .selectFrom('jobs' as never)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      if (i > 600) throw new Error('the classify sweep was never worked');
      await new Promise((r) => setTimeout(r, 100));
    }
    await deadline('stopping', 60_000, runner.stop());
    const row = await tdb.db.selectFrom('job_processes').select(['stop_reason', 'worker_ids']).where('id', '=', runner.processId!).executeTakeFirstOrThrow();
    expect(row.stop_reason).toBe('stopped');
    expect(row.worker_ids.length).toBeGreaterThan(0);
  });

  /**
   * A runner on the test database whose sources are served by `server` (the demo runtime's HTTP
   * client keeps to the demo's own replay server).
   */
  function runnerOnServer(): QueueRunner {
    const http = new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, retries: 0, timeoutMs: 60_000 });
    return new QueueRunner(
      taskDeps(tdb.db, http, 'queue-runner'),
      { connectionString: tdb.url!, pipeline: 'uji', timezone: 'Asia/Jakarta', schedule: false, concurrency: 1, pollIntervalMs: 100 },
      silentLogger,
    );
  }

  /** Starts a runner, queues the source, stops the runner with `graceMs` once the source's run is under way, and returns that run. */
  async function stopDuringRun(sourceId: string, graceMs: number) {
    const runner = runnerOnServer();
    await runner.start();
    await runner.enqueue('ingest:source', { sourceId });
    for (let i = 0; ; i++) {
      const running = await tdb.db.selectFrom('fetch_runs').select('id').where('source_id', '=', sourceId).where('status', '=', 'running').executeTakeFirst();
      if (running) break;
      if (i > 600) throw new Error(`the run of ${sourceId} never started`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await deadline(`stopping with ${graceMs} ms of grace`, 120_000, runner.stop(graceMs));
    return tdb.db.selectFrom('fetch_runs').select(['status', 'error_code', 'items_new']).where('source_id', '=', sourceId).executeTakeFirstOrThrow();
  }

  it('gives a running job the grace period it is stopped with, then cancels it', async () => {
    // graphile-worker on its own aborts running jobs 5 s into a shutdown: a run answered after 7 s
    // finishes within a grace of 60 s, and one answered after 3 s is cancelled by a grace of 200 ms.
    await syncSources(tdb.db, 'uji', [
      { id: 'lambat-7', kind: 'rss', name: 'lambat 7 s', schedule: null, enabled: true, config: { url: `${server.url}/lambat/7000` } },
      { id: 'lambat-3', kind: 'rss', name: 'lambat 3 s', schedule: null, enabled: true, config: { url: `${server.url}/lambat/3000` } },
    ]);
    expect(await stopDuringRun('lambat-7', 60_000)).toEqual({ status: 'success', error_code: null, items_new: 9 });
    expect(await stopDuringRun('lambat-3', 200)).toMatchObject({ status: 'abandoned', error_code: 'ABORTED' });
  });
});
