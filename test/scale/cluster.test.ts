import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { adminUrl, withDb } from '../helpers/db-target.ts';
import { fixture, PROJECT_DIR } from '../helpers/paths.ts';
import { freePort, startPrivatePostgres } from '../helpers/private-pg.ts';
import { writeScalePipeline } from '../helpers/scale-pipeline.ts';

// Real processes on real PostgreSQL: `saring start` and `saring worker` spawned as a deployment runs them.
let server: ReplayServer;
let pipe: ReturnType<typeof writeScalePipeline>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-scale-'));
const children: ChildProcess[] = [];
/** What the last wait saw, printed when a test fails (the waits have no deadline of their own to report it). */
let lastSeen = '';
const dbs: Array<{ admin: string; name: string }> = [];

beforeAll(async () => {
  server = await startReplayServer({ root: fixture() });
  pipe = writeScalePipeline({ serverUrl: server.url, count: 30 });
});
beforeEach(({ onTestFailed }) => {
  lastSeen = '';
  onTestFailed(() =>
    console.error(
      `last seen: ${lastSeen}\n${children
        .map((c) => (c as ChildProcess & { log: string[] }).log.join(''))
        .join('\n---\n')
        .slice(-20_000)}`,
    ),
  );
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dbs) await adminQuery(d.admin, `drop database if exists ${d.name} with (force)`).catch(() => {});
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(pipe.dir, { recursive: true, force: true });
});

async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Databases of this run are suffixed, so that two suites on one server (another checkout's) never share one. */
const RUN = randomBytes(3).toString('hex');

async function freshDb(admin: string, base: string): Promise<string> {
  const name = `${base}_${RUN}`;
  await adminQuery(admin, `drop database if exists ${name} with (force)`);
  await adminQuery(admin, `create database ${name}`);
  dbs.push({ admin, name });
  return withDb(admin, name);
}

/** Spawns `saring <args>` on the scale pipeline against `url`, with fast heartbeats. */
function saring(url: string, args: string[]): ChildProcess & { log: string[] } {
  const child = spawn('node', ['bin/saring.mjs', ...args, '--pipeline', pipe.name], {
    cwd: PROJECT_DIR,
    env: {
      ...process.env,
      DATABASE_URL: url,
      SARING_PIPELINES_DIR: pipe.dir,
      SARING_DATA_DIR: dataDir,
      // Fast enough to see a death within seconds, slow enough that a live process starved of CPU
      // (its event loop stalled by a busy machine) is not taken for dead.
      SARING_HEARTBEAT_MS: '500',
      SARING_DEAD_AFTER_MS: '5000',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { log: string[] };
  child.log = [];
  child.stdout!.on('data', (d: Buffer) => child.log.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => child.log.push(d.toString()));
  children.push(child);
  return child;
}

const start = async (url: string, concurrency: number, extra: string[] = []) =>
  saring(url, ['start', '--port', String(await freePort()), '--concurrency', String(concurrency), ...extra]);

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const c = new pg.Client(url);
  c.on('error', () => {});
  await c.connect();
  try {
    return (await c.query<R>(text)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

interface Snapshot {
  items: number;
  classified: number;
  flagged: number;
  perSource: Record<string, number>;
}

/**
 * Waits until every source ran, nothing is queued or running and every item is classified. No deadline
 * of its own (the test's timeout guards against a hang): how long real processes take depends on how
 * busy the machine is. What was last seen is reported if the test fails.
 */
async function settled(url: string): Promise<Snapshot> {
  for (;;) {
    try {
      const [s] = await query<{ pending: number; running: number; ran: number; items: number; unclassified: number }>(
        url,
        `select (select count(*)::int from graphile_worker.jobs where attempts < max_attempts) as pending,
                (select count(*)::int from fetch_runs where status = 'running') as running,
                (select count(distinct source_id)::int from fetch_runs where status = 'success') as ran,
                (select count(*)::int from items) as items,
                (select count(*)::int from items i where not exists (select 1 from classifications c where c.item_id = i.id)) as unclassified`,
      );
      lastSeen = `not settled yet: ${JSON.stringify(s)}`;
      if (s && s.pending === 0 && s.running === 0 && s.items > 0 && s.unclassified === 0) {
        const per = await query<{ source_id: string; n: number }>(url, 'select source_id, count(*)::int as n from items group by 1');
        const [c] = await query<{ classified: number; flagged: number }>(
          url,
          'select count(*)::int as classified, count(*) filter (where flagged)::int as flagged from classifications',
        );
        return { items: s.items, classified: c!.classified, flagged: c!.flagged, perSource: Object.fromEntries(per.map((r) => [r.source_id, r.n])) };
      }
    } catch (err) {
      // the server may be restarting, or the process has not created the tables yet
      lastSeen = `not settled yet: ${(err as Error).message}`;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Polls until `sql` returns a row (tight loop: the moment to kill is short). */
async function when(url: string, text: string): Promise<void> {
  lastSeen = `waiting for: ${text}`;
  const c = new pg.Client(url);
  await c.connect();
  try {
    // Before the process has migrated, the tables do not exist yet.
    while (!(await c.query(text).catch(() => ({ rowCount: 0 }))).rowCount) await new Promise((r) => setTimeout(r, 5));
  } finally {
    await c.end();
  }
}

/** A scheduler and a worker; the worker is killed with SIGKILL the moment `condition` returns a row. */
async function crashWorkerWhen(url: string, condition: string): Promise<{ scheduler: ChildProcess }> {
  const scheduler = await start(url, 0);
  const worker = saring(url, ['worker', '--concurrency', '2']);
  await when(url, condition);
  worker.kill('SIGKILL');
  await new Promise((r) => worker.once('exit', r));
  return { scheduler };
}

let clean: Snapshot;

describe('scale-out on PostgreSQL (real processes)', () => {
  it('a clean run: one scheduler, one worker process', async () => {
    const url = await freshDb(adminUrl(), 'saring_scale_clean');
    const s = await start(url, 2);
    clean = await settled(url);
    await stop(s);
    expect(clean.items).toBeGreaterThan(200); // snapshots overlap: fewer than 30 × 20 distinct items
    expect(clean.classified).toBe(clean.items);
    expect(Object.keys(clean.perSource).sort()).toEqual(pipe.expectedSources);
  });

  it('two worker processes: counts equal the clean run, each source run once, no item classified twice', async () => {
    const url = await freshDb(adminUrl(), 'saring_scale_two_workers');
    const workers = [saring(url, ['worker', '--concurrency', '2']), saring(url, ['worker', '--concurrency', '2'])];
    await when(url, "select 1 from job_processes where role = 'worker' having count(*) = 2");
    const scheduler = await start(url, 0); // queues every source at once, for both workers to share
    const after = await settled(url);
    await Promise.all([...workers.map(stop), stop(scheduler)]); // their backends exit and report their statistics
    expect(after).toEqual(clean);
    const runs = await query<{ n: number }>(url, "select count(*)::int as n from fetch_runs where status = 'success' group by source_id");
    expect(runs.map((r) => r.n)).toEqual(pipe.expectedSources.map(() => 1));
    // A second classification of an item is an update (the upsert on item and model version). The
    // statistics are the workers' backends', reported as they exit: wait until they have.
    await when(url, 'select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() having count(*) = 0');
    await when(url, `select 1 from pg_stat_user_tables where relname = 'classifications' and n_tup_ins = ${clean.items}`);
    const [t] = await query<{ ins: number; upd: number }>(
      url,
      "select n_tup_ins::int as ins, n_tup_upd::int as upd from pg_stat_user_tables where relname = 'classifications'",
    );
    expect(t).toEqual({ ins: clean.items, upd: 0 });
  });

  it('kill -9 of a worker in the middle of a fetch: after a new worker starts, counts equal the clean run', async () => {
    const url = await freshDb(adminUrl(), 'saring_scale_kill_fetch');
    const { scheduler } = await crashWorkerWhen(url, "select 1 from fetch_runs where status = 'running' and process_id is not null");
    // The crash left work behind: a fetch run still "running" and its job locked by a dead worker.
    const held = await query<{ n: number }>(url, 'select count(*)::int as n from graphile_worker.jobs where locked_by is not null');
    expect(held[0]!.n).toBeGreaterThan(0);

    const again = saring(url, ['worker', '--concurrency', '2']);
    const after = await settled(url);
    expect(after).toEqual(clean);
    const dead = await query<{ stop_reason: string }>(url, "select stop_reason from job_processes where role = 'worker' and stop_reason like 'no heartbeat%'");
    expect(dead).toHaveLength(1);
    const abandoned = await query<{ n: number }>(url, "select count(*)::int as n from fetch_runs where status = 'abandoned' and error like '%died%'");
    expect(abandoned[0]!.n).toBeGreaterThanOrEqual(1);
    await stop(again);
    await stop(scheduler);
  });

  it('kill -9 of a worker in the middle of classification: nothing lost, nothing classified twice', async () => {
    const url = await freshDb(adminUrl(), 'saring_scale_kill_classify');
    const { scheduler } = await crashWorkerWhen(url, 'select 1 from classifications limit 1');
    const again = saring(url, ['worker', '--concurrency', '2']);
    const after = await settled(url);
    expect(after).toEqual(clean);
    const twice = await query<{ n: number }>(
      url,
      'select count(*)::int as n from (select item_id from classifications group by item_id, model_version having count(*) > 1) d',
    );
    expect(twice[0]!.n).toBe(0);
    await stop(again);
    await stop(scheduler);
  });

  it('workers recover on their own when PostgreSQL restarts under them', async () => {
    const cluster = await startPrivatePostgres();
    try {
      const url = await freshDb(cluster.url, 'saring_scale_restart');
      const s = await start(url, 2);
      await when(url, 'select 1 from items limit 1');
      await cluster.restart(1_500);
      const after = await settled(url);
      expect(after).toEqual(clean);
      expect(s.exitCode).toBeNull(); // the same process, still running
      await stop(s);
    } finally {
      await cluster.stop();
    }
  });

  it('two schedulers started at once enqueue each cron tick once', async () => {
    const every = writeScalePipeline({ serverUrl: server.url, count: 3, schedule: '* * * * * *' });
    const url = await freshDb(adminUrl(), 'saring_scale_two_schedulers');
    const prev = pipe;
    pipe = every;
    try {
      // The first one migrates the fresh database; the second starts the moment it is up.
      const a = await start(url, 0, ['--no-run-now']);
      await when(url, 'select 1 from job_processes');
      const b = await start(url, 0, ['--no-run-now']);
      await when(url, 'select 1 from job_processes having count(*) = 2');
      // Both are up: wait for three ticks of every source rather than a fixed time, since a busy machine
      // makes node-cron skip ticks it could not fire in time.
      const bothUp = '(select max(started_at) from job_processes)';
      await when(
        url,
        `select 1 from (select job from schedule_ticks where job like 'ingest:%' and tick_at > ${bothUp} group by job having count(*) >= 3) j having count(*) = ${every.expectedSources.length}`,
      );
      await Promise.all([stop(a), stop(b)]);
      const ticks = await query<{ job: string; n: number; schedulers: number }>(
        url,
        "select job, count(*)::int as n, count(distinct claimed_by)::int as schedulers from schedule_ticks where job like 'ingest:%' group by job order by job",
      );
      expect(ticks.map((t) => t.job)).toEqual(every.expectedSources.map((id) => `ingest:${id}`));
      // No worker ran, so each source's ticks merged into one waiting job; its revision counts the adds.
      const jobs = await query<{ key: string; revision: number }>(
        url,
        "select key, revision from graphile_worker.jobs where task_identifier = 'ingest:source' order by key",
      );
      expect(jobs).toHaveLength(every.expectedSources.length);
      for (const [i, t] of ticks.entries()) {
        expect(t.n).toBeGreaterThanOrEqual(3);
        expect(jobs[i]!.revision + 1, `${t.job}: one add per tick`).toBe(t.n);
      }
    } finally {
      pipe = prev;
      fs.rmSync(every.dir, { recursive: true, force: true });
    }
  });
});
