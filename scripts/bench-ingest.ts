/**
 * Ingest benchmark: parse → prepare (canonical URL, hashes, MinHash) → dedup → store, over the
 * recorded real feeds and exports in ../shared/fixtures, on PGlite and on PostgreSQL.
 * The first round's store is timed beside a bare reference, batch by batch in turn: a bulk insert of
 * the same rows and band keys, in chunks as the store makes them, into twins of `items` and
 * `item_bands` with the same columns, indexes and checks (no foreign keys), with none of the store's
 * reading, locking or linking. Their ratio reads the same on a busy machine (issue #21: keep the
 * store at ~0.6 of the bulk insert).
 * Prints figures; asserts nothing. Usage: npm run bench:ingest [-- --rounds 2] [-- --only pglite|postgres]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type SaringDb } from '../src/db/connect.ts';
import type { Database } from '../src/db/schema.ts';
import { ITEM_CHUNK, storeItems, toRow } from '../src/ingest/dedup.ts';
import { migrate } from '../src/db/migrate.ts';
import { syncSources } from '../src/db/sources.repo.ts';
import { decodeBody } from '../src/fetch/charset.ts';
import { prepareItem, type PreparedItem } from '../src/ingest/prepare.ts';
import { readImport } from '../src/sources/import.ts';
import { parseFeed } from '../src/sources/rss.ts';
import type { ParsedItem } from '../src/sources/types.ts';

const SHARED = path.resolve(process.env.SARING_SHARED ?? path.join(import.meta.dirname, '../../shared'));
const FIX = path.join(SHARED, 'fixtures');
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sampleRss, 20);

async function loadBatches(): Promise<{ batches: ParsedItem[][]; parseMs: number; bytes: number }> {
  const files = [
    ...fs.readdirSync(path.join(FIX, 'fastfeedparser-corpus/benchmark_data')).map((f) => path.join(FIX, 'fastfeedparser-corpus/benchmark_data', f)),
    ...fs.readdirSync(path.join(FIX, 'rss-parser-corpus/test/input')).map((f) => path.join(FIX, 'rss-parser-corpus/test/input', f)),
    ...fs
      .readdirSync(path.join(FIX, 'tempo-cekfakta-feed/snapshots-cekfakta'))
      .slice(0, 40)
      .map((f) => path.join(FIX, 'tempo-cekfakta-feed/snapshots-cekfakta', f)),
  ];
  const batches: ParsedItem[][] = [];
  let bytes = 0;
  const t0 = performance.now();
  for (const f of files) {
    const buf = fs.readFileSync(f);
    bytes += buf.length;
    try {
      batches.push((await parseFeed(decodeBody(buf).text, { baseUrl: 'http://127.0.0.1/' })).items);
    } catch {
      // broken feeds are part of the corpus; the benchmark measures the ones that parse
    }
  }
  batches.push((await readImport({ path: path.join(FIX, 'tempo-cekfakta-feed/DERIVED_unique_items.jsonl'), columns: {}, language: 'id' })).items);
  batches.push(
    (
      await readImport({
        path: path.join(FIX, 'turnbackhoax-articles-2026/turnbackhoax_articles.csv'),
        columns: { text: 'narasi', published_at: 'date' },
        language: 'id',
      })
    ).items,
  );
  return { batches, parseMs: performance.now() - t0, bytes };
}

/** Twins of `items` and `item_bands` for the bare reference: the same columns, defaults, checks, generated column and indexes. */
async function createReference(db: Kysely<Database>): Promise<void> {
  await sql`create table bench_bare_items (like items including all)`.execute(db);
  await sql`create table bench_bare_bands (like item_bands including all)`.execute(db);
}

/**
 * The bare reference for one batch: its rows (the last of each key, as the store keeps them) and their
 * band keys inserted in one transaction, ITEM_CHUNK items a statement, as the store's first insert of
 * new items makes them, and nothing else.
 */
async function bareInsert(db: Kysely<Database>, sourceId: string, batch: PreparedItem[]): Promise<void> {
  const rows = [...new Map(batch.map((i) => [i.key, i])).values()];
  const twins = db.withTables<{ bench_bare_items: Database['items']; bench_bare_bands: Database['item_bands'] }>();
  await twins.transaction().execute(async (tx) => {
    for (let at = 0; at < rows.length; at += ITEM_CHUNK) {
      const chunk = rows.slice(at, at + ITEM_CHUNK);
      const bands = chunk.flatMap((i) => (i.bands ?? []).map((key) => [i.key, key] as const));
      const insert = tx
        .insertInto('bench_bare_items')
        .values(chunk.map((i) => toRow(sourceId, i, null, null)))
        .onConflict((oc) => oc.columns(['source_id', 'item_key']).doNothing())
        .returning(['id', 'item_key']);
      await sql`
        with ins as (${insert})
        insert into bench_bare_bands (key, item_id)
        select u.key, ins.id from ins join unnest(${sql.val(bands.map((b) => b[0]))}::text[], ${sql.val(bands.map((b) => b[1]))}::int[]) as u(item_key, key)
          on u.item_key = ins.item_key
        on conflict do nothing`.execute(tx);
    }
  });
}

async function benchDb(name: string, sdb: SaringDb, batches: ParsedItem[][]): Promise<void> {
  await migrate(sdb);
  await createReference(sdb.db);
  const ids = Array.from({ length: rounds }, (_, r) => `bench-${r}`);
  await syncSources(
    sdb.db,
    'bench',
    ids.map((id) => ({ id, kind: 'import', name: id, schedule: null, config: {}, enabled: true })),
  );
  const total = batches.reduce((n, b) => n + b.length, 0);
  for (const [r, id] of ids.entries()) {
    // Round 0 stores every item fresh; later rounds deliver the same posts through other sources,
    // exercising the duplicate lookups and links (as when one hoax is reposted across channels).
    const t0 = performance.now();
    let prepMs = 0;
    let storeMs = 0;
    let bareMs = 0;
    const counts = { new: 0, duplicate: 0, unchanged: 0 };
    for (const [b, batch] of batches.entries()) {
      const p0 = performance.now();
      const prepared = batch.map((i) => prepareItem(i));
      prepMs += performance.now() - p0;
      // Round 0: the bare reference on the same batch, first and second in turn.
      if (r === 0 && b % 2 === 1) bareMs += await timed(() => bareInsert(sdb.db, id, prepared));
      const s0 = performance.now();
      const c = await storeItems(sdb.db, id, prepared);
      storeMs += performance.now() - s0;
      if (r === 0 && b % 2 === 0) bareMs += await timed(() => bareInsert(sdb.db, id, prepared));
      counts.new += c.new;
      counts.duplicate += c.duplicate;
      counts.unchanged += c.unchanged;
    }
    const ms = performance.now() - t0 - bareMs;
    sampleRss();
    console.log(
      `${name.padEnd(10)} round ${r} (${r === 0 ? 'fresh  ' : 'reposts'}): ${total} items in ${(ms / 1000).toFixed(2)} s = ${Math.round(total / (ms / 1000))} items/s ` +
        `(prepare ${Math.round(prepMs)} ms; new ${counts.new}, duplicates ${counts.duplicate}, in-source repeats ${counts.unchanged})`,
    );
    if (r === 0)
      console.log(
        `${name.padEnd(10)} store ${Math.round(total / (storeMs / 1000))} items/s against the bare reference's bulk insert of the same rows ` +
          `${Math.round(total / (bareMs / 1000))} items/s, taking turns batch by batch: ×${(bareMs / storeMs).toFixed(2)} of the bulk insert`,
      );
  }
  const t0 = performance.now();
  for (const batch of batches)
    await storeItems(
      sdb.db,
      ids[0]!,
      batch.map((i) => prepareItem(i)),
    );
  const ms = performance.now() - t0;
  console.log(`${name.padEnd(10)} re-run of round 0 (nothing new): ${Math.round(total / (ms / 1000))} items/s`);
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

if (!only) {
  // One process per database, so that neither's peak memory includes the other's.
  const { execFileSync } = await import('node:child_process');
  for (const db of ['pglite', 'postgres']) {
    execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args, '--only', db], { stdio: 'inherit' });
  }
  process.exit(0);
}

const { batches, parseMs, bytes } = await loadBatches();
const total = batches.reduce((n, b) => n + b.length, 0);
console.log(
  `corpus: ${batches.length} feeds/exports, ${total} items, ${(bytes / 1e6).toFixed(1)} MB; parse ${Math.round(total / (parseMs / 1000))} items/s (${(parseMs / 1000).toFixed(2)} s)`,
);

if (only !== 'postgres') {
  peakRss = 0;
  const sdb = await openDatabase({ kind: 'pglite' });
  await benchDb('pglite', sdb, batches);
  await sdb.close();
  console.log(`pglite     peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
}
if (only !== 'pglite') {
  const admin = process.env.SARING_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query('drop database if exists saring_bench');
  await c.query('create database saring_bench');
  await c.end();
  const url = new URL(admin);
  url.pathname = '/saring_bench';
  peakRss = 0;
  const sdb = await openDatabase({ kind: 'postgres', url: url.toString() });
  await benchDb('postgres', sdb, batches);
  await sdb.close();
  console.log(`postgres   peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (this process; the server's memory is its own)`);
}
clearInterval(timer);
