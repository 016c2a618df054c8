import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModels } from '../../src/classify/models.ts';
import { runClassify, type ClassifyDeps } from '../../src/classify/stage.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { runImages, type ImagesDeps } from '../../src/images/stage.ts';
import { ImageStore } from '../../src/images/store.ts';
import { recordRun, type IngestDeps } from '../../src/ingest/stage.ts';
import { submitTip, TipImageRefused } from '../../src/ingest/tips.ts';
import { silentLogger } from '../../src/log.ts';
import { openCase, setVerdict } from '../../src/review/cases.service.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { LOCAL_TIP, PASSWORD, seedTeam, type Team } from '../helpers/desk.ts';
import { queue } from '../../src/db/queue.repo.ts';
import { modelVersion } from '../../src/classify/models.ts';
import { LOCAL_HTTP, PROJECT_DIR } from '../helpers/paths.ts';

// Images end to end on a real database and a real HTTP server on 127.0.0.1: fetched through the
// polite client with its size cap, refused when they are not safe images, read by the real
// Tesseract, clustered with their copies, linked to decided cases, classified with their text,
// and shown by the desk without their EXIF.
const FIX = path.join(PROJECT_DIR, 'test/fixtures/images');
const img = (f: string) => fs.readFileSync(path.join(FIX, f));

let tdb: TestDb;
let server: http.Server;
let base: string;
let team: Team;
let store: ImageStore;
let ingest: IngestDeps;
let images: ImagesDeps;
let classifier: ClassifyDeps;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    if (name === 'huge.jpg') {
      // larger than the cap, announced honestly: refused before the body is read
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(12 * 1024 * 1024) });
      res.end(Buffer.alloc(12 * 1024 * 1024));
      return;
    }
    if (name === 'svg-as-png.png') {
      res.writeHead(200, { 'content-type': 'image/png' }); // the bytes are what counts, not the header
      res.end(img('drawing.svg'));
      return;
    }
    const file = path.join(FIX, path.basename(name));
    if (!name || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tdb = await createTestDb();
  store = new ImageStore(fs.mkdtempSync(path.join(os.tmpdir(), 'saring-images-')));
  const client = new HttpClient({ ...LOCAL_HTTP, retries: 0, perHostIntervalMs: 0 });
  ingest = { db: tdb.db, http: client, log: silentLogger, imageStore: store };
  images = { db: tdb.db, http: client, log: silentLogger, store };
  classifier = { db: tdb.db, log: silentLogger, ctx: { ...loadModels(), lexicon: { units: [] }, places: [] } };
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await tdb?.dispose();
});
beforeEach(async () => {
  await tdb.reset();
  await syncSources(tdb.db, 'uji', [
    { id: 'feed', kind: 'rss', name: 'Umpan uji', schedule: null, enabled: true, config: { url: `${base}/feed.xml` } },
    { id: 'tips', kind: 'tip', name: 'Laporan masuk', schedule: null, enabled: true, config: {} },
  ]);
  team = await seedTeam(tdb.db);
});

/** Stores posts of the "feed" source carrying these image URLs (as the rss parser keeps them). */
async function feedPosts(posts: Array<{ text: string; images: string[] }>): Promise<number[]> {
  const run = await recordRun(ingest, 'feed', async () => ({
    items: posts.map((p, k) => ({ externalId: `post-${k}-${p.images.join()}`, text: p.text, raw: { images: p.images } })),
    rejected: [],
  }));
  return run.storedIds;
}

const itemImages = (itemId: number) =>
  sql<{
    position: number;
    status: string;
    error: string | null;
    sha256: string | null;
    ocr_status: string | null;
    ocr_text: string | null;
    cluster_id: string | null;
  }>`select ii.position, ii.status, ii.error, ii.sha256, im.ocr_status, im.ocr_text, im.cluster_id
     from item_images ii left join images im on im.sha256 = ii.sha256 where ii.item_id = ${itemId} order by ii.position`
    .execute(tdb.db)
    .then((r) => r.rows);

describe('images stage', () => {
  it('fetches image URLs through the polite client, reads them by OCR and refuses what is not a safe image', async () => {
    const [id] = await feedPosts([
      {
        text: 'lihat gambar ini',
        images: [`${base}/hoax-chat.png`, `${base}/svg-as-png.png`, `${base}/bomb.png`, `${base}/huge.jpg`, `${base}/hilang.jpg`],
      },
    ]);
    const run = await recordRun(ingest, 'feed', async () => ({ items: [], rejected: [] }));
    expect(run.imageIds).toEqual([]);
    const summary = await runImages(images, { itemIds: [id!] });
    expect(summary).toMatchObject({ fetched: 1, failed: 3, processed: 1 });
    const rows = await itemImages(id!);
    // the feed listed five; an entry keeps at most four (registerImageUrls)
    expect(rows.map((r) => r.status)).toEqual(['stored', 'failed', 'failed', 'failed']);
    expect(rows[0]!.ocr_status).toBe('success');
    expect(rows[0]!.ocr_text).toContain('Polres Belitung Timur');
    expect(rows[1]!.error).toMatch(/svg-as-png\.png: gambar SVG tidak diterima/);
    // 68 bytes declaring 50,000 × 50,000 pixels: refused from its header, never decoded
    expect(rows[2]!.error).toMatch(/bomb\.png: gambar 50000 × 50000 piksel .*bom dekompresi/);
    expect(rows[2]!.sha256).toBeNull();
    expect(rows[3]!.error).toMatch(/^gambar tidak dapat diambil: .*huge\.jpg: .*melebihi batas/);
  });

  it('classifies the text of an item’s images with it, after dropping the classification made without it', async () => {
    const [id] = await feedPosts([{ text: 'Kiriman dari grup warga', images: [`${base}/hoax-chat.png`] }]);
    await runClassify(classifier, { ids: [id!] });
    const before = await sql<{ n: number }>`select jsonb_array_length(police_mentions)::int as n from classifications where item_id = ${id}`.execute(tdb.db);
    expect(before.rows[0]!.n).toBe(0);
    const summary = await runImages(images, { itemIds: [id!] });
    expect(summary.reclassify).toEqual([id]);
    await runClassify(classifier, { ids: summary.reclassify });
    const after = await sql<{
      mentions: Array<{ text: string }>;
      hoax_score: number;
    }>`select police_mentions as mentions, hoax_score from classifications where item_id = ${id}`.execute(tdb.db);
    expect(after.rows[0]!.mentions.map((m) => m.text).join(' ')).toMatch(/Polres Belitung Timur|Kapolres/);
  });

  it('links a captioned, cropped, re-compressed copy to its cluster and to the decided hoax case (HLBK for images)', async () => {
    const [original] = await feedPosts([{ text: 'pesan berantai', images: [`${base}/hoax-chat.png`] }]);
    await runImages(images, { itemIds: [original!] });
    const { case: k } = await openCase(tdb.db, team.analis, original!);
    await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks', 'Polres tidak mengadakan razia itu');

    const [copy, other] = await feedPosts([
      { text: 'beredar lagi', images: [`${base}/hoax-chat-copy.jpg`] },
      { text: 'pengumuman RT', images: [`${base}/other-chat.png`] },
    ]);
    const summary = await runImages(images, { itemIds: [copy!, other!] });
    expect(summary.linked).toBe(1);
    const [orig] = await itemImages(original!);
    const [c] = await itemImages(copy!);
    const [o] = await itemImages(other!);
    expect(c!.sha256).not.toBe(orig!.sha256);
    expect(c!.cluster_id).toBe(orig!.sha256);
    expect(o!.cluster_id).toBe(o!.sha256);
    const links = await sql<{ item_id: number; case_id: number; link: string }>`select item_id, case_id, link from case_items order by item_id`.execute(tdb.db);
    expect(links.rows.map((r) => ({ ...r, item_id: Number(r.item_id), case_id: Number(r.case_id) }))).toEqual([
      { item_id: original, case_id: k.id, link: 'manual' },
      { item_id: copy, case_id: k.id, link: 'hlbk' },
    ]);
    const audit = await sql<{ action: string }>`select action from audit_log where action = 'case.hlbk_linked'`.execute(tdb.db);
    expect(audit.rows).toHaveLength(1);
  });

  it('is idempotent: a second pass fetches and reads nothing', async () => {
    const [id] = await feedPosts([{ text: 'x', images: [`${base}/other-chat.png`] }]);
    await runImages(images, { itemIds: [id!] });
    await expect(runImages(images)).resolves.toMatchObject({ fetched: 0, failed: 0, processed: 0, reclassify: [] });
  });
});

describe('tips with images', () => {
  it('stores an image-only tip, refuses a decompression bomb and an SVG with the tip, in Indonesian', async () => {
    const ok = await submitTip(ingest, { reporter: 'Pak RT' }, { images: [{ name: 'foto.jpg', bytes: img('photo-exif.jpg') }] });
    expect(ok.new).toBe(1);
    expect(ok.imageIds).toEqual(ok.storedIds);
    await expect(submitTip(ingest, { text: 'lihat ini' }, { images: [{ name: 'bom.png', bytes: img('bomb.png') }] })).rejects.toThrow(TipImageRefused);
    const err = await submitTip(ingest, { text: 'lihat ini' }, { images: [{ name: 'gambar.svg', bytes: img('drawing.svg') }] }).catch(
      (e: TipImageRefused) => e,
    );
    expect((err as TipImageRefused).detail).toBe('gambar.svg: gambar SVG tidak diterima (dapat berisi skrip); kirim JPEG, PNG, WebP atau GIF.');
    const count = await sql<{ n: number }>`select count(*)::int as n from items`.execute(tdb.db);
    expect(count.rows[0]!.n).toBe(1);
  });

  it('two image-only tips with different images are two items, not duplicates', async () => {
    const a = await submitTip(ingest, {}, { images: [{ name: 'a.png', bytes: img('hoax-chat.png') }] });
    const b = await submitTip(ingest, {}, { images: [{ name: 'b.png', bytes: img('other-chat.png') }] });
    expect(a.new + b.new).toBe(2);
    const again = await submitTip(ingest, {}, { images: [{ name: 'a.png', bytes: img('hoax-chat.png') }] });
    expect(again.duplicate).toBe(1);
  });
});

describe('the queue filter', () => {
  it('keeps only the flagged items that carry images', async () => {
    const withImage = await submitTip(
      ingest,
      { text: 'Kiriman warga di grup RT, benarkah?' },
      { images: [{ name: 'layar.png', bytes: img('hoax-chat.png') }] },
    );
    const textOnly = await submitTip(ingest, { text: LOCAL_TIP });
    const im = await runImages(images);
    await runClassify(classifier, { ids: [...im.reclassify, ...textOnly.storedIds] });
    const version = modelVersion(classifier.ctx);
    const flagged = await sql<{ item_id: number }>`select item_id from classifications where flagged and model_version = ${version} order by item_id`.execute(
      tdb.db,
    );
    // both are flagged (the screenshot by the text OCR read in it), so the filter is what tells them apart
    expect(flagged.rows.map((r) => Number(r.item_id))).toEqual([withImage.storedIds[0], textOnly.storedIds[0]]);
    const base = { modelVersion: version, status: 'semua' as const, sort: 'prioritas' as const, page: 1, pageSize: 50 };
    expect((await queue(tdb.db, { ...base, images: true }).list()).map((r) => r.id)).toEqual([withImage.storedIds[0]]);
    expect(await queue(tdb.db, { ...base, images: true }).count()).toBe(1);
    expect(await queue(tdb.db, base).count()).toBe(2);
  });
});

describe('the desk shows images', () => {
  async function login(app: ReturnType<typeof createApp>, username: string): Promise<{ cookie: string; csrf: string }> {
    const res = await app.request('http://desk.test/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://desk.test' },
      body: new URLSearchParams({ username, password: PASSWORD }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await app.request('http://desk.test/tips/new', { headers: { cookie } })).text();
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
  }

  it('takes an upload from the tip form, serves it only once processed, without EXIF and with safe headers, beside its OCR text', async () => {
    const rt = { ...(await deskRuntime(tdb)), ingest: { ...ingest } };
    const app = createApp(rt);
    const s = await login(app, 'rina');
    const fd = new FormData();
    fd.set('_csrf', s.csrf);
    fd.set('text', 'Foto kiriman warga');
    fd.append('images', new File([img('photo-exif.jpg')], 'kiriman.jpg', { type: 'image/jpeg' }));
    fd.append('images', new File([img('hoax-chat.png')], 'layar.png', { type: 'image/png' }));
    const res = await app.request('http://desk.test/tips', { method: 'POST', headers: { cookie: s.cookie, origin: 'http://desk.test' }, body: fd });
    expect(res.status).toBe(303);
    const itemId = Number(/\/items\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const rows = await itemImages(itemId);
    expect(rows.map((r) => r.status)).toEqual(['stored', 'stored']);
    const photoSha = rows[0]!.sha256!;

    // not processed yet: the web process never decodes it; the page says it is waiting
    const early = await app.request(`http://desk.test/images/${photoSha}`, { headers: { cookie: s.cookie } });
    expect(early.status).toBe(404);
    expect(await (await app.request(`http://desk.test/items/${itemId}`, { headers: { cookie: s.cookie } })).text()).toContain('Gambar sedang diproses');

    await runImages(images); // the sweep the worker runs
    const res2 = await app.request(`http://desk.test/images/${photoSha}`, { headers: { cookie: s.cookie } });
    expect(res2.status).toBe(200);
    expect(res2.headers.get('content-type')).toBe('image/jpeg');
    expect(res2.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res2.headers.get('x-content-type-options')).toBe('nosniff');
    const served = Buffer.from(await res2.arrayBuffer());
    expect((await sharp(served).metadata()).exif).toBeUndefined();
    expect(served.toString('latin1')).not.toContain('Budi Pelapor');
    // signed out: nothing
    expect((await app.request(`http://desk.test/images/${photoSha}`)).status).not.toBe(200);

    const page = await (await app.request(`http://desk.test/items/${itemId}`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain(`<img src="/images/${photoSha}"`);
    expect(page).toContain('Teks dalam gambar (OCR)');
    expect(page).toMatch(/Polres Belitung Timur/);

    // a later copy of the screenshot lists this item among its copies, first seen first
    const [copy] = await feedPosts([{ text: 'beredar lagi', images: [`${base}/hoax-chat-copy.jpg`] }]);
    await runImages(images, { itemIds: [copy!] });
    const copyPage = await (await app.request(`http://desk.test/items/${copy}`, { headers: { cookie: s.cookie } })).text();
    expect(copyPage).toContain(`<a href="/items/${itemId}">#${itemId}</a> Laporan masuk`);
    expect(copyPage).toContain('versi lain (dipotong/dikompres/diberi teks)');
  });

  it('stamps a decided hoax case’s image "HOAKS" for sharing, and only for a decided hoax', async () => {
    const app = createApp({ ...(await deskRuntime(tdb)), ingest: { ...ingest } });
    const s = await login(app, 'rina');
    const [id] = await feedPosts([{ text: 'pesan berantai', images: [`${base}/photo-exif.jpg`] }]);
    await runImages(images, { itemIds: [id!] });
    const { case: k } = await openCase(tdb.db, team.analis, id!);
    const url = `http://desk.test/images/case/${k.id}/hoaks.jpg`;
    expect((await app.request(url, { headers: { cookie: s.cookie } })).status).toBe(404); // not decided yet
    await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks');
    const res = await app.request(url, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="kasus-${k.id}-hoaks.jpg"`);
    const stamped = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(stamped).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 160, height: 120 });
    expect(meta.exif).toBeUndefined();
    // the centre of the picture (sky blue in the original) is now the stamp's red or its white band
    const { data } = await sharp(stamped).extract({ left: 78, top: 58, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
    const { data: before } = await sharp(img('photo-exif.jpg')).extract({ left: 78, top: 58, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs(data[0]! - before[0]!)).toBeGreaterThan(60);
  });

  it('refuses an SVG upload from the form with an Indonesian message and stores nothing', async () => {
    const app = createApp({ ...(await deskRuntime(tdb)), ingest: { ...ingest } });
    const s = await login(app, 'rina');
    const fd = new FormData();
    fd.set('_csrf', s.csrf);
    fd.set('text', 'lihat');
    fd.append('images', new File([img('drawing.svg')], 'poster.png', { type: 'image/png' }));
    const res = await app.request('http://desk.test/tips', {
      method: 'POST',
      headers: { cookie: s.cookie, origin: 'http://desk.test', accept: 'application/json' },
      body: fd,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe(
      'Gambar ditolak, laporan tidak disimpan: poster.png: gambar SVG tidak diterima (dapat berisi skrip); kirim JPEG, PNG, WebP atau GIF.',
    );
    expect((await sql<{ n: number }>`select count(*)::int as n from items`.execute(tdb.db)).rows[0]!.n).toBe(0);
  });
});
