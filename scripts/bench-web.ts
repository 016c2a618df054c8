/**
 * Review-desk benchmark (npm run bench:web): the queue page (plain, filtered, full-text, deep page)
 * and the item page under load from a second process on loopback, with 1,000,000 items and 50,000
 * flagged in PostgreSQL, and 100,000 items on embedded PGlite, each with a year of desk use (seedDeskUse) and criticism of the police among the unflagged items (seedCriticism). Prints p50/p95/p99 and requests/s, and
 * each p95 as a ratio to the item page and to a bare `select 1` request (/healthz) measured in the
 * same run, and the CPU each request cost the desk's process, PostgreSQL's backends and the load
 * client (the three share the machine's cores), so a busy machine's figures can still be read;
 * asserts nothing. Targets (issue 21): queue pages p95 < 150 ms and full-text search < 300 ms at 1M items on PostgreSQL, < 100 ms at 100k on PGlite.
 * BENCH_ONLY (regexp over scenario names), BENCH_SERVER_PROFILE (dir: CPU profile of the PGlite desk process), BENCH_PG_ITEMS, BENCH_PGLITE_ITEMS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONCURRENCY, BENCH_SKIP_PG=1, BENCH_SKIP_PGLITE=1.
 *
 * The PostgreSQL data set is built once in database `saring_bench_web` (SARING_BENCH_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/saring_bench_web) from real texts in ../shared/data, and reused.
 * The PGlite set is built once in a data directory (BENCH_PGLITE_DIR, default
 * <tmpdir>/saring-bench-web-pglite-<items>) and reused; it is then served, as `saring start` serves
 * it, by a process of its own (lib/bench-web-server.ts) whose resident memory is read from /proc
 * after each scenario (steady state) and at the end (peak), apart from the load phase's.
 */
import { loadModels, modelVersion } from '../src/classify/models.ts';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { TOPICS } from '../src/classify/topics.ts';
import { openDatabase, type SaringDb } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadPipeline } from '../src/pipeline/load.ts';
import { addUser, login } from '../src/review/auth.service.ts';
import { seedBenchItems, seedCriticism, seedDeskUse } from './lib/bench-web-seed.ts';
import { serveDesk, type MemoryAtPeak } from './lib/bench-web-server.ts';

const PG_URL = process.env.SARING_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/saring_bench_web';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
// What the desk filters classifications on (hoax + triage model versions): rows seeded under another
// version make every queue page empty, and the bench then times nothing.
const version = modelVersion(loadModels());
const pipeline = await loadPipeline('beltim');

async function ensurePgDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  kb_per_request: number;
  /** CPU the load client itself used (it shares the machine's cores with the desk). */
  cpu_ms: number;
}

function load(urls: string[], headers: Record<string, string>, seconds = SECONDS): Promise<LoadResult> {
  const client = path.join(import.meta.dirname, 'lib/load-client.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', client, JSON.stringify({ urls, headers, seconds, concurrency: CONCURRENCY })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load client exited with ${code}`))));
  });
}

/** A desk being served: its address, its process's resident memory when it is not this one, and how to stop it. */
interface Served {
  base: string;
  /** VmRSS and VmHWM (peak) of the serving process in MiB, when it is a process of its own. */
  rss?: () => { now: number; peak: number };
  /** CPU milliseconds the serving process has used so far (for PGlite this includes the database). */
  cpuMs: () => number;
  /** CPU milliseconds PostgreSQL's backends for this database have used so far, when they run on this machine. */
  dbCpuMs?: () => Promise<number>;
  /** Stops it; a process of its own answers with its memory at its resident peak (lib/bench-web-server.ts). */
  close(): Promise<MemoryAtPeak | void>;
}

/** The data set, the bench account's session and a sample of flagged items, on an open database. */
async function prepare(sdb: SaringDb, items: number) {
  await migrate(sdb);
  await seedBenchItems(sdb.db, pipeline.name, version, items);
  await seedDeskUse(sdb.db, version);
  await seedCriticism(sdb.db, version);
  const db = sdb.db;
  if (!(await db.selectFrom('users').select('id').where('username', '=', 'bench').executeTakeFirst())) {
    await addUser(db, null, { username: 'bench', displayName: 'Analis Uji Beban', roles: ['analis'], password: 'beban-uji-12345' });
  }
  const { token } = await login(db, { username: 'bench', password: 'beban-uji-12345', ip: 'bench' });
  const flaggedCount = (
    await db
      .selectFrom('classifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('flagged', '=', true)
      .executeTakeFirstOrThrow()
  ).n;
  const sample = await db
    .selectFrom('classifications')
    .select('item_id')
    .where('flagged', '=', true)
    .orderBy(sql`item_id * 2654435761 % 1000003`)
    .limit(200)
    .execute();
  return { token, flaggedCount, sample };
}

const mib = (kb: number) => Math.round(kb / 1024);
/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
/** User + system CPU milliseconds a process has used, from /proc (0 when it is gone or elsewhere). */
function procCpuMs(pid: number): number {
  try {
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th of them.
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/**
 * CPU used so far by PostgreSQL's backends serving this database (the desk's pool), read from /proc,
 * so only meaningful when the server runs on this machine (the bench asks it only then). A backend
 * that exits during a scenario takes its time with it; the pool's do not.
 */
async function pgBackendsCpuMs(db: SaringDb['db']): Promise<number> {
  const pids = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`.execute(db);
  return pids.rows.reduce((sum, r) => sum + procCpuMs(r.pid), 0);
}
/** VmRSS and VmHWM of a process, in MiB. */
function procRss(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { now: mib(kb('VmRSS')), peak: mib(kb('VmHWM')) };
}

/** The embedded desk in a process of its own over `dataDir`, as `saring start` runs it. */
async function serveInChild(dataDir: string): Promise<Served> {
  const script = path.join(import.meta.dirname, 'lib/bench-web-server.ts');
  // BENCH_SERVER_PROFILE=dir: a V8 CPU profile of the desk's process, written there when it exits.
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SERVER_PROFILE] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', script, JSON.stringify({ dataDir })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /^\{"port".*\}$/m.exec(out);
      if (line) resolve((JSON.parse(line[0]) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    rss: () => procRss(child.pid!),
    cpuMs: () => procCpuMs(child.pid!),
    close: () =>
      new Promise<MemoryAtPeak>((resolve) => {
        child.once('exit', () => resolve((JSON.parse(/^\{"memory".*\}$/m.exec(out)?.[0] ?? '{"memory":{}}') as { memory: MemoryAtPeak }).memory));
        child.stdin!.end();
      }),
  };
}

async function run(setup: { token: string; flaggedCount: number; sample: Array<{ item_id: number }> }, served: Served): Promise<void> {
  const { token, flaggedCount, sample } = setup;
  const base = served.base;
  const headers = { cookie: `saring_sesi=${token}` };
  console.log(`  ${flaggedCount.toLocaleString('en')} flagged; ${CONCURRENCY} concurrent requests for ${SECONDS} s per scenario, from a second process`);
  /** The URL of page `n` as the desk's "Berikutnya" links reach it: the previous page's keyset cursor. */
  const deepPage = async (first: string, n: number) => {
    let url = first;
    for (let page = 2; page <= n; page++) {
      const r = (await (await fetch(url, { headers: { ...headers, accept: 'application/json' } })).json()) as { next_after: string | null };
      if (!r.next_after) break;
      url = `${first}&page=${page}&after=${encodeURIComponent(r.next_after)}`;
    }
    return url;
  };
  const scenarios: Array<[string, string[]]> = [
    ['queue (open, by priority)', [`${base}/queue`]],
    // One scenario per combination, each with its own row count: in the seed only "penipuan online" is
    // flagged, so the other three are the empty combinations an analyst can still ask for, and a mixed
    // scenario would hide both their cost and their empty pages.
    ...TOPICS.slice(0, 4).map((t): [string, string[]] => [
      `queue, filtered (${t} + Polri + score)`,
      [`${base}/queue?status=semua&topic=${encodeURIComponent(t)}&unit=Polri&min=50`],
    ]),
    [
      'queue, filtered (common: + Polres Beltim)',
      [`${base}/queue?status=semua&topic=${encodeURIComponent(TOPICS[0])}&unit=${encodeURIComponent('Polres Belitung Timur')}&min=50`],
    ],
    ['queue, full-text search', ['penipuan', 'vaksin', 'polisi', '"bantuan sosial"'].map((q) => `${base}/queue?status=semua&q=${encodeURIComponent(q)}`)],
    // The same words typed into the desk home's search box: the open queue (the default status) searched.
    ['queue, full-text search (open)', ['penipuan', 'vaksin', 'polisi', '"bantuan sosial"'].map((q) => `${base}/queue?q=${encodeURIComponent(q)}`)],
    // The other statuses an analyst filters by, in turn: one slow status shows in the p95.
    ['queue, other statuses', ['baru', 'perlu_verifikasi', 'diputuskan', 'hlbk', 'pengaduan'].map((st) => `${base}/queue?status=${st}`)],
    ['queue, page 20 by date (offset)', [`${base}/queue?status=semua&sort=terbaru&page=20`]],
    ['queue, page 20 by date (cursor)', [await deepPage(`${base}/queue?status=semua&sort=terbaru`, 20)]],
    ['queue, page 20 by priority (cursor)', [await deepPage(`${base}/queue?status=semua`, 20)]],
    ['item page', sample.map((s) => `${base}/items/${s.item_id}`)],
    // The bare reference: `select 1` through the same server, connection pool and load client.
    ['bare: /healthz (select 1)', [`${base}/healthz`]],
    // issue 16: the home, the case list and the search over every item (flagged or not)
    ['home (beranda)', [`${base}/beranda`]],
    ['case list (kasus)', [`${base}/kasus`, `${base}/kasus?status=terbuka&sort=prioritas`]],
    // Common words, a phrase, and a name few items have (34 in 100,000): the searches a desk makes most.
    ['search all items (cari)', ['penipuan', 'vaksin', 'polisi', '"bantuan sosial"', 'yunarto'].map((q) => `${base}/cari?q=${encodeURIComponent(q)}`)],
  ];
  console.log(
    `  ${'scenario'.padEnd(50)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'KB'.padStart(6)} ${'p95/item'.padStart(8)} ${'p95/bare'.padStart(8)} ${'shown'.padStart(9)}   CPU ms/request: desk${served.dbCpuMs ? ', PostgreSQL' : ''}, load client`,
  );
  const results: Array<[string, LoadResult, string, { desk: number; db?: number }]> = [];
  const rssAfter: Array<[string, number]> = [];
  // Warm-up, untimed: every scenario once under the same concurrency, so the first one timed does not
  // pay for opening the pool's connections and their catalog caches, or for the JIT.
  await load(
    scenarios.map(([, urls]) => urls[0]!),
    headers,
    Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  );
  // BENCH_ONLY (a regular expression over scenario names) times a subset; the references are always kept.
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
  for (const [name, urls] of scenarios) {
    if (only && !only.test(name) && name !== 'item page' && !name.startsWith('bare')) continue;
    // What a page shows, asked once as JSON: a scenario whose pages come back empty times nothing.
    const shown = urls[0]!.includes('/queue')
      ? `${((await (await fetch(urls[0]!, { headers: { ...headers, accept: 'application/json' } })).json()) as { items: unknown[] }).items.length} rows`
      : '';
    // CPU per request by party, which reads the same on a busy machine where latency does not.
    const desk0 = served.cpuMs();
    const db0 = await served.dbCpuMs?.();
    const r = await load(urls, headers);
    const per = (ms: number) => ms / Math.max(1, r.requests + r.errors);
    const db1 = await served.dbCpuMs?.();
    results.push([name, r, shown, { desk: per(served.cpuMs() - desk0), ...(db0 !== undefined && db1 !== undefined ? { db: per(db1 - db0) } : {}) }]);
    if (served.rss) rssAfter.push([name, served.rss().now]);
  }
  // Ratios to the item page (one row by primary key behind a session and the nav counts, as every
  // desk page has) and to the bare reference (select 1 through the same stack), measured in the same run.
  const reference = results.find(([n]) => n === 'item page')![1].p95;
  const bare = results.find(([n]) => n.startsWith('bare'))![1].p95;
  for (const [name, r, shown, cpu] of results) {
    const perRequest = [cpu.desk, ...(cpu.db !== undefined ? [cpu.db] : []), r.cpu_ms / Math.max(1, r.requests + r.errors)];
    console.log(
      `  ${name.padEnd(50)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)} ${r.kb_per_request.toFixed(0).padStart(6)} ${(r.p95 / reference).toFixed(1).padStart(8)} ${(r.p95 / bare).toFixed(1).padStart(8)} ${shown.padStart(9)}   ${perRequest.map((ms) => ms.toFixed(2)).join(' / ')}`,
    );
  }
  if (served.rss) {
    const { now, peak } = served.rss();
    const steady = rssAfter.map(([, r]) => r);
    console.log(
      `  server process RSS after each scenario ${Math.min(...steady)}–${Math.max(...steady)} MiB, ${now} MiB at the end; peak ${peak} MiB (the load phase, in the bench's process: peak ${mib(process.resourceUsage().maxRSS)} MiB)`,
    );
    const m = await served.close();
    // Where the memory is when the server is at its largest: V8's heap, memory outside it that V8
    // accounts for (the embedded database's WebAssembly memory, Buffers), and the rest (code, native
    // allocations, thread stacks).
    if (m?.rss)
      console.log(
        `  server process at its sampled peak: RSS ${mib(m.rss)} MiB = V8 heap ${mib(m.heapTotal)} (used ${mib(m.heapUsed)}) + WebAssembly and buffers ${mib(m.external)} + the rest ${mib(m.rss - m.heapTotal - m.external)} MiB`,
      );
    return;
  }
  console.log(`  server process (the bench's own) peak RSS ${mib(process.resourceUsage().maxRSS)} MiB`);
  await served.close();
}

if (process.env.BENCH_SKIP_PG !== '1') {
  await ensurePgDatabase(PG_URL);
  const sdb = await openDatabase({ kind: 'postgres', url: PG_URL, poolSize: 10 });
  try {
    const items = Number(process.env.BENCH_PG_ITEMS ?? 1_000_000);
    console.log(`\nPostgreSQL: ${items.toLocaleString('en')} items`);
    const setup = await prepare(sdb, items);
    const desk = await serveDesk(sdb);
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(PG_URL).hostname);
    await run(setup, {
      base: `http://127.0.0.1:${desk.port}`,
      // The desk runs in this process, which otherwise only waits for the load client.
      cpuMs: ownCpuMs,
      ...(local ? { dbCpuMs: () => pgBackendsCpuMs(sdb.db) } : {}),
      close: desk.close,
    });
  } finally {
    await sdb.close();
  }
}
if (process.env.BENCH_SKIP_PGLITE !== '1') {
  const items = Number(process.env.BENCH_PGLITE_ITEMS ?? 100_000);
  const dataDir = process.env.BENCH_PGLITE_DIR ?? path.join(os.tmpdir(), `saring-bench-web-pglite-${items}`);
  console.log(`\nPGlite (data directory ${dataDir}): ${items.toLocaleString('en')} items`);
  // The load phase here; the desk then opens the directory in a process of its own.
  const lite = await openDatabase({ kind: 'pglite', dataDir });
  let setup: Awaited<ReturnType<typeof prepare>>;
  try {
    setup = await prepare(lite, items);
  } finally {
    await lite.close();
  }
  await run(setup, await serveInChild(dataDir));
}
