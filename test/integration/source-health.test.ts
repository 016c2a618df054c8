import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncSources } from '../../src/db/sources.repo.ts';
import { decodeBody } from '../../src/fetch/charset.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { healthLedger } from '../../src/health/ledger.ts';
import { runSource } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { parseFeed } from '../../src/sources/rss.ts';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';

// Health judged on recorded real series, time-shifted: a year of daily Tempo CekFakta snapshots, and
// Tempo's real publication times compressed 24× into a busy channel.
let tdb: TestDb;
let server: ReplayServer;
const PIPELINE = { name: 'uji', timezone: 'Asia/Jakarta', health: { historyDays: 14, silentExpected: 3, failingAfter: 3 } };
const HOUR = 3_600_000;
/** Where the shifted series end: Monday 30 November 2026, 12:17 WIB. */
const LAST = new Date('2026-11-30T05:17:00Z');

interface Run {
  started_at: Date;
  status: 'success' | 'not_modified';
  items_new: number;
}

/** One run per daily snapshot, bringing the links it lists for the first time; shifted so the last is at LAST. */
async function dailySnapshotRuns(): Promise<Run[]> {
  const dir = fixture('tempo-cekfakta-feed/snapshots-cekfakta');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const stamp = (f: string) => {
    const m = /_(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)/.exec(f)!;
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  };
  const shift = LAST.getTime() - stamp(files.at(-1)!);
  const seen = new Set<string>();
  const runs: Run[] = [];
  for (const f of files) {
    let links: string[] = [];
    try {
      links = (await parseFeed(decodeBody(fs.readFileSync(`${dir}/${f}`)).text, { baseUrl: 'https://tempo.co/' })).items.map((i) => i.url ?? i.title ?? '');
    } catch {
      // the recorded empty snapshot: that day's run brought nothing
    }
    const fresh = links.filter((l) => !seen.has(l));
    fresh.forEach((l) => seen.add(l));
    runs.push({ started_at: new Date(stamp(f) + shift), status: fresh.length ? 'success' : 'not_modified', items_new: fresh.length });
  }
  return runs;
}

/** Tempo's 650 real publication times, 24× faster, polled every 30 minutes; the series ends at LAST. */
function busyChannelRuns(): Run[] {
  const times = fs
    .readFileSync(fixture('tempo-cekfakta-feed/DERIVED_unique_items.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => Date.parse((JSON.parse(l) as { pubDate: string }).pubDate))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const first = times[0]!;
  const compressed = times.map((t) => (t - first) / 24);
  const start = LAST.getTime() - compressed.at(-1)!;
  const runs: Run[] = [];
  let j = 0;
  for (let t = start; t <= LAST.getTime(); t += HOUR / 2) {
    let n = 0;
    for (; j < compressed.length && start + compressed[j]! <= t; j++) n++;
    runs.push({ started_at: new Date(t), status: n ? 'success' : 'not_modified', items_new: n });
  }
  return runs;
}

async function insertRuns(sourceId: string, runs: Run[]): Promise<void> {
  for (let i = 0; i < runs.length; i += 500) {
    await tdb.db
      .insertInto('fetch_runs')
      .values(runs.slice(i, i + 500).map((r) => ({ source_id: sourceId, ...r, finished_at: r.started_at, problems: '[]' })))
      .execute();
  }
}

/** Polls that keep running after the series ends and find nothing new: the source answers, but is quiet. */
const quietPolls = (from: Date, to: Date, everyMs: number): Run[] =>
  Array.from({ length: Math.floor((to.getTime() - from.getTime()) / everyMs) }, (_, k) => ({
    started_at: new Date(from.getTime() + (k + 1) * everyMs),
    status: 'not_modified' as const,
    items_new: 0,
  }));

beforeAll(async () => {
  tdb = await createTestDb();
  server = await startReplayServer({
    root: fixture(),
    handle(req, res) {
      if (req.url !== '/wajib-masuk') return false;
      res.writeHead(401, { 'content-type': 'text/html' }).end('<form action="/login"><input type="password" name="p"></form>');
      return true;
    },
  });
});
afterAll(async () => {
  await server?.close();
  await tdb?.dispose();
});
beforeEach(async () => {
  await tdb.reset();
  await syncSources(tdb.db, 'uji', [
    { id: 'tempo-harian', kind: 'rss', name: 'Tempo CekFakta', schedule: '15 12 * * *', config: {}, enabled: true },
    { id: 'kanal-ramai', kind: 'telegram', name: 'Kanal ramai', schedule: '*/30 * * * *', config: {}, enabled: true },
    { id: 'tips', kind: 'tip', name: 'Laporan masuk', schedule: null, config: {}, enabled: true },
  ]);
});

const state = async (now: Date, id: string) => (await healthLedger(tdb.db, PIPELINE, now)).find((r) => r.id === id)!.health;

describe('source health', () => {
  it('does not call a daily feed silent overnight, but does after three days without anything new', async () => {
    const runs = await dailySnapshotRuns();
    expect(runs.length).toBe(334);
    await insertRuns('tempo-harian', [...runs, ...quietPolls(LAST, new Date(LAST.getTime() + 3 * 24 * HOUR), 24 * HOUR)]);
    const lastNew = runs
      .filter((r) => r.items_new)
      .at(-1)!
      .started_at.getTime();
    const night = await state(new Date(lastNew + 19 * HOUR), 'tempo-harian'); // about 07:15 WIB the next morning
    expect(night).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    expect(night.usualPerDay).toBeGreaterThan(1);
    expect(night.expectedSinceLast).toBeLessThan(1);
    const later = await state(new Date(LAST.getTime() + 3 * 24 * HOUR + HOUR), 'tempo-harian');
    expect(later.state).toBe('silent');
    expect(later.silentHours).toBeCloseTo((LAST.getTime() + 73 * HOUR - lastNew) / HOUR, 5);
    expect(later.reason).toMatch(/^tidak ada butir baru selama \d hari, padahal biasanya ada ±\d+ dalam rentang itu$/);
  });

  it('calls a busy channel silent after six quiet hours, at any hour', async () => {
    const runs = busyChannelRuns();
    await insertRuns('kanal-ramai', [...runs, ...quietPolls(LAST, new Date(LAST.getTime() + 6 * HOUR), HOUR / 2)]);
    const lastNew = runs
      .filter((r) => r.items_new)
      .at(-1)!
      .started_at.getTime();
    const soon = await state(new Date(lastNew + HOUR / 2), 'kanal-ramai');
    expect(soon.state).toBe('ok');
    expect(soon.usualPerDay).toBeGreaterThan(20);
    const quiet = await state(new Date(LAST.getTime() + 6 * HOUR), 'kanal-ramai');
    expect(quiet.state).toBe('silent');
    expect(quiet.itemsLast24h).toBeGreaterThan(0);
    // Tips have no rate to keep.
    expect((await state(new Date(), 'tips')).state).toBe('manual');
  });

  it('classifies real failures and calls a source failing after three in a row, worst first', async () => {
    const deps = { db: tdb.db, http: new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, retries: 0 }), log: silentLogger };
    await syncSources(tdb.db, 'uji', [
      {
        id: 'tempo-harian',
        kind: 'rss',
        name: 'Tempo CekFakta',
        schedule: '15 12 * * *',
        config: { url: `${server.url}/tempo-cekfakta-feed/snapshots-cekfakta/free-cekfakta_20250627T0516.xml` },
        enabled: true,
      },
      { id: 'pindah', kind: 'rss', name: 'Umpan pindah', schedule: '*/20 * * * *', config: { url: `${server.url}/tidak/ada.xml` }, enabled: true },
      { id: 'login', kind: 'rss', name: 'Jembatan wajib masuk', schedule: '*/20 * * * *', config: { url: `${server.url}/wajib-masuk` }, enabled: true },
      {
        id: 'rusak',
        kind: 'rss',
        name: 'Umpan rusak',
        schedule: '*/20 * * * *',
        config: { url: `${server.url}/feedparser-corpus/illformed-2010/rss/aaa_illformed.xml` },
        enabled: true,
      },
    ]);
    const sources = await tdb.db.selectFrom('sources').selectAll().execute();
    const src = (id: string) => sources.find((s) => s.id === id)!;
    await runSource(deps, src('tempo-harian'));
    for (let k = 0; k < 3; k++) await runSource(deps, src('pindah'));
    await runSource(deps, src('login'));
    await runSource(deps, src('rusak'));
    const rows = await healthLedger(tdb.db, PIPELINE, new Date(Date.now() + 1000));
    const by = Object.fromEntries(rows.map((r) => [r.id, r.health]));
    expect(by.pindah).toMatchObject({ state: 'failing', consecutiveFailures: 3, lastError: { code: 'HTTP_4XX', class: 'moved' } });
    expect(by.pindah!.reason).toBe('3 kali berturut-turut gagal: umpan pindah atau hilang');
    expect(by.login).toMatchObject({ state: 'degraded', lastError: { class: 'login_wall' } });
    expect(by.rusak).toMatchObject({ state: 'degraded', lastError: { class: 'parse' } });
    expect(by['tempo-harian']).toMatchObject({ state: 'new', itemsLast24h: 9, lastError: null });
    expect(rows[0]!.id).toBe('pindah');
    expect(rows.at(-1)!.id).toBe('tips');
  });
});
