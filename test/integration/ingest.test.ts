import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repostCount, searchItems } from '../../src/db/items.repo.ts';
import { getSource, syncSources, type SourceDeclaration } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun, runSource, type IngestDeps } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { tipToItem } from '../../src/sources/tip.ts';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';

let tdb: TestDb;
let server: ReplayServer;
// A feed listing 100,000 entries (about 9 MB): a misconfigured bridge or a hostile site.
const hugeFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Banjir</title>${Array.from(
  { length: 100_000 },
  (_, i) =>
    `<item><title>Kabar ${i}</title><link>https://contoh.id/berita/${i}</link><description>Warga Manggar melaporkan kabar nomor ${i}</description></item>`,
).join('')}</channel></rss>`;
let deps: IngestDeps;
const snapshot = { current: 'free-cekfakta_20250627T0516.xml' };

beforeAll(async () => {
  tdb = await createTestDb();
  server = await startReplayServer({
    root: fixture(),
    routes: { '/s/durov': 'telegram-preview-html/d954mas/single-post-embed.html' },
    handle(req, res) {
      if (req.url === '/huge-feed') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(hugeFeed);
        return true;
      }
      // One feed URL whose content the test moves forward, as a live feed would change.
      if (req.url !== '/live/cekfakta') return false;
      req.url = `/tempo-cekfakta-feed/snapshots-cekfakta/${snapshot.current}`;
      return false;
    },
  });
  deps = { db: tdb.db, http: new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, retries: 0, timeoutMs: 5_000 }), log: silentLogger };
});
afterAll(async () => {
  await server?.close();
  await tdb?.dispose();
});
beforeEach(() => tdb.reset());

async function source(decl: Partial<SourceDeclaration> & Pick<SourceDeclaration, 'id' | 'kind' | 'config'>) {
  await syncSources(tdb.db, 'uji', [{ name: decl.id, schedule: '*/5 * * * *', enabled: true, ...decl }]);
  return (await getSource(tdb.db, decl.id))!;
}
const count = async (where: { source?: string; duplicates?: boolean } = {}) => {
  let q = tdb.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.source) q = q.where('source_id', '=', where.source);
  if (where.duplicates) q = q.where('duplicate_of', 'is not', null);
  return (await q.executeTakeFirstOrThrow()).n;
};

describe('runSource (rss)', () => {
  it('stores a real feed, then adds nothing on an unchanged re-run (304), then only the new items', async () => {
    snapshot.current = 'free-cekfakta_20250627T0516.xml';
    const s = await source({ id: 'tempo', kind: 'rss', config: { url: `${server.url}/live/cekfakta` } });
    const first = await runSource(deps, s);
    expect(first).toMatchObject({ status: 'success', fetched: 9, new: 9, duplicate: 0, rejected: 0 });

    const again = await runSource(deps, s);
    expect(again).toMatchObject({ status: 'not_modified', fetched: 0, new: 0 });

    // A day later the feed's bytes changed but it lists the same fact-checks: fetched, nothing added.
    snapshot.current = 'free-cekfakta_20250628T0515.xml';
    expect(await runSource(deps, s)).toMatchObject({ status: 'success', fetched: 9, new: 0, duplicate: 0 });

    // Then Tempo published new fact-checks.
    snapshot.current = 'free-cekfakta_20250701T0519.xml';
    const next = await runSource(deps, s);
    expect(next.status).toBe('success');
    expect(next.new).toBeGreaterThan(0);
    expect(next.new).toBeLessThan(9);
    expect(await count({ source: 'tempo' })).toBe(9 + next.new);

    const titles = await tdb.db.selectFrom('items').select('title').where('source_id', '=', 'tempo').execute();
    expect(titles.map((t) => t.title)).toContain('Keliru: Video Kondisi Tel Aviv dan Haifa Sebelum dan Sesudah Serangan Iran');
  });

  it('records a broken feed as a failed run with the reason, and keeps what was stored', async () => {
    snapshot.current = 'free-cekfakta_20250627T0516.xml';
    const good = await source({ id: 'tempo', kind: 'rss', config: { url: `${server.url}/live/cekfakta` } });
    await runSource(deps, good);
    const cases: Array<[string, string, RegExp]> = [
      ['/tempo-cekfakta-feed/snapshots-cekfakta/free-cekfakta_20250626T1131.xml', 'FEED_EMPTY', /isi feed kosong/],
      ['/node-feedparser-feeds/test/feeds/notafeed.html', 'NOT_A_FEED', /bukan feed: yang diterima halaman HTML/],
      // A moved-document page without any feed element (ill-formed XML that is still a feed is recovered now).
      ['/rss-parser-corpus/test/input/unrecognized.rss', 'FEED_INVALID', /bukan XML\/RSS\/Atom yang sah/],
      ['/no/such/feed.xml', 'HTTP_4XX', /HTTP 404/],
    ];
    for (const [p, code, message] of cases) {
      const s = await source({ id: 'rusak', kind: 'rss', config: { url: `${server.url}${p}` } });
      const run = await runSource(deps, s);
      expect(run, p).toMatchObject({ status: 'failure', errorCode: code });
      expect(run.error).toMatch(message);
      const row = await tdb.db.selectFrom('fetch_runs').selectAll().where('id', '=', run.runId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'failure', error_code: code });
      expect(row.finished_at).not.toBeNull();
    }
    expect(await count({ source: 'tempo' })).toBe(9);
  });

  it('refuses a 100,000-entry feed by its size cap, and keeps only maxItemsPerRun of it when the cap allows the body', async () => {
    const s = await source({ id: 'banjir', kind: 'rss', config: { url: `${server.url}/huge-feed` } });
    const capped = await runSource(deps, s);
    expect(capped).toMatchObject({ status: 'failure', errorCode: 'TOO_LARGE', error: expect.stringMatching(/huge-feed: isi melebihi batas 5242880 bita/) });
    const roomy = {
      ...deps,
      http: new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, retries: 0, maxBytes: 32 * 1024 * 1024 }),
      limits: { maxItemsPerRun: 500 },
    };
    const cut = await runSource(roomy, s);
    expect(cut).toMatchObject({ status: 'partial', fetched: 100_000, new: 500, rejected: 1 });
    expect(cut.problems).toEqual([{ ref: 'run', reason: 'source delivered 100000 entries; kept the first 500' }]);
    expect(await count({ source: 'banjir' })).toBe(500);
    // The process is still healthy: the next source runs as usual.
    snapshot.current = 'free-cekfakta_20250627T0516.xml';
    expect(await runSource(deps, await source({ id: 'tempo', kind: 'rss', config: { url: `${server.url}/live/cekfakta` } }))).toMatchObject({
      status: 'success',
      new: 9,
    });
  });

  it('refuses a source whose stored config is invalid, naming the field', async () => {
    const s = await source({ id: 'salah', kind: 'rss', config: { url: 'bukan url' } });
    expect(await runSource(deps, s)).toMatchObject({
      status: 'failure',
      errorCode: 'CONFIG_INVALID',
      error: expect.stringMatching(/source "salah": config\.url: /),
    });
  });
});

describe('dedup across sources', () => {
  it('links the same fact-check reaching us through a feed and an export, instead of dropping it', async () => {
    snapshot.current = 'free-cekfakta_20250627T0516.xml';
    const feed = await source({ id: 'tempo', kind: 'rss', config: { url: `${server.url}/live/cekfakta` } });
    await runSource(deps, feed);
    const exp = await source({ id: 'ekspor', kind: 'import', config: { path: fixture('tempo-cekfakta-feed/DERIVED_unique_items.jsonl') } });
    const run = await runSource(deps, exp);
    expect(run).toMatchObject({ status: 'success', fetched: 650 });
    // Every item of the first snapshot is also in the export with the same text: all linked to the feed's rows.
    expect(run.duplicate).toBeGreaterThanOrEqual(9);
    expect(run.new + run.duplicate).toBe(650);
    const linked = await tdb.db
      .selectFrom('items as d')
      .innerJoin('items as o', 'o.id', 'd.duplicate_of')
      .select(['d.source_id as dup_source', 'o.source_id as orig_source', 'd.duplicate_kind'])
      .where('d.source_id', '=', 'ekspor')
      .where('o.source_id', '=', 'tempo')
      .execute();
    expect(linked.length).toBeGreaterThanOrEqual(9);
    expect(linked.every((l) => l.duplicate_kind === 'exact')).toBe(true);

    // Re-importing the same export adds nothing.
    expect(await runSource(deps, exp)).toMatchObject({ new: 0, duplicate: 0, updated: 0 });
  });

  it('links an edited repost (tip) to the claim it repeats and counts reposts', async () => {
    const tbh = await source({
      id: 'tbh',
      kind: 'import',
      config: { path: fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv'), columns: { text: 'narasi', published_at: 'date' } },
    });
    await runSource(deps, tbh);
    const original = await tdb.db
      .selectFrom('items')
      .select(['id', 'text'])
      .where('url', '=', 'https://turnbackhoax.id/articles/35352-salah-gunung-lawu-bakal-erupsi-besar')
      .executeTakeFirstOrThrow();
    await source({ id: 'tips', kind: 'tip', config: {} });
    const reposted = `Assalamualaikum, info dari grup sebelah. ${original.text} Sebarkan!!`;
    for (let i = 0; i < 3; i++) {
      const run = await recordRun(deps, 'tips', async () => ({ items: [tipToItem({ text: reposted, reporter: `warga ${i}` })], rejected: [] }));
      expect(run).toMatchObject({ new: 0, duplicate: 1 });
    }
    const tips = await tdb.db.selectFrom('items').select(['duplicate_of', 'duplicate_kind']).where('source_id', '=', 'tips').execute();
    // The first repost is near the claim; later ones are exact copies of it, all linked to the claim itself.
    expect(tips).toEqual([
      { duplicate_of: original.id, duplicate_kind: 'near' },
      { duplicate_of: original.id, duplicate_kind: 'exact' },
      { duplicate_of: original.id, duplicate_kind: 'exact' },
    ]);
    expect(await repostCount(tdb.db, original.id)).toBeGreaterThanOrEqual(3);
  });

  it('updates an edited article in place instead of adding it again', async () => {
    snapshot.current = 'free-cekfakta_20250627T0516.xml';
    const s = await source({ id: 'tempo', kind: 'rss', config: { url: `${server.url}/live/cekfakta` } });
    await runSource(deps, s);
    await tdb.db.updateTable('items').set({ text: 'versi lama', content_hash: 'lama' }).where('source_id', '=', 'tempo').execute();
    await tdb.db.deleteFrom('http_validators').execute();
    expect(await runSource(deps, s)).toMatchObject({ new: 0, updated: 9, duplicate: 0 });
    expect(await count({ source: 'tempo' })).toBe(9);
  });
});

describe('runSource (telegram, tips) and search', () => {
  it('stores a Telegram post once and refreshes its view count', async () => {
    const s = await source({ id: 'tg', kind: 'telegram', config: { channel: 'durov', baseUrl: server.url, maxPages: 2 } });
    expect(await runSource(deps, s)).toMatchObject({ status: 'success', new: 1 });
    expect(await runSource(deps, s)).toMatchObject({ status: 'success', new: 0 });
    const row = await tdb.db.selectFrom('items').selectAll().where('source_id', '=', 'tg').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ external_id: 'durov/505', url: 'https://t.me/durov/505', views: 3_710_000 });
  });

  it('reports a Telegram channel that does not exist', async () => {
    await source({
      id: 'tg404',
      kind: 'telegram',
      config: { channel: 'zzqxnonexistent', baseUrl: `${server.url}/telegram-preview-html/d954mas/channel-not-found.html?` },
    });
    const run = await runSource(deps, (await getSource(tdb.db, 'tg404'))!);
    expect(run.status).toBe('failure');
  });

  it('finds items by Indonesian full-text search, stemmed', async () => {
    const s = await source({ id: 'ekspor', kind: 'import', config: { path: fixture('tempo-cekfakta-feed/DERIVED_unique_items.jsonl') } });
    await runSource(deps, s);
    const all = await searchItems(tdb.db, '').count();
    expect(all).toBe(650);
    const keliru = await searchItems(tdb.db, 'keliru').count();
    expect(keliru).toBeGreaterThan(400);
    const phrase = await searchItems(tdb.db, '"serangan iran"', { limit: 5 }).list();
    expect(phrase[0]!.text.toLowerCase() + (phrase[0]!.title ?? '').toLowerCase()).toContain('serangan iran');
    // "menipu" and "penipuan" share the stem "ipu"
    expect(await searchItems(tdb.db, 'menipu').count()).toBe(await searchItems(tdb.db, 'penipuan').count());
  });
});
