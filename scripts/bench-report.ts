/**
 * Weekly-report benchmark (npm run bench:report): time and peak RSS to build one weekly report
 * (SQL figures, SVG charts, HTML and PDF) over the 1,000,000-item PostgreSQL set of bench:web
 * (run that first; it builds `saring_bench_web`). Adds 5,000 decided cases once. Prints figures only.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'kysely';
import { HoaxModel } from '../src/classify/hoax-model.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { silentLogger } from '../src/log.ts';
import { isoWeekOf } from '../src/report/iso-week.ts';
import { buildWeeklyReport } from '../src/report/stage.ts';
import { gatherWeekly } from '../src/report/weekly-data.ts';

const url = process.env.SARING_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/saring_bench_web';
const sdb = await openDatabase({ kind: 'postgres', url });
const db = sdb.db;
await migrate(sdb);
const items = (
  await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
).n;
if (items < 100_000) throw new Error(`${url} has ${items} items; run npm run bench:web first to build the 1M-item set`);
const cases = (
  await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
).n;
if (cases < 5000) {
  // Cases over the last 8 weeks, one flagged item each, decided a few hours after being seen.
  await sql`
    with picked as (select c.item_id, row_number() over (order by c.item_id) as n from classifications c where c.flagged limit 5000),
    made as (
      insert into cases (title, verdict, priority, created_at, updated_at, decided_at)
      select 'Kasus uji ' || n, (array['hoaks','disinformasi','misinformasi','bukan_hoaks'])[1 + n % 4], (array['tinggi','sedang','rendah'])[1 + n % 3],
             now() - (n % 56) * interval '1 day', now(), now() - (n % 56) * interval '1 day' + interval '3 hours'
      from picked returning id, title)
    insert into case_items (item_id, case_id) select p.item_id, m.id from picked p join made m on m.title = 'Kasus uji ' || p.n`.execute(db);
  await sql`analyze`.execute(db);
}
const pipeline = { name: 'beltim', title: 'Polres Belitung Timur', timezone: 'Asia/Jakarta' };
const week = isoWeekOf(new Date(), pipeline.timezone);
const modelVersion = HoaxModel.load().version;
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const data = await gatherWeekly(db, { week, unit: pipeline.title, pipeline: pipeline.name, timeZone: pipeline.timezone, modelVersion, preparedBy: 'bench' });
const tFigures = performance.now() - t0;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-bench-report-'));
const deps = { db, log: silentLogger, pipeline, modelVersion, chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', reportsDir: out };
const t1 = performance.now();
const html = await buildWeeklyReport(deps, { week, format: 'html' });
const tHtml = performance.now() - t1;
const t2 = performance.now();
const both = await buildWeeklyReport(deps, { week, format: 'both' });
const tBoth = performance.now() - t2;
clearInterval(timer);
console.log(
  `${items.toLocaleString('en')} items, ${data.totals.monitored.toLocaleString('en')} in ${week.id}, ${data.totals.flagged.toLocaleString('en')} flagged, ${data.appendix.length.toLocaleString('en')} confirmed cases this week`,
);
console.log(`figures (all SQL aggregates):      ${(tFigures / 1000).toFixed(2)} s`);
console.log(`report as HTML (figures + charts): ${(tHtml / 1000).toFixed(2)} s  ${html.htmlPath}`);
console.log(`report as HTML + PDF (Chromium):   ${(tBoth / 1000).toFixed(2)} s  ${both.pdfPath} (${Math.round(fs.statSync(both.pdfPath!).size / 1024)} KiB)`);
console.log(`peak RSS of this process: ${Math.round(peak / 1024 / 1024)} MiB (Chromium runs in its own processes)`);
await sdb.close();
