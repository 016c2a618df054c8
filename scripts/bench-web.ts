/**
 * Review-desk benchmark (npm run bench:web): the queue page (plain, filtered, full-text, deep page)
 * and the item page under load from a second process on loopback, with 1,000,000 items and 50,000
 * flagged in PostgreSQL, and 100,000 items on embedded PGlite. Prints p50/p95/p99 and requests/s, and
 * each p95 as a ratio to the item page and to a bare `select 1` request (/healthz) measured in the
 * same run, so a busy machine's figures can still be read; asserts nothing. Targets (issue 21): queue
 * pages p95 < 150 ms and full-text search < 300 ms at 1M items on PostgreSQL, < 100 ms at 100k on PGlite.
 * BENCH_ONLY (regexp over scenario names), BENCH_PG_ITEMS, BENCH_PGLITE_ITEMS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONCURRENCY, BENCH_SKIP_PG=1, BENCH_SKIP_PGLITE=1.
 *
 * The PostgreSQL data set is built once in database `saring_bench_web` (SARING_BENCH_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/saring_bench_web) from real texts in ../shared/data, and reused.
 */
import { loadModels, modelVersion } from '../src/classify/models.ts';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { HoaxModel } from '../src/classify/hoax-model.ts';
import type { ClassifyDeps } from '../src/classify/stage.ts';
import { TOPICS } from '../src/classify/topics.ts';
import { openDatabase, type SaringDb } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { syncSources } from '../src/db/sources.repo.ts';
import { HttpClient } from '../src/fetch/http-client.ts';
import { silentLogger } from '../src/log.ts';
import { loadPipeline } from '../src/pipeline/load.ts';
import { addUser, login } from '../src/review/auth.service.ts';
import { createApp } from '../src/web/app.ts';
import { loadDataset } from './lib/datasets.ts';

const PG_URL = process.env.SARING_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/saring_bench_web';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const model = HoaxModel.load();
// What the desk filters classifications on (hoax + triage model versions): rows seeded under another
// version make every queue page empty, and the bench then times nothing.
const version = modelVersion(loadModels());
const pipeline = await loadPipeline('beltim');
const texts = [...loadDataset('ifn'), ...loadDataset('news_tbh'), ...loadDataset('pratiwi')].map((d) => d.text.slice(0, 2000));

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

/** Items from real texts (made unique by a suffix), 1 in 20 flagged, with plausible topics and units. */
async function seed(db: Kysely<Database>, total: number): Promise<void> {
  const have = (
    await db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  if (have >= total) {
    // A retrained model changes the version: carry the seeded rows over instead of seeding again.
    const moved = await sql`update classifications set model_version = ${version} where model_version <> ${version}`.execute(db);
    // What autovacuum does on a live database, done now: a migration that rewrote rows (0020 filled the
    // queue's copies) leaves the visibility map stale, and the queue's index-only scans would read the table.
    await sql`vacuum analyze classifications`.execute(db);
    return console.log(`  reusing ${have} items${moved.numAffectedRows ? ` (${moved.numAffectedRows} classifications moved to ${version})` : ''}`);
  }
  const sources = Array.from({ length: 5 }, (_, i) => ({
    id: `bench-${i}`,
    kind: 'rss' as const,
    name: `Sumber uji ${i}`,
    schedule: null,
    config: {},
    enabled: true,
  }));
  await syncSources(db, pipeline.name, sources);
  const t0 = Date.now();
  const chunk = 50_000;
  for (let start = have + 1; start <= total; start += chunk) {
    const end = Math.min(total, start + chunk - 1);
    await sql`
      insert into items (source_id, item_key, url, title, text, language, published_at, fetched_at, content_hash)
      select 'bench-' || (g % 5), 'k' || g, 'https://example.org/b/' || g, null,
             (${texts}::text[])[1 + g % ${texts.length}] || ' #' || g, 'id',
             now() - (g % 200000) * interval '3 minutes', now(), md5(g::text)
      from generate_series(${start}::bigint, ${end}::bigint) g`.execute(db);
    await sql`
      insert into classifications (item_id, model_version, hoax_score, hoax, police_units, topics, priority, flagged, reasons)
      select id, ${version}, (id * 7919 % 1000) / 1000.0, id * 7919 % 1000 > 560,
             case when id % 40 = 0 then array['Polres Belitung Timur'] when id % 7 = 0 then array['Polri'] else '{}'::text[] end,
             array[(${TOPICS as unknown as string[]}::text[])[1 + id % ${TOPICS.length}]],
             case when id % 20 = 0 then 0.45 + (id % 550) / 1000.0 else (id % 450) / 1000.0 end,
             id % 20 = 0,
             '[{"code":"hoax","label":"Kemungkinan hoaks 71% (kata \\"sebarkan\\" (+0.4))","weight":0.28},{"code":"police","label":"Menyebut kepolisian: Polri","weight":0.1}]'::jsonb
      from items where id between ${start} and ${end}
      on conflict do nothing`.execute(db);
    process.stdout.write(`\r  seeded ${end} items (${Math.round((end - have) / ((Date.now() - t0) / 1000))}/s)`);
  }
  process.stdout.write('\n');
  // What autovacuum leaves behind on a live database: statistics and the visibility map, which the
  // queue's index-only scans rely on.
  await sql`vacuum analyze`.execute(db);
}

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  kb_per_request: number;
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

async function run(label: string, sdb: SaringDb, items: number): Promise<void> {
  console.log(`\n${label}: ${items.toLocaleString('en')} items`);
  await migrate(sdb);
  await seed(sdb.db, items);
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
  const deps: ClassifyDeps = {
    db,
    log: silentLogger,
    ctx: { model, triage: loadModels().triage, lexicon: { units: pipeline.area.units }, places: pipeline.area.places },
  };
  const app = createApp({ sdb, pipeline, classifier: () => deps, ingest: { db, http: new HttpClient(), log: silentLogger } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    ['queue, page 20 by date (offset)', [`${base}/queue?status=semua&sort=terbaru&page=20`]],
    ['queue, page 20 by date (cursor)', [await deepPage(`${base}/queue?status=semua&sort=terbaru`, 20)]],
    ['queue, page 20 by priority (cursor)', [await deepPage(`${base}/queue?status=semua`, 20)]],
    ['item page', sample.map((s) => `${base}/items/${s.item_id}`)],
    // The bare reference: `select 1` through the same server, connection pool and load client.
    ['bare: /healthz (select 1)', [`${base}/healthz`]],
    // issue 16: the home, the case list and the search over every item (flagged or not)
    ['home (beranda)', [`${base}/beranda`]],
    ['case list (kasus)', [`${base}/kasus`, `${base}/kasus?status=terbuka&sort=prioritas`]],
    ['search all items (cari)', ['penipuan', 'vaksin', 'polisi', '"bantuan sosial"'].map((q) => `${base}/cari?q=${encodeURIComponent(q)}`)],
  ];
  console.log(
    `  ${'scenario'.padEnd(50)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'KB'.padStart(6)} ${'p95/item'.padStart(8)} ${'p95/bare'.padStart(8)} ${'shown'.padStart(9)}`,
  );
  const results: Array<[string, LoadResult, string]> = [];
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
    results.push([name, await load(urls, headers), shown]);
  }
  // Ratios to the item page (one row by primary key behind a session and the nav counts, as every
  // desk page has) and to the bare reference (select 1 through the same stack), measured in the same run.
  const reference = results.find(([n]) => n === 'item page')![1].p95;
  const bare = results.find(([n]) => n.startsWith('bare'))![1].p95;
  for (const [name, r, shown] of results) {
    console.log(
      `  ${name.padEnd(50)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)} ${r.kb_per_request.toFixed(0).padStart(6)} ${(r.p95 / reference).toFixed(1).padStart(8)} ${(r.p95 / bare).toFixed(1).padStart(8)} ${shown.padStart(9)}`,
    );
  }
  console.log(`  server process peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  await new Promise<void>((r) => server.close(() => r()));
}

if (process.env.BENCH_SKIP_PG !== '1') {
  await ensurePgDatabase(PG_URL);
  const sdb = await openDatabase({ kind: 'postgres', url: PG_URL, poolSize: 10 });
  try {
    await run('PostgreSQL', sdb, Number(process.env.BENCH_PG_ITEMS ?? 1_000_000));
  } finally {
    await sdb.close();
  }
}
if (process.env.BENCH_SKIP_PGLITE !== '1') {
  const lite = await openDatabase({ kind: 'pglite' });
  try {
    await run('PGlite (in memory)', lite, Number(process.env.BENCH_PGLITE_ITEMS ?? 100_000));
  } finally {
    await lite.close();
  }
}
