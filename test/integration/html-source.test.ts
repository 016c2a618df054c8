import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSource, syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { runSource, type IngestDeps } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';

// Three real mediaindonesia.com article pages at their real paths. The listing page is written
// here: no real listing of a feedless Indonesian site was recorded.
const ARTICLES = {
  '/ekonomi/851796/dari-petani-hingga-pendidik-bangsa-begini-pesan-kuat-di-wisuda-igi-school-of-economics-jakarta-2025':
    'fundus-mediaindonesia/MediaIndonesia_2026_01_20.html',
  '/ekonomi/848034/ihsg-hari-ini-sempat-tembus-9000-indeks-berbalik-melemah-akibat-profit-taking': 'fundus-mediaindonesia/MediaIndonesia_2026_01_08.html',
  '/ekonomi/822959/kpk-tak-temukan-surat-pencabutan-iup-nikel-raja-ampat-apa-iya-betul-dicabut': 'fundus-mediaindonesia/MediaIndonesia_2025_10_22.html',
};
const listing = (extra = '') => `<!doctype html><html><body><nav><a href="/">Beranda</a><a href="/ekonomi">Ekonomi</a></nav>
<ul>${Object.keys(ARTICLES)
  .map((p) => `<li><a href="${p}?utm_source=home">${p}</a></li>`)
  .join('')}
<li><a href="/ekonomi/900001/artikel-yang-sudah-dihapus">hilang</a></li>
<li><a href="/ekonomi/900002/rahasia">rahasia</a></li>${extra}</ul></body></html>`;

let tdb: TestDb;
let server: ReplayServer;
let deps: IngestDeps;
let page = listing();

beforeAll(async () => {
  tdb = await createTestDb();
  server = await startReplayServer({
    root: fixture(),
    routes: ARTICLES,
    handle(req, res) {
      if (req.url === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /ekonomi/900002/\n');
        return true;
      }
      if (req.url !== '/ekonomi') return false;
      const etag = `"${page.length}"`;
      if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(page);
      return true;
    },
  });
  deps = { db: tdb.db, http: new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, retries: 0 }), log: silentLogger };
  await syncSources(tdb.db, 'uji', [
    {
      id: 'mi',
      kind: 'html',
      name: 'Media Indonesia',
      schedule: null,
      enabled: true,
      config: { listUrl: `${server.url}/ekonomi`, linkPattern: '/ekonomi/\\d+/' },
    },
  ]);
});
afterAll(async () => {
  await server?.close();
  await tdb?.dispose();
});

describe('runSource (html)', () => {
  it('follows the listing to each article, extracts it, and records the links it could not use', async () => {
    const run = await runSource(deps, (await getSource(tdb.db, 'mi'))!);
    expect(run).toMatchObject({ status: 'partial', fetched: 3, new: 3, rejected: 2 });
    expect(run.problems).toEqual([
      { ref: `${server.url}/ekonomi/900001/artikel-yang-sudah-dihapus`, reason: expect.stringContaining('HTTP 404') },
      { ref: `${server.url}/ekonomi/900002/rahasia`, reason: expect.stringContaining('robots.txt') },
    ]);
    const items = await tdb.db.selectFrom('items').select(['title', 'author', 'published_at', 'text', 'url', 'raw']).orderBy('published_at', 'desc').execute();
    expect(items.map((i) => i.title)).toEqual([
      'Dari Petani hingga Pendidik Bangsa, Begini Pesan Kuat di Wisuda IGI School of Economics Jakarta 2025',
      'IHSG Hari Ini Sempat Tembus 9.000, Indeks Berbalik Melemah akibat Profit Taking',
      'KPK tak Temukan Surat Pencabutan IUP Nikel Raja Ampat Apa Iya Betul Dicabut',
    ]);
    expect(items[1]!.author).toBe('Indriyani Astuti');
    expect(items[1]!.published_at?.toISOString()).toBe('2026-01-08T13:19:38.000Z');
    expect(items.every((i) => !/baca juga/i.test(i.text))).toBe(true);
    expect(items[0]!.url).not.toContain('utm_source');
    expect(items[0]!.raw).toMatchObject({ canonical: expect.stringMatching(/^https:\/\/mediaindonesia\.com\/ekonomi\/851796\//) });
  });

  it('answers an unchanged listing with 304, and fetches only new links when it changes', async () => {
    expect(await runSource(deps, (await getSource(tdb.db, 'mi'))!)).toMatchObject({ status: 'not_modified', fetched: 0 });
    page = listing('<li><a href="/ekonomi/900003/baru">baru</a></li>');
    const run = await runSource(deps, (await getSource(tdb.db, 'mi'))!);
    // Stored articles are not fetched again, nor are the two links that failed an hour ago: only the new one.
    expect(run).toMatchObject({ fetched: 0, new: 0, rejected: 1 });
    expect(run.problems.map((p) => p.ref)).toEqual([`${server.url}/ekonomi/900003/baru`]);
  });
});
