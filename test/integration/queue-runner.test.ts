import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deadline } from '../helpers/deadline.ts';
import { testDbKind } from '../helpers/db-target.ts';

// The PostgreSQL job runner in this process: graphile-worker's pool starts in the background of
// start(), so a stop can come before the pool exists (a SIGTERM in the seconds after `saring start`).
let tdb: TestDb;
let rt: Runtime;

describe.skipIf(testDbKind() !== 'postgres')('the queue runner on PostgreSQL', { timeout: 5 * 60_000 }, () => {
  beforeAll(async () => {
    tdb = await createTestDb();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-queue-runner-'));
    const config = loadConfig({ DATABASE_URL: tdb.url, SARING_DATA_DIR: dataDir, SARING_PIPELINE: 'demo', LOG_FORMAT: 'json' });
    rt = await openRuntime(config, silentLogger);
  });
  afterAll(async () => {
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
});
