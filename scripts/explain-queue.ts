/**
 * EXPLAIN (ANALYZE, BUFFERS) of the review queue's hot queries on a PostgreSQL database (the bench's
 * 1M-item one: run `npm run bench:web` first, which builds it and moves its rows to the current model
 * version, or the pages come back empty), written beside their SQL in
 * src/db/sql/queue.explain.txt so a reviewer sees what each plan reads. Prints the execution times.
 *
 *   SARING_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/saring_bench_web npx tsx scripts/explain-queue.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadModels, modelVersion } from '../src/classify/models.ts';
import { TOPICS } from '../src/classify/topics.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/connect.ts';
import { nextQueueCursor, queue, type QueueFilter } from '../src/db/queue.repo.ts';
import type { Database } from '../src/db/schema.ts';

const PG_URL = process.env.SARING_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/saring_bench_web';
const OUT = process.env.EXPLAIN_OUT ?? path.join(import.meta.dirname, '../src/db/sql/queue.explain.txt');
const RUNS = Number(process.env.EXPLAIN_RUNS ?? 5);
const executionMs = (plan: string[]) => Number(/Execution Time: ([\d.]+)/.exec(plan.find((l) => l.startsWith('Execution Time')) ?? '')?.[1] ?? Infinity);

const sdb = await openDatabase({ kind: 'postgres', url: PG_URL, poolSize: 2 });
await migrate(sdb);
await sdb.close();

const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
const seen: Array<{ sql: string; parameters: readonly unknown[] }> = [];
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    if (e.level === 'query') seen.push({ sql: e.query.sql, parameters: e.query.parameters });
  },
});
const version = modelVersion(loadModels());
const base: QueueFilter = { modelVersion: version, status: 'terbuka', sort: 'prioritas', page: 1, pageSize: 50 };
const items = (
  await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
).n;

const scenarios: Array<[string, QueueFilter]> = [
  ['open queue, by priority (the desk home)', base],
  ['filtered: topic + unit + score, a common combination', { ...base, status: 'semua', topic: TOPICS[0], unit: 'Polri', minScore: 0.5 }],
  // The bench seeds flagged rows under its first topic only: this combination has no rows.
  ['filtered: topic + unit + score, an empty combination', { ...base, status: 'semua', topic: TOPICS[1], unit: 'Polri', minScore: 0.5 }],
  ['full-text search, a frequent word', { ...base, status: 'semua', q: 'polisi' }],
  ['full-text search, a rarer phrase', { ...base, status: 'semua', q: '"bantuan sosial"' }],
  ['decided (diputuskan)', { ...base, status: 'diputuskan' }],
  ['repeats of decided claims (hlbk)', { ...base, status: 'hlbk' }],
  ['complaint handling (pengaduan)', { ...base, status: 'pengaduan' }],
  ['page 20 by date (offset)', { ...base, status: 'semua', sort: 'terbaru', page: 20 }],
  ['page 20 by date (keyset cursor)', await page20({ ...base, status: 'semua', sort: 'terbaru' })],
  ['page 20 by priority (keyset cursor)', await page20({ ...base, status: 'semua' })],
];

/** Page 20 as "Berikutnya" reaches it: through the cursor of each page before it. */
async function page20(f: QueueFilter): Promise<QueueFilter> {
  let at = f;
  for (let page = 2; page <= 20; page++) {
    const after = nextQueueCursor(at, await queue(db, at).list());
    if (!after) break;
    at = { ...f, page, after };
  }
  return at;
}
const out: string[] = [
  `-- EXPLAIN (ANALYZE, BUFFERS) of the queue's hot queries on PostgreSQL with ${Number(items).toLocaleString('en')} items`,
  `-- (scripts/explain-queue.ts over the bench:web data set, a year of desk use included; one client, warm cache, the fastest of ${RUNS} runs). Regenerate after changing src/db/queue.repo.ts.`,
];
for (const [name, f] of scenarios) {
  seen.length = 0;
  const q = queue(db, f);
  if (!(await q.list()).length && !name.includes('empty'))
    console.warn(`${name}: the page is empty (rows seeded under another model version? run npm run bench:web)`);
  await q.count();
  const queries = [...seen];
  out.push('', `-- ${name}`);
  for (const { sql, parameters } of queries) {
    // The fastest of RUNS: on a shared machine a single run mostly measures the neighbours.
    let plan: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const r = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${sql}`, parameters as unknown[]);
      const next = r.rows.map((x) => x['QUERY PLAN']);
      if (!plan.length || executionMs(next) < executionMs(plan)) plan = next;
    }
    const time = plan.find((l) => l.startsWith('Execution Time'));
    const planning = plan.find((l) => l.startsWith('Planning Time'));
    console.log(`${name.padEnd(44)} ${time}; ${planning}`);
    out.push(`-- ${sql.slice(0, 160).replace(/\s+/g, ' ')}…`, ...plan, '');
  }
}
fs.writeFileSync(OUT, out.join('\n') + '\n');
console.log(`written ${path.relative(process.cwd(), OUT)}`);
await db.destroy();
