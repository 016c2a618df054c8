import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfficialRegistry } from '../../src/classify/official-registry.ts';
import { loadModels, modelVersion } from '../../src/classify/models.ts';
import { runClassify, type ClassifyDeps } from '../../src/classify/stage.ts';
import { queue } from '../../src/db/queue.repo.ts';
import { registryEntries } from '../../src/db/registry.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { runSource } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import type { Pipeline } from '../../src/pipeline/define.ts';
import { sourceTrust } from '../../src/pipeline/define.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { seedRegistry } from '../../src/review/registry.service.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';

// The mentions source end to end on a real database, against a server on 127.0.0.1 that answers as a
// Mastodon instance (the tag timeline, from a real recorded answer: mastodon_tag.json of the shared
// fixtures, three public statuses, with two of them given this scenario's Indonesian words and account)
// and as an RSSHub instance (the RSS 2.0 its rss.tsx view renders, composed here with its fields: no
// RSSHub recording is available offline). The handles come from the registry.

const COMPLAINT =
  '<p>Laporan saya soal pencurian motor sudah sebulan tidak ditindaklanjuti <span class="h-card"><a href="https://x.com/polresbeltim" class="u-url mention">@<span>polresbeltim</span></a></span>. Polisi lamban, mengecewakan. Tolong diusut! <a href="https://mastodon.social/tags/polresbeltim" class="mention hashtag" rel="tag">#<span>polresbeltim</span></a></p>';
const BOOSTED =
  '<p>Jalan di depan SMPN 1 Manggar rusak parah, sudah dua motor jatuh minggu ini. <a href="https://mastodon.social/tags/polresbeltim" class="mention hashtag" rel="tag">#<span>polresbeltim</span></a></p>';

const rsshub = (items: Array<{ title: string; link: string; author: string; date: string }>) => `<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel>
<title><![CDATA[Twitter Keyword - polresbeltim]]></title><link>https://x.com/search?q=polresbeltim</link>
<atom:link href="http://localhost:1200/twitter/keyword/polresbeltim" rel="self" type="application/rss+xml"/>
<description><![CDATA[Twitter Keyword - polresbeltim - Powered by RSSHub]]></description>
<generator>RSSHub</generator><webMaster>contact@rsshub.app (RSSHub)</webMaster><language>en</language>
<lastBuildDate>Mon, 01 Dec 2025 03:00:00 GMT</lastBuildDate><ttl>5</ttl>
${items
  .map(
    (i) => `<item><title><![CDATA[${i.title}]]></title><description><![CDATA[${i.title}<br>]]></description><link>${i.link}</link>
<guid isPermaLink="false">${i.link}</guid><pubDate>${i.date}</pubDate><author><![CDATA[${i.author}]]></author></item>`,
  )
  .join('\n')}
</channel></rss>`;

let tdb: TestDb;
let server: http.Server;
let base: string;
let beltim: Pipeline;
const hits: string[] = [];

beforeAll(async () => {
  tdb = await createTestDb();
  beltim = await loadPipeline('beltim');
  const recorded = JSON.parse(fs.readFileSync(fixture('platform-payloads-ajt10', 'mastodon_tag.json'), 'utf8')) as Array<Record<string, unknown>>;
  const [first, second, third] = recorded.map((s) => structuredClone(s));
  // A resident's complaint tagging the Polres; a boost of another resident's report; one status as recorded.
  Object.assign(first!, { content: COMPLAINT, language: 'id', tags: [{ name: 'polresbeltim', url: 'https://mastodon.social/tags/polresbeltim' }] });
  Object.assign(first!.account as object, { username: 'warga_manggar', acct: 'warga_manggar', display_name: 'Warga Manggar' });
  const boosted = structuredClone(second!);
  Object.assign(boosted, { content: BOOSTED, language: 'id', reblog: null });
  Object.assign(boosted.account as object, { username: 'rina_gantung', acct: 'rina_gantung@mstdn.id' });
  Object.assign(second!, { content: '', reblog: boosted });
  const timeline = JSON.stringify([first, second, third]);

  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const send = (status: number, type: string, body: string) => res.writeHead(status, { 'content-type': type }).end(body);
    if (req.url === '/api/v1/timelines/tag/polresbeltim?limit=40') return send(200, 'application/json; charset=utf-8', timeline);
    if (req.url === '/api/v1/timelines/tag/humaspolresbeltim?limit=40') return send(200, 'application/json; charset=utf-8', '[]');
    if (req.url === '/twitter/keyword/polresbeltim')
      return send(
        200,
        'application/rss+xml; charset=utf-8',
        rsshub([
          {
            title: '@polresbeltim polisi kok malah minta uang damai waktu tilang, oknum polisi pungli tidak becus kerja, kecewa sama pelayanan polres',
            link: 'https://x.com/warga_gantung/status/1863000000000000001',
            author: 'Warga Gantung',
            date: 'Mon, 01 Dec 2025 02:10:00 GMT',
          },
          {
            title: 'Polres Belitung Timur menggelar patroli gabungan malam ini di Manggar. Hubungi 110 bila ada gangguan kamtibmas.',
            link: 'https://x.com/polresbeltim/status/1863000000000000002',
            author: 'Polres Belitung Timur',
            date: 'Mon, 01 Dec 2025 01:00:00 GMT',
          },
        ]),
      );
    // An Instagram route the RSSHub instance cannot serve right now.
    if (req.url === '/instagram/2/tags/humaspolresbeltim') return send(503, 'text/plain', 'Service Unavailable');
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await seedRegistry(tdb.db, 'beltim', [
    { kind: 'akun', platform: 'x', value: '@polresbeltim', unit: 'Polres Belitung Timur' },
    { kind: 'akun', platform: 'instagram', value: '@humaspolresbeltim', unit: 'Polres Belitung Timur' },
  ]);
  await syncSources(tdb.db, 'beltim', [
    {
      id: 'sebutan-polres',
      kind: 'mentions',
      name: 'Sebutan akun Polres',
      schedule: null,
      enabled: true,
      config: {
        feeds: [
          { type: 'mastodon', instance: base },
          { type: 'rsshub', base, route: '/twitter/keyword/{handle}', platform: 'x' },
          { type: 'rsshub', base, route: '/instagram/2/tags/{handle}', platform: 'instagram' },
        ],
      },
    },
  ]);
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await tdb?.dispose();
});

const source = () => tdb.db.selectFrom('sources').selectAll().where('id', '=', 'sebutan-polres').executeTakeFirstOrThrow();
const ingest = () => ({ db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger });

describe('mentions source', () => {
  it("polls the feeds built from the registry's handles, keeps what the public posts and leaves out the Polres's own posts", async () => {
    const r = await runSource(ingest(), await source());
    // One feed of four failed: it costs itself, the run is partial.
    expect(r).toMatchObject({ status: 'partial', fetched: 4, new: 4, rejected: 1 });
    expect(r.problems).toEqual([{ ref: `${base}/instagram/2/tags/humaspolresbeltim`, reason: expect.stringMatching(/503/) as unknown }]);
    // A tag per registered handle; each RSSHub route only for the handles of its platform (the 503 is retried by the client).
    // (Only this test's paths: another suite on the machine may probe a free port, e.g. for /healthz.)
    expect([...new Set(hits.filter((h) => /^\/(api|twitter|instagram)\//.test(h)))].sort()).toEqual([
      '/api/v1/timelines/tag/humaspolresbeltim?limit=40',
      '/api/v1/timelines/tag/polresbeltim?limit=40',
      '/instagram/2/tags/humaspolresbeltim',
      '/twitter/keyword/polresbeltim',
    ]);
    const items = await tdb.db.selectFrom('items').selectAll().where('source_id', '=', 'sebutan-polres').orderBy('published_at').execute();
    expect(items.map((i) => i.author).sort()).toEqual(['@rina_gantung@mstdn.id', '@techwire@gamefan.net', '@warga_gantung', '@warga_manggar']);
    expect(items.some((i) => i.url?.includes('/polresbeltim/status/'))).toBe(false);
    const complaint = items.find((i) => i.author === '@warga_manggar')!;
    expect(complaint.text).toBe(
      'Laporan saya soal pencurian motor sudah sebulan tidak ditindaklanjuti @polresbeltim. Polisi lamban, mengecewakan. Tolong diusut! #polresbeltim',
    );
    expect(complaint.raw).toMatchObject({ platform: 'mastodon', via: `${base} #polresbeltim`, mentions: ['polresbeltim'] });
    expect(complaint.language).toBe('id');
    // A boost is the boosted post, by its author.
    expect(items.find((i) => i.author === '@rina_gantung@mstdn.id')!.text).toMatch(/^Jalan di depan SMPN 1 Manggar rusak parah/);
    const tweet = items.find((i) => i.author === '@warga_gantung')!;
    expect(tweet).toMatchObject({ url: 'https://x.com/warga_gantung/status/1863000000000000001' });
    expect(tweet.raw).toMatchObject({ platform: 'x', author_name: 'Warga Gantung', mentions: ['polresbeltim'] });
    // The recorded status, unchanged: still a post of the tag's timeline, kept as it came.
    expect(items.find((i) => i.author === '@techwire@gamefan.net')!.text).toMatch(/^Google Photos won’t let you search/);

    const again = await runSource(ingest(), await source());
    expect(again).toMatchObject({ new: 0, updated: 0 });
  });

  it('lands as public reports (laporan masyarakat), and a complaint the triage calls criticism goes to pengaduan', async () => {
    expect(sourceTrust({ kind: 'mentions', factCheck: false })).toBe('tip');
    const deps: ClassifyDeps = {
      db: tdb.db,
      log: silentLogger,
      sourceTrust: new Map([['sebutan-polres', 'tip']]),
      ctx: {
        ...loadModels(),
        lexicon: { units: beltim.area.units },
        places: beltim.area.places,
        registry: new OfficialRegistry(await registryEntries(tdb.db, 'beltim'), beltim.area.units),
      },
    };
    await runClassify(deps);
    const rows = await tdb.db
      .selectFrom('items as i')
      .innerJoin('classifications as c', 'c.item_id', 'i.id')
      .select(['i.id', 'i.author', 'c.source_trust', 'c.police_flags'])
      .where('i.source_id', '=', 'sebutan-polres')
      .execute();
    expect(rows.every((r) => r.source_trust === 'tip')).toBe(true);
    const tweet = rows.find((r) => r.author === '@warga_gantung')!;
    const complaint = rows.find((r) => r.author === '@warga_manggar')!;
    expect(tweet.police_flags?.kritik_keluhan.flagged).toBe(true);
    expect(complaint.police_flags?.kritik_keluhan.flagged).toBe(true);
    const pengaduan = await queue(tdb.db, { modelVersion: modelVersion(deps.ctx), status: 'pengaduan', sort: 'prioritas', page: 1, pageSize: 50 }).list();
    expect(pengaduan.map((q) => q.id).sort()).toEqual([tweet.id, complaint.id].sort());
  });
});
