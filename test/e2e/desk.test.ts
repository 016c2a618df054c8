import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlerts } from '../../src/alerts/stage.ts';
import { runClassify } from '../../src/classify/stage.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { tipToItem } from '../../src/sources/tip.ts';
import { pipelineSchema } from '../../src/pipeline/define.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { launchChromium, screenshot, signIn as signInAt } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { deskRuntime, startDesk } from '../helpers/desk-server.ts';
import { PASSWORD, seedItems, seedTeam } from '../helpers/desk.ts';
import { LOCAL_HTTP } from '../helpers/paths.ts';

// The whole desk in Debian's Chromium: analyst → humas → pimpinan, on a real server and a real database.
let tdb: TestDb;
let desk: Awaited<ReturnType<typeof startDesk>>;
let browser: Browser;
let xssItemId: number;
const shot = (page: Page, name: string) => screenshot(page, `desk-${testDbKind()}-${name}`);

const PAYLOAD = 'Kapolres Beltim mengumumkan <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> razia besar, sebarkan!!!';

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  await seedTeam(tdb.db);
  const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger };
  await recordRun(ingest, 'tips', async () => ({ items: [tipToItem({ text: PAYLOAD })], rejected: [] }));
  await runClassify((await deskRuntime(tdb)).classifier());
  xssItemId = (await tdb.db.selectFrom('items').select('id').where('text', 'like', '%window.__xss%').executeTakeFirstOrThrow()).id;
  desk = await startDesk(tdb);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await tdb?.dispose();
});

// Not signed in, /queue sends to the login form (signInAt checks), and back to the queue after it.
const signIn = (username: string): Promise<Page> => signInAt(browser, desk.url, username, PASSWORD, { from: '/queue', landsOn: '/queue' });

const flash = (page: Page) => page.locator('p.flash').innerText();

describe('review desk in Chromium', () => {
  let caseUrl = '';
  let clarificationUrl = '';

  it('lets an analyst triage the flagged local tip to "hoaks"', async () => {
    const page = await signIn('rina');
    await shot(page, 'queue');
    await page.selectOption('select[name="source"]', 'tips');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/source=tips/);
    const link = page.locator('a.item-link', { hasText: 'penculikan anak di Manggar' });
    await expect(link.count()).resolves.toBe(1);
    await link.click();
    await expect(page.locator('.item-text mark').first().innerText()).resolves.toBe('Kapolres Beltim');
    await expect(page.locator('h2', { hasText: 'Duplikat dan unggahan ulang (2)' }).count()).resolves.toBe(1);
    await shot(page, 'item');
    await page.click('text=Tinjau: buka kasus');
    await page.waitForURL(/\/cases\/\d+$/);
    caseUrl = page.url();
    await page.check('input[name="verdict"][value="hoaks"]');
    await page.fill('form[action$="/verdict"] textarea[name="comment"]', 'Polsek Manggar: tidak ada laporan penculikan.');
    await page.click('form[action$="/verdict"] button[type="submit"]');
    await expect(flash(page)).resolves.toContain('Putusan kasus');
    await expect(page.locator('.case-state .verdict').innerText()).resolves.toBe('Hoaks');
    await expect(page.locator('ol.history li').first().innerText()).resolves.toContain('Polsek Manggar: tidak ada laporan penculikan.');
    await shot(page, 'case');
    await page.context().close();
  });

  it('tells the second of two analysts editing one case that it changed, and keeps the first change', async () => {
    const a = await signIn('rina');
    const b = await signIn('dodi');
    await a.goto(caseUrl);
    await b.goto(caseUrl);
    await a.selectOption('select[name="priority"]', 'tinggi');
    await a.click('form[action$="/update"] button[type="submit"]');
    await expect(flash(a)).resolves.toContain('disimpan');
    await b.check('input[name="verdict"][value="bukan_hoaks"]');
    await b.click('form[action$="/verdict"] button[type="submit"]');
    await expect(flash(b)).resolves.toMatch(/sudah diubah oleh Bripka Rina Analis/);
    await expect(b.locator('.case-state .verdict').innerText()).resolves.toBe('Hoaks');
    await expect(b.locator('.case-state .pri').innerText()).resolves.toBe('Tinggi');
    await a.context().close();
    await b.context().close();
  });

  it('lets humas draft and submit a clarification, with its length per channel', async () => {
    const page = await signIn('sari');
    await page.goto(caseUrl);
    await expect(page.locator('form[action$="/verdict"]').count()).resolves.toBe(0); // no verdict form for humas
    await page.selectOption('select[name="template"]', 'hoaks');
    await page.fill('textarea[name="fakta"]', 'Tidak ada penculikan anak di Manggar. Polsek Manggar sudah mengecek ke sekolah dan warga.');
    await page.fill('input[name="sumber"]', 'Kapolsek Manggar');
    await page.click('form[action$="/clarifications"] button[type="submit"]');
    await page.waitForURL(/\/clarifications\/\d+$/);
    clarificationUrl = page.url();
    const body = await page.locator('textarea[name="body"]').inputValue();
    expect(body.startsWith('[HOAKS] ')).toBe(true);
    expect(body).toContain('Faktanya: Tidak ada penculikan anak di Manggar.');
    expect(body).toContain('#PolresBeltim');
    await expect(page.locator('tr[data-channel="x"] [data-length]').innerText()).resolves.toMatch(/^\d+$/);
    await shot(page, 'clarification-draft');
    await page.click('form[action$="/submit"] button[type="submit"]');
    await expect(page.locator('h1 .status').innerText()).resolves.toBe('Menunggu persetujuan');
    await page.context().close();
  });

  it('lets pimpinan approve it, after which humas records where it was published', async () => {
    const boss = await signIn('kasi');
    await boss.goto(`${desk.url}/clarifications?status=submitted`);
    await boss.click(`a[href="${new URL(clarificationUrl).pathname}"]`);
    await boss.click('button[name="decision"][value="approve"]');
    await expect(boss.locator('h1 .status').innerText()).resolves.toBe('Disetujui');
    await boss.goto(caseUrl);
    await expect(boss.locator('form[action$="/verdict"]').count()).resolves.toBe(0); // read-only for pimpinan
    await boss.context().close();

    const humas = await signIn('sari');
    await humas.goto(clarificationUrl);
    await humas.selectOption('select[name="channel"]', 'x');
    await humas.fill('input[name="url"]', 'https://x.com/polresbeltim/status/1990000000000000000');
    await humas.click('form[action$="/publish"] button[type="submit"]');
    await expect(humas.locator('h1 .status').innerText()).resolves.toBe('Terbit');
    const out = humas.locator('a[href^="https://x.com/polresbeltim"]');
    await expect(out.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await shot(humas, 'clarification-published');
    await humas.context().close();
  });

  it('shows the whole story in the audit log', async () => {
    const page = await signIn('kasi');
    await page.goto(`${desk.url}/audit`);
    const text = await page.locator('table.audit').innerText();
    for (const line of [
      'Bripka Rina Analis\tmembuka kasus',
      'Bripka Rina Analis\tmemberi putusan',
      'Aipda Sari Humas\tmembuat draf klarifikasi',
      'AKP Kasi Humas\tmenyetujui klarifikasi',
      'Aipda Sari Humas\tmencatat publikasi klarifikasi',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain('putusan: — → Hoaks');
    expect(text).toContain('status: Menunggu persetujuan → Disetujui');
    await shot(page, 'audit');
    await page.context().close();
  });

  it('shows an admin the sources by health and the alerts that went out', async () => {
    await tdb.db
      .insertInto('fetch_runs')
      .values(
        [3, 2, 1].map((m) => ({
          source_id: 'tbh',
          started_at: new Date(Date.now() - m * 10),
          status: 'failure' as const,
          error_code: 'HTTP_4XX',
          error: 'https://turnbackhoax.id/feed/: HTTP 403',
          problems: '[]',
        })),
      )
      .execute();
    await tdb.db.updateTable('sources').set({ schedule: '0 * * * *' }).where('id', '=', 'tbh').execute();
    const gateway = http.createServer((req, res) => void req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
    try {
      const beltim = await loadPipeline('beltim');
      const alerts = pipelineSchema.shape.alerts.parse({
        channels: [{ id: 'wa', kind: 'webhook', url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/kirim` }],
        rules: [
          { id: 'prioritas', kind: 'flagged', minPriority: 0.6, channels: ['wa'], cooldownMinutes: 30 },
          { id: 'sumber', kind: 'source', channels: ['wa'] },
        ],
      });
      const sent = await runAlerts({ db: tdb.db, pipeline: { ...beltim, alerts }, log: silentLogger, channels: { smtpUrl: undefined, env: {} } });
      expect(sent).toMatchObject({ notifications: 2, sent: 2 });
    } finally {
      await new Promise((r) => gateway.close(r));
    }
    const page = await signIn('admin');
    await page.click('nav a[href="/sources"]');
    const first = page.locator('table tbody tr').first();
    expect(await first.innerText()).toMatch(
      /^TurnBackHoax \(arsip\)\ntbh\tImpor berkas\tSetiap jam\n0 \* \* \* \*\tgagal\n3 kali berturut-turut gagal: diblokir situs/,
    );
    await shot(page, 'sources-health');
    await page.click('nav a[href="/alerts"]');
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('body').innerText()).toContain('Sumber TurnBackHoax (arsip) gagal');
    expect(await page.locator('body').innerText()).toContain('wa: terkirim, 1×');
    await shot(page, 'alerts');
    await page.context().close();
  });

  it('labels a case by First Draft type, and shows every item’s signals', async () => {
    const page = await signIn('rina');
    await page.goto(caseUrl);
    await page.selectOption('select[name="content_type"]', 'konten_palsu');
    await page.selectOption('select[name="topic"]', 'kriminalitas');
    await page.click('form[action$="/update"] button[type="submit"]');
    await expect(flash(page)).resolves.toContain('disimpan');
    await expect(page.locator('.case-labels').innerText()).resolves.toMatch(/Jenis: Konten palsu · Topik: kriminalitas/);
    await expect(page.locator('form[action$="/route"] select[name="route"]').count()).resolves.toBe(1);
    await page.goto(`${desk.url}/items/${xssItemId}`);
    const signals = await page.locator('ul.signals').innerText();
    expect(signals.split('\n')).toHaveLength(7);
    expect(signals).toMatch(/Mengajak menyebarkan: ya \(sebarkan\)/);
    expect(signals).toContain('Menyebut lokasi di wilayah hukum: ya');
    expect(signals).toContain('Nomor/akun tidak terdaftar: tidak');
    await shot(page, 'item-signals');
    await page.context().close();
  });

  it('lets an admin keep the official-accounts registry, each edit a version', async () => {
    const page = await signIn('admin');
    await page.click('nav a[href="/admin/registry"]');
    await expect(page.locator('p.empty').innerText()).resolves.toContain('Registri masih kosong');
    const add = page.locator('form[action="/admin/registry"]');
    await add.locator('select[name="kind"]').selectOption('telepon');
    await add.locator('select[name="platform"]').selectOption('whatsapp');
    await add.locator('input[name="value"]').fill('+62 811-7171-110');
    await add.locator('input[name="unit"]').fill('Polres Belitung Timur');
    await add.locator('button[type="submit"]').click();
    await expect(flash(page)).resolves.toMatch(/Entri #\d+ ditambahkan/);
    await expect(page.locator('table.registry tbody tr').first().innerText()).resolves.toMatch(
      /Nomor telepon\/WhatsApp\nwhatsapp\t08117171110\tPolres Belitung Timur\tv1/,
    );
    await page.click('table.registry summary');
    const edit = page.locator('table.registry form[action^="/admin/registry/"]').first();
    await edit.locator('input[name="unit"]').fill('Polsek Manggar');
    await edit.locator('button[type="submit"]').click();
    await expect(flash(page)).resolves.toContain('versi 2');
    await expect(page.locator('table.audit').innerText()).resolves.toContain('Polres Belitung Timur → Polsek Manggar');
    await shot(page, 'registry');
    await page.context().close();
  });

  it('renders script and onerror payloads in scraped text as inert text', async () => {
    const page = await signIn('rina');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${desk.url}/items/${xssItemId}`);
    await expect(page.locator('.item-text').innerText()).resolves.toContain('<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">');
    await expect(page.locator('.item-text script, .item-text img').count()).resolves.toBe(0);
    await page.waitForTimeout(200);
    await expect(page.evaluate(() => (globalThis as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await page.goto(`${desk.url}/queue?status=semua&source=tips&q=razia`);
    await expect(page.evaluate(() => (globalThis as { __xss?: number }).__xss)).resolves.toBeUndefined();
    expect(errors).toEqual([]);
    await shot(page, 'xss-item');
    await page.context().close();
  });
});
