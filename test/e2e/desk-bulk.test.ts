import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn as signInAt } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { startDesk } from '../helpers/desk-server.ts';
import { PASSWORD, seedItems, seedTeam } from '../helpers/desk.ts';

// Keyboard triage and downloads in Debian's Chromium, on a real server and a real database.
let tdb: TestDb;
let desk: Awaited<ReturnType<typeof startDesk>>;
let browser: Browser;
const shot = (page: Page, name: string) => screenshot(page, `desk-bulk-${testDbKind()}-${name}`);

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  await seedTeam(tdb.db);
  desk = await startDesk(tdb);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await tdb?.dispose();
});

const signIn = (username: string, width = 1366): Promise<Page> =>
  signInAt(browser, desk.url, username, PASSWORD, { width, from: '/queue', landsOn: '/queue', acceptDownloads: true });

const rowIds = (page: Page) => page.locator('table.queue tbody tr[data-item]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-item'))));

describe('queue keyboard triage and export in Chromium', () => {
  it('lets an analyst pick rows with j/x and dismiss them in bulk with a reason, all from the keyboard', async () => {
    const page = await signIn('rina');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${desk.url}/queue?per=10`);
    const before = await rowIds(page);
    expect(before.length).toBeGreaterThanOrEqual(5);

    // "?" shows the shortcuts; Escape closes them.
    await page.keyboard.press('?');
    await expect(page.locator('dialog#shortcut-help').isVisible()).resolves.toBe(true);
    await shot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog#shortcut-help').isVisible()).resolves.toBe(false);

    // j to the first row, x picks it; j j x picks the third.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect(page.locator('table.queue tbody tr.picked').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-item'))))).resolves.toEqual([
      before[0],
      before[2],
    ]);
    await expect(page.locator('output.picked').innerText()).resolves.toBe('(2 dipilih)');
    // k moves back up: the focus is on the second row now.
    await page.keyboard.press('k');
    await expect(page.locator('table.queue tbody tr:focus-within').getAttribute('data-item')).resolves.toBe(String(before[1]));
    await shot(page, 'picked');

    // d asks for the reason first (the field takes the focus); Enter there dismisses.
    await page.keyboard.press('d');
    await expect(page.locator(':focus').getAttribute('name')).resolves.toBe('reason');
    await page.keyboard.type('Berita resmi Polres, bukan klaim yang beredar');
    await page.keyboard.press('Enter');
    // The page is already at /queue?per=10: wait for the new page's message, not for the URL.
    await page.locator('p.flash', { hasText: 'diabaikan' }).waitFor();
    expect(page.url()).toMatch(/\/queue\?per=10$/);
    await expect(page.locator('p.flash').innerText()).resolves.toBe('2 butir diabaikan (Bukan hoaks (opini/kritik/lainnya)).');
    const after = await rowIds(page);
    expect(after).not.toContain(before[0]);
    expect(after).not.toContain(before[2]);
    expect(after).toEqual(before.filter((id) => id !== before[0] && id !== before[2]));
    const dismissed = await tdb.db
      .selectFrom('case_items as ci')
      .innerJoin('cases as k', 'k.id', 'ci.case_id')
      .innerJoin('reviews as r', 'r.case_id', 'k.id')
      .select(['ci.item_id', 'k.verdict', 'r.comment'])
      .where('ci.item_id', 'in', [before[0]!, before[2]!])
      .orderBy('ci.item_id')
      .execute();
    expect(dismissed).toEqual(
      [before[0]!, before[2]!]
        .sort((a, b) => a - b)
        .map((id) => ({ item_id: id, verdict: 'bukan_hoaks', comment: 'Berita resmi Polres, bukan klaim yang beredar' })),
    );
    await shot(page, 'dismissed');

    // a takes the assignee list (after a row is picked); choosing one and Enter assigns.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('a');
    await expect(page.locator(':focus').getAttribute('name')).resolves.toBe('assignee');
    await page.locator('form.bulk select[name="assignee"]').selectOption({ label: 'Brigpol Dodi Analis' });
    await page.keyboard.press('Enter');
    await page.locator('p.flash', { hasText: 'ditugaskan' }).waitFor();
    expect(page.url()).toMatch(/\/queue\?per=10$/);
    await expect(page.locator('p.flash').innerText()).resolves.toBe('1 butir ditugaskan ke Brigpol Dodi Analis.');
    await expect(page.locator(`tr[data-item="${after[0]}"]`).innerText()).resolves.toContain('Brigpol Dodi Analis');

    // o opens the row in focus.
    await page.keyboard.press('j');
    await page.keyboard.press('o');
    await page.waitForURL(new RegExp(`/items/${after[0]}$`));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('downloads the queue as CSV and Excel, and the files hold the rows the page shows', async () => {
    const page = await signIn('rina');
    await page.goto(`${desk.url}/queue?status=semua&source=tips&per=50`);
    const shown = await rowIds(page);
    expect(shown.length).toBeGreaterThan(0);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('p.exports a:text-is("CSV")')]);
    expect(csvDownload.suggestedFilename()).toMatch(/^antrean-beltim-\d{8}-\d{4}\.csv$/);
    const bytes = fs.readFileSync((await csvDownload.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8')) as string[][];
    expect(rows[0]![0]).toBe('Nomor butir');
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(shown);
    expect(rows.slice(1).every((r) => r[2] === 'Laporan masuk')).toBe(true);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('p.exports a:text-is("Excel")')]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsxDownload.path())!);
    const ws = wb.getWorksheet('Antrean')!;
    expect(ws.getCell(1, 1).value).toBe('Nomor butir');
    expect(ws.getColumn(1).values.slice(2)).toEqual(shown);
    await page.context().close();
  });

  it('offers "Lewati ke konten" as the first stop of the Tab key on every page', async () => {
    const page = await signIn('kasi');
    for (const path of ['/queue', '/ringkasan', '/clarifications']) {
      await page.goto(`${desk.url}${path}`);
      await page.keyboard.press('Tab');
      await expect(page.locator(':focus').innerText()).resolves.toBe('Lewati ke konten');
      await expect(page.locator('a.skip-link').isVisible()).resolves.toBe(true);
      if (path === '/ringkasan') await shot(page, 'skip-link');
      await page.keyboard.press('Enter');
      await expect(page.locator(':focus').getAttribute('id')).resolves.toBe('konten');
    }
    // pimpinan reads the queue without bulk actions or shortcuts
    await page.goto(`${desk.url}/queue`);
    await expect(page.locator('form#bulk').count()).resolves.toBe(0);
    await page.goto(`${desk.url}/ringkasan`);
    await expect(page.locator('figure.chart img').count()).resolves.toBe(5);
    await shot(page, 'ringkasan');
    await page.context().close();
  });

  it('keeps the bulk bar and the Ringkasan usable on a 390 px phone', async () => {
    const page = await signIn('rina', 390);
    await page.goto(`${desk.url}/queue?per=10`);
    await shot(page, 'queue-390');
    const bar = await page.locator('form.bulk fieldset').boundingBox();
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(390);
    await page.goto(`${desk.url}/ringkasan`);
    await shot(page, 'ringkasan-390');
    const img = await page.locator('figure.chart img').first().boundingBox();
    expect(img!.x + img!.width).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});
