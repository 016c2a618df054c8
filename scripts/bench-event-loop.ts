/**
 * Event-loop benchmark: how long one hostile feed holds up everything else in the process (in the
 * embedded mode, the desk's web server shares the loop with ingest). Serves each feed from a local
 * HTTP server and runs it as an RSS source through the real ingest (fetch → parse → prepare → store in
 * an in-memory PGlite), while monitorEventLoopDelay and a 10 ms timer measure how late the loop is.
 * Prints figures; asserts nothing. Usage: npm run bench:event-loop [-- --rounds 3]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { syncSources, listSources } from '../src/db/sources.repo.ts';
import { HttpClient } from '../src/fetch/http-client.ts';
import { runSource } from '../src/ingest/stage.ts';
import { silentLogger } from '../src/log.ts';
import { parseOffLoop } from '../src/sources/parse-thread.ts';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;

const item = (i: number, field: string) =>
  `<item><title>Kabar ${i}</title><link>http://127.0.0.1/berita/${i}</link><pubDate>Mon, 01 Jun 2026 08:00:00 GMT</pubDate>${field}</item>`;
const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Uji</title>${items}</channel></rss>`;
const flatHtml = Array.from({ length: 60_000 }, (_, i) => `<p>Paragraf ${i} berisi <b>kabar</b> &amp; teks biasa.</p>`)
  .join('')
  .slice(0, 2_000_000);
const FEEDS: Record<string, string> = {
  // The probe's feed: 300,000 nested <div>s in one content:encoded (refused past maxHtmlDepth).
  'nested-300k': rss(item(1, `<content:encoded><![CDATA[${'<div>'.repeat(300_000)}x${'</div>'.repeat(300_000)}]]></content:encoded>`)),
  // The same as raw XML elements (no CDATA): the feed's own parser reads the nesting.
  'nested-raw': rss(item(3, `<content:encoded>${'<div>'.repeat(300_000)}x${'</div>'.repeat(300_000)}</content:encoded>`)),
  // A 2 MB flat description: nothing to refuse, all of it is read.
  'flat-2mb': rss(item(2, `<description><![CDATA[${flatHtml}]]></description>`)),
  // An ordinary feed, for scale: 50 entries of a few paragraphs.
  'ordinary-50': rss(
    Array.from({ length: 50 }, (_, i) => item(100 + i, `<description>${'<p>Isi berita yang biasa saja.</p>'.repeat(8)}</description>`)).join(''),
  ),
};

const server = http.createServer((req, res) => {
  const body = FEEDS[(req.url ?? '/').slice(1)];
  if (!body) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const sdb = await openDatabase({ kind: 'pglite' });
await migrate(sdb);
const deps = {
  db: sdb.db,
  http: new HttpClient({ allowHosts: ['127.0.0.1'], perHostIntervalMs: 0, retries: 0, maxBytes: 32 * 1024 * 1024 }),
  log: silentLogger,
};

/** Runs `fn` while measuring the loop: the worst delay of the histogram and of a 10 ms timer (what a /healthz request would wait). */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; maxDelayMs: number; timerLateMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  let last = performance.now();
  let late = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    late = Math.max(late, now - last - 10);
    last = now;
  }, 10);
  h.enable();
  await new Promise((r) => setTimeout(r, 20)); // both probes armed before the work starts
  last = performance.now();
  late = 0;
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  // A block is recorded when the timers next fire, after it: let them, before reading.
  await new Promise((r) => setTimeout(r, 50));
  h.disable();
  clearInterval(timer);
  return { result, ms, maxDelayMs: h.max / 1e6, timerLateMs: late };
}

console.log(`event loop while one RSS source runs through ingest, and while its body is only parsed (${rounds} round(s); PGlite in memory)`);
console.log('feed           bytes      status     run ms   run: max loop delay ms   parse ms   parse: max loop delay ms');
const worst = new Map<string, { run: number; parse: number }>();
for (let r = 0; r < rounds; r++) {
  const ids = Object.keys(FEEDS).map((name) => `${name}-${r}`);
  await syncSources(
    sdb.db,
    'bench',
    Object.keys(FEEDS).map((name) => ({ id: `${name}-${r}`, kind: 'rss', name, schedule: null, config: { url: `${base}/${name}` }, enabled: true })),
  );
  const sources = (await listSources(sdb.db, 'bench')).filter((s) => ids.includes(s.id));
  for (const s of sources) {
    const name = s.id.replace(/-\d+$/, '');
    const run = await measured(() => runSource(deps, s));
    const parse = await measured(() => parseOffLoop('feed', FEEDS[name]!, { baseUrl: base }));
    const delay = (m: { maxDelayMs: number; timerLateMs: number }) => Math.max(m.maxDelayMs, m.timerLateMs);
    const w = worst.get(name) ?? { run: 0, parse: 0 };
    worst.set(name, { run: Math.max(w.run, delay(run)), parse: Math.max(w.parse, delay(parse)) });
    console.log(
      `${name.padEnd(14)} ${String(FEEDS[name]!.length).padStart(9)}  ${run.result.status.padEnd(9)} ${run.ms.toFixed(0).padStart(7)} ${delay(run).toFixed(0).padStart(24)} ${parse.ms.toFixed(0).padStart(10)} ${delay(parse).toFixed(0).padStart(26)}`,
    );
  }
}
console.log('worst over the rounds (max loop delay, ms):');
for (const [name, w] of worst) console.log(`  ${name.padEnd(14)} run ${w.run.toFixed(0).padStart(6)}   parse ${w.parse.toFixed(0).padStart(6)}`);
server.close();
await sdb.close();
