/**
 * Scale-out benchmark: end-to-end items/s — fetch from a replay server on 127.0.0.1 → store → classify
 * with the TF-IDF model — with 1, 2 and 4 `saring worker` processes on one PostgreSQL, and the same
 * pipeline in embedded mode (PGlite, everything in this process, as `saring run --all --once` does).
 * Prints figures; asserts nothing.
 *
 * Each round prints items/s (wall clock) and items per CPU-second: the CPU the worker processes and
 * this database's PostgreSQL backends spent in the round, read from /proc. On a busy machine the wall
 * clock says how much CPU the round was given; the per-CPU-second figure says what the work costs, so
 * a ratio near 1 between rounds means a second worker adds no cost per item (it scales with cores).
 *
 * A round ends when every entry is stored and classified: the `images:process` jobs the ingest jobs
 * queue run one at a time across the cluster by design (OCR takes a core), so they are not timed;
 * the round prints how many were still waiting.
 *
 * --waits: a second connection samples pg_stat_activity every 50 ms and the round prints where this
 * database's backends spent the time (waits by event and statement; "idle in transaction" is a
 * backend waiting for its client, the worker process, in the middle of a transaction), and the mean
 * and 90th percentile of an ingest run's wall time (fetch_runs: fetch, store, images registered).
 *
 * Usage: npm run bench:scale [-- --workers 1,2,4] [-- --concurrency 2] [-- --skip-embedded] [-- --profile DIR] [-- --pin] [-- --waits] [-- --budget P [--spread]] [-- --warm] [-- --largest N]
 * --pin: worker k runs on core k mod cores (`taskset`), so two workers never share a core while one
 * idles; PostgreSQL, a system service, is left where the OS puts it.
 * --budget P: each worker process gets P % of one core (a cgroup CPU quota; root), every worker on
 * core 0, while PostgreSQL (its postmaster and backends, put back afterwards) and this process (the
 * replay server, the polling) run on the other cores: a stand-in for a machine with a core per worker
 * and PostgreSQL on a budget of its own, which two cores shared by everything cannot show. With P ≤
 * 100 / workers the workers never wait for each other's CPU, so items/s against one worker says how
 * far the software scales: what the issue's "2 workers ≥ 1.6× one" asks.
 * --spread (with --budget): worker k on core k mod cores instead, each with P % of its own core, and
 * PostgreSQL and this process where the OS puts them. The other stand-in: the workers no longer take
 * turns on one core (a worker woken by PostgreSQL's answer waits while the other runs), but
 * PostgreSQL now shares each worker's core, with the 100 - P % the quota leaves.
 * --warm: each round's workers first process the whole set once, untimed; then the database is
 * emptied (items, runs, validators) and the timed round runs on the same, warm, processes. Without
 * it a round measures workers from their start: each process fills its own caches (word readings,
 * stems, feature columns) and V8 compiles its hot code, ~3 CPU-s per process on these feeds, which
 * a second worker pays again and a worker that runs for days pays once.
 * SARING_BENCH_PG_URL names the server (default postgres://postgres@127.0.0.1:5432/test); the
 * benchmark creates and drops its own database there: SARING_BENCH_DB (default saring_bench_scale).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { decodeBody } from '../src/fetch/charset.ts';
import type { RunSummary } from '../src/ingest/stage.ts';
import { createLogger } from '../src/log.ts';
import { openRuntime } from '../src/runtime.ts';
import { LocalRunner } from '../src/jobs/local-runner.ts';
import { parseFeed } from '../src/sources/rss.ts';
import { startReplayServer } from '../src/pipeline/replay-server.ts';
import { fixture, PROJECT_DIR } from '../test/helpers/paths.ts';
import { writeScalePipeline } from '../test/helpers/scale-pipeline.ts';
import { CpuQuota, pinPostgres } from './lib/cpu-budget.ts';
import { median } from './lib/stats.ts';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const WORKERS = (arg('--workers') ?? '1,2,4').split(',').map(Number);
const CONCURRENCY = Number(arg('--concurrency') ?? 2);
/** --profile DIR: the workers write V8 CPU profiles there (open them in Chrome DevTools). */
const PROFILE_DIR = arg('--profile');
const PIN = args.includes('--pin');
const WAITS = args.includes('--waits');
/** --largest N: only the N largest feeds (a first fetch of big feeds: how one run's items are shared out). */
const LARGEST = Number(arg('--largest') ?? 0);
const BUDGET = arg('--budget') === undefined ? undefined : Number(arg('--budget'));
const SPREAD = args.includes('--spread');
/** --warm: each round first does the same work untimed with the same workers (see postgresRound). */
const WARM = args.includes('--warm');
if (SPREAD && BUDGET === undefined) throw new Error('bench:scale: --spread goes with --budget P');
if (BUDGET !== undefined && os.cpus().length < 2) throw new Error('bench:scale: --budget needs two cores or more (workers on one, PostgreSQL on the others)');
const ADMIN_URL = process.env.SARING_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = process.env.SARING_BENCH_DB ?? 'saring_bench_scale';

/** The recorded feeds that parse (broken ones are the robustness test's business, not throughput's). */
async function pickFeeds(): Promise<{ feeds: string[]; items: number }> {
  const folders = ['fastfeedparser-corpus/benchmark_data', 'rss-parser-corpus/test/input', 'tempo-cekfakta-feed/snapshots-cekfakta'];
  let feeds: Array<{ rel: string; n: number }> = [];
  for (const folder of folders) {
    for (const f of fs.readdirSync(fixture(folder)).sort()) {
      const rel = `${folder}/${f}`;
      try {
        const n = (await parseFeed(decodeBody(fs.readFileSync(fixture(rel))).text, { baseUrl: 'http://127.0.0.1/' })).items.length;
        if (n) feeds.push({ rel, n });
      } catch {
        // not a feed
      }
    }
  }
  if (LARGEST) feeds = feeds.sort((a, b) => b.n - a.n).slice(0, LARGEST);
  return { feeds: feeds.map((f) => f.rel), items: feeds.reduce((a, f) => a + f.n, 0) };
}

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query<R>(text)).rows;
  } finally {
    await c.end();
  }
}

function dbUrl(db: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

const server = await startReplayServer({ root: fixture() });
const { feeds, items: parsedItems } = await pickFeeds();
const pipe = writeScalePipeline({ serverUrl: server.url, feeds, name: 'benchskala' });
console.log(
  `bench:scale: ${feeds.length} recorded feeds as sources (${parsedItems} entries), ${os.cpus().length} cores, ${CONCURRENCY} job(s) at once per worker process`,
);

const quiet = createLogger({ level: 'warn', format: 'json' });

/** Under --budget: the cores PostgreSQL and this process keep to (every core but 0, the workers'). */
const OTHER_CORES = os.cpus().length === 2 ? '1' : `1-${os.cpus().length - 1}`;
let unpinPostgres: (() => void) | undefined;
/** The worker processes running now. */
const live = new Set<ChildProcess>();
if (BUDGET !== undefined) {
  if (!SPREAD) {
    // The backend must still be there when its parent, the postmaster, is looked up.
    const c = new pg.Client(ADMIN_URL);
    await c.connect();
    try {
      unpinPostgres = pinPostgres((await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid, OTHER_CORES);
    } finally {
      await c.end();
    }
    spawnSync('taskset', ['-a', '-p', '-c', OTHER_CORES, String(process.pid)]);
  }
  // Interrupted, the server is put back too: a PostgreSQL left on one core would slow everything after.
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(sig, () => {
      unpinPostgres?.();
      for (const w of live) w.kill('SIGTERM'); // not in our process group when run under timeout(1) or a script
      process.exit(code);
    });
}

interface Figures {
  items: number;
  seconds: number;
  rate: number;
  /** CPU seconds spent in the window by the worker processes and by this database's PostgreSQL backends. */
  cpu?: { workers: number; postgres: number };
}

const TICK = 100; // USER_HZ: /proc's CPU times are in 1/100 s on Linux

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const [u, s] = [f[11], f[12]].map(Number) as [number, number];
    return (u + s) / TICK;
  } catch {
    return 0; // the process is gone
  }
}

/**
 * The CPU of the PostgreSQL backends serving one database (their command line names it), except
 * `exclude` (the benchmark's own polling connection). Backends that exit during a round keep the last
 * figure sampled: `sample()` is called on every poll.
 */
class BackendCpu {
  private readonly seen = new Map<number, number>();
  constructor(
    private readonly db: string,
    private readonly exclude: ReadonlySet<number>,
  ) {}

  sample(): void {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d) || this.exclude.has(Number(d))) continue;
      let cmd: string;
      try {
        cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${this.db} `)) continue;
      const cpu = cpuSeconds(Number(d));
      if (cpu) this.seen.set(Number(d), cpu);
    }
  }

  total(): number {
    this.sample();
    return [...this.seen.values()].reduce((a, b) => a + b, 0);
  }
}

/**
 * Samples what this database's client backends are doing, every 50 ms, on its own connection (the
 * polling connection waits up to 200 ms between checks). Summed per state, wait event and the first
 * words of the statement: samples are shares of time.
 */
class WaitSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private running: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly client: pg.Client,
    private readonly db: string,
    readonly pid: number,
  ) {}

  static async open(url: string, db: string): Promise<WaitSampler> {
    const client = new pg.Client(url);
    await client.connect();
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    return new WaitSampler(client, db, pid);
  }

  start(): void {
    this.running = (async () => {
      while (!this.stopped) {
        const r = await this.client.query<{ what: string }>(
          `select case when state = 'idle' then 'idle'
                  else state || coalesce(' ' || wait_event_type || ':' || wait_event, '') || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) end as what
             from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
          [this.db],
        );
        this.samples++;
        for (const { what } of r.rows) this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
  }

  /** The busiest lines, as backends busy on average (samples / number of samples). */
  async stop(top = 14): Promise<string> {
    this.stopped = true;
    await this.running;
    const busy = [...this.counts].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]);
    const total = busy.reduce((a, [, v]) => a + v, 0);
    const line = (v: number) => (v / this.samples).toFixed(2).padStart(6);
    return [
      `  backends not idle, on average: ${line(total).trim()} (${this.samples} samples); by state, wait and statement:`,
      ...busy.slice(0, top).map(([k, v]) => `  ${line(v)}  ${k}`),
    ].join('\n');
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => {});
    await this.client.end();
  }
}

/** One round on PostgreSQL: `n` worker processes, every source queued at once, timed until all is classified. */
async function postgresRound(n: number): Promise<Figures> {
  await query(ADMIN_URL, `drop database if exists ${DB_NAME} with (force)`);
  await query(ADMIN_URL, `create database ${DB_NAME}`);
  const url = dbUrl(DB_NAME);
  const env = { ...process.env, DATABASE_URL: url, SARING_PIPELINES_DIR: pipe.dir, SARING_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'error', LOG_FORMAT: 'json' };
  const node = PROFILE_DIR ? [`--cpu-prof`, `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const spawnSaring = (argv: string[], core: number): ChildProcess => {
    const cmd = [process.execPath, ...node, 'bin/saring.mjs', ...argv, '--pipeline', pipe.name];
    const pinned =
      BUDGET !== undefined
        ? ['taskset', '-c', SPREAD ? String(core % os.cpus().length) : '0', ...cmd]
        : PIN
          ? ['taskset', '-c', String(core % os.cpus().length), ...cmd]
          : cmd;
    const child = spawn(pinned[0]!, pinned.slice(1), { cwd: PROJECT_DIR, env, stdio: ['ignore', 'ignore', 'inherit'] });
    live.add(child);
    child.once('exit', () => live.delete(child));
    return child;
  };
  // Migrate and sync the sources once before the workers start, so their start-up is not part of the race.
  await (await openRuntime(loadConfig(env), quiet, { pipeline: pipe.name })).close();
  const workers = Array.from({ length: n }, (_, k) => spawnSaring(['worker', '--concurrency', String(CONCURRENCY)], k));
  const quotas = BUDGET === undefined ? [] : workers.map((w, k) => CpuQuota.create(`saring-bench-${process.pid}-${n}-${k}`, BUDGET));
  quotas.forEach((q, k) => q.add(workers[k]!.pid!));
  // One connection polls (a new one per poll would cost PostgreSQL a backend start each time); its
  // backend, and the wait sampler's, are left out of the round's CPU.
  const poll = new pg.Client(url);
  await poll.connect();
  const pollPid = (await poll.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const sampler = WAITS ? await WaitSampler.open(url, DB_NAME) : null;
  const backends = new BackendCpu(DB_NAME, new Set([pollPid, ...(sampler ? [sampler.pid] : [])]));
  const ask = async <R extends pg.QueryResultRow>(text: string) => (await poll.query<R>(text)).rows;
  try {
    await waitFor(
      async () => (await ask<{ n: number }>("select count(*)::int as n from job_processes where role = 'worker' and stopped_at is null"))[0]!.n === n,
      60_000,
    );
    await waitFor(async () => (await ask<{ n: number }>('select count(*)::int as n from graphile_worker.jobs'))[0]!.n === 0, 60_000); // the start-up sweeps
    const queueEverySource = () =>
      ask(
        `select graphile_worker.add_job('ingest:source', json_build_object('sourceId', id), queue_name => 'source:' || id, job_key => 'ingest:source:' || id)
                      from sources where pipeline = '${pipe.name}' and kind = 'rss'`,
      );
    const everythingClassified = async () => {
      backends.sample();
      // Cheap checks first: counting unclassified items scans them all (in parallel workers this
      // benchmark would take from the round's two cores), so it runs only once nothing is queued.
      const [s] = await ask<{ jobs: number; running: number }>(
        `select (select count(*)::int from graphile_worker.jobs where task_identifier <> 'images:process') as jobs,
                (select count(*)::int from fetch_runs where status = 'running') as running`,
      );
      if (s!.jobs || s!.running) return false;
      const [u] = await ask<{ unclassified: number }>(
        'select count(*)::int as unclassified from items i where not exists (select 1 from classifications c where c.item_id = i.id)',
      );
      return u!.unclassified === 0;
    };
    if (WARM) {
      // The same work once, untimed, then emptied away (items and what hangs on them, the runs, the
      // validators, the queued image jobs): the timed round then measures workers that have run a
      // while, as a deployment's do, instead of processes each filling its own caches.
      await queueEverySource();
      await waitFor(everythingClassified, 30 * 60_000);
      await ask(
        "select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs where task_identifier = 'images:process' and locked_at is null))",
      );
      await ask('truncate items, fetch_runs, http_validators cascade');
    }
    // Under --pin the worker's CPU is taskset's child's; taskset execs it, so the pid is the same.
    const cpu0 = { workers: workers.reduce((a, w) => a + cpuSeconds(w.pid!), 0), postgres: backends.total() };
    const t0 = performance.now();
    sampler?.start();
    await queueEverySource();
    await waitFor(everythingClassified, 30 * 60_000);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = { workers: workers.reduce((a, w) => a + cpuSeconds(w.pid!), 0) - cpu0.workers, postgres: backends.total() - cpu0.postgres };
    const waits = await sampler?.stop();
    const [c] = await ask<{ items: number; failed: number; images: number; mean_ms: number; p90_ms: number; tail: number[] }>(
      `select (select count(*)::int from items) as items, (select count(*)::int from fetch_runs where status = 'failure') as failed,
              (select count(*)::int from graphile_worker.jobs where task_identifier = 'images:process') as images,
              (select round(avg(extract(epoch from finished_at - started_at)) * 1000)::int from fetch_runs) as mean_ms,
              (select round(percentile_cont(0.9) within group (order by extract(epoch from finished_at - started_at)) * 1000)::int from fetch_runs) as p90_ms,
              (select array[percentile_cont(0.5) within group (order by t), percentile_cont(0.9) within group (order by t), max(t)]
                 from (select extract(epoch from c.classified_at - (select min(started_at) from fetch_runs))::float8 as t from classifications c) x) as tail`,
    );
    if (c!.failed) console.log(`  (${c!.failed} fetch run(s) failed)`);
    if (c!.images) console.log(`  (${c!.images} images:process job(s) still queued, not timed: one at a time by design)`);
    // How long the round's tail is: the last few large feeds keep one worker busy while the others wait.
    const [half, most, all] = c!.tail.map((t) => t.toFixed(1));
    if (waits)
      console.log(
        `  ingest run wall time: mean ${c!.mean_ms} ms, p90 ${c!.p90_ms} ms; items classified: half by ${half} s, 90 % by ${most} s, all by ${all} s\n${waits}`,
      );
    return { items: c!.items, seconds, rate: c!.items / seconds, cpu };
  } finally {
    await poll.end();
    await sampler?.close();
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : (w.once('exit', r), w.kill('SIGTERM'))))));
    quotas.forEach((q) => q.remove());
    await query(ADMIN_URL, `drop database if exists ${DB_NAME} with (force)`);
  }
}

/** The embedded mode: PGlite in this process, through the in-process queue: every source at once, each run's classification queued behind it. */
async function embeddedRound(): Promise<Figures & { peakRssMb: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-bench-scale-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', SARING_DATA_DIR: dataDir, SARING_PIPELINES_DIR: pipe.dir });
  const rt = await openRuntime(config, quiet, { pipeline: pipe.name });
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const t0 = performance.now();
    const now = new LocalRunner(rt.tasks(), {
      pipeline: rt.pipeline.name,
      timezone: rt.pipeline.timezone,
      alerts: false,
      concurrency: rt.pipeline.sources.length,
      maxAttempts: 1,
    });
    const runs = (await Promise.all(rt.pipeline.sources.map((s) => now.queue.add('ingest:source', { sourceId: s.id })))).filter(
      (s): s is RunSummary => s !== null,
    );
    await now.queue.idle();
    const seconds = (performance.now() - t0) / 1000;
    const items = runs.reduce((a, r) => a + r.new + r.duplicate, 0);
    return { items, seconds, rate: items / seconds, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(sample);
    await rt.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench:scale: timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

try {
  const results = new Map<number, Figures>();
  /** Per worker count, its rounds' ratios to the latest round of WORKERS[0] before them. */
  const ratios = new Map<number, Array<{ wall: number; perCpu: number }>>();
  for (const n of WORKERS) {
    const r = await postgresRound(n);
    results.set(n, r);
    const base = results.get(WORKERS[0]!)!;
    const busy = (cpuS: number) => `${cpuS.toFixed(0)} CPU-s (${Math.round((100 * cpuS) / r.seconds)} % of one core)`;
    const how = SPREAD
      ? ` (${BUDGET} % of its own core each; PostgreSQL on every core)`
      : BUDGET !== undefined
        ? ` (${BUDGET} % of core 0 each; PostgreSQL on core ${OTHER_CORES})`
        : PIN
          ? ' (pinned)'
          : '';
    const perCpu = (f: Figures) => f.items / (f.cpu!.workers + f.cpu!.postgres);
    if (n !== WORKERS[0]) ratios.set(n, [...(ratios.get(n) ?? []), { wall: r.rate / base.rate, perCpu: perCpu(r) / perCpu(base) }]);
    console.log(
      `postgres, ${n} worker process(es)${how}: ${r.items} items in ${r.seconds.toFixed(1)} s = ${Math.round(r.rate)} items/s (×${(r.rate / base.rate).toFixed(2)} of ${WORKERS[0]} worker); ` +
        `${Math.round(perCpu(r))} items per CPU-second (×${(perCpu(r) / perCpu(base)).toFixed(2)}); ` +
        `workers ${busy(r.cpu!.workers)}, PostgreSQL backends ${busy(r.cpu!.postgres)}, of ${os.cpus().length * 100} %`,
    );
  }
  // Rounds in pairs (--workers 1,2,1,2,…): a round's CPU per item moves between rounds, so one pair
  // says little; the median of several, taken in turn, is the figure.
  for (const [n, rs] of ratios) {
    if (rs.length < 2) continue;
    const list = (xs: number[]) => `${xs.map((x) => `×${x.toFixed(2)}`).join(', ')} (median ×${median(xs).toFixed(2)})`;
    console.log(
      `${n} worker process(es) against ${WORKERS[0]}, ${rs.length} rounds: items/s ${list(rs.map((x) => x.wall))}; items per CPU-second ${list(rs.map((x) => x.perCpu))}`,
    );
  }
  if (!args.includes('--skip-embedded')) {
    const e = await embeddedRound();
    console.log(
      `embedded (PGlite, one process): ${e.items} items in ${e.seconds.toFixed(1)} s = ${Math.round(e.rate)} items/s, peak RSS ${Math.round(e.peakRssMb)} MiB`,
    );
  }
} finally {
  unpinPostgres?.();
  await server.close();
  fs.rmSync(pipe.dir, { recursive: true, force: true });
}
