/**
 * Ingest benchmark: parse → prepare (canonical URL, hashes, MinHash) → dedup → store, over the
 * recorded real feeds and exports in ../shared/fixtures, on PGlite and on PostgreSQL.
 * Prints figures; asserts nothing. Usage: npm run bench:ingest [-- --rounds 2] [-- --only pglite|postgres]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, type SaringDb } from '../src/db/connect.ts';
import { storeItems } from '../src/ingest/dedup.ts';
import { migrate } from '../src/db/migrate.ts';
import { syncSources } from '../src/db/sources.repo.ts';
import { decodeBody } from '../src/fetch/charset.ts';
import { prepareItem } from '../src/ingest/prepare.ts';
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

async function benchDb(name: string, sdb: SaringDb, batches: ParsedItem[][]): Promise<void> {
  await migrate(sdb);
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
    const counts = { new: 0, duplicate: 0, unchanged: 0 };
    for (const batch of batches) {
      const p0 = performance.now();
      const prepared = batch.map((i) => prepareItem(i));
      prepMs += performance.now() - p0;
      const c = await storeItems(sdb.db, id, prepared);
      counts.new += c.new;
      counts.duplicate += c.duplicate;
      counts.unchanged += c.unchanged;
    }
    const ms = performance.now() - t0;
    sampleRss();
    console.log(
      `${name.padEnd(10)} round ${r} (${r === 0 ? 'fresh  ' : 'reposts'}): ${total} items in ${(ms / 1000).toFixed(2)} s = ${Math.round(total / (ms / 1000))} items/s ` +
        `(prepare ${Math.round(prepMs)} ms; new ${counts.new}, duplicates ${counts.duplicate}, in-source repeats ${counts.unchanged})`,
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
