import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { silentLogger } from '../../src/log.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote, openCase, setVerdict } from '../../src/review/cases.service.ts';
import { launchChromium, screenshot, signIn as signInAt } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { startDesk } from '../helpers/desk-server.ts';
import { LOCAL_TIP, PASSWORD, seedItems, seedTeam, version } from '../helpers/desk.ts';

// Analysts on patrol read the desk on a phone: the queue, an item and a case must fit 390 px with no
// sideways scrolling of the page (wide tables scroll inside their own box or become stacked rows).
let tdb: TestDb;
let desk: Awaited<ReturnType<typeof startDesk>>;
let browser: Browser;
let itemId: number;
let caseId: number;

const PHONE = { width: 390, height: 844 };
/** English a page's own headings, labels and buttons must never show. */
const ENGLISH = /\b(verdict|queue|save|submit|search|source|schedule|error|failed|empty|the|and|of|antrian)\b/i;
const DESKTOP = { width: 1366, height: 900 };

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  const team = await seedTeam(tdb.db);
  const tip = await tdb.db.selectFrom('items').select('id').where('text', '=', LOCAL_TIP).where('duplicate_of', 'is', null).executeTakeFirstOrThrow();
  itemId = tip.id;
  const opened = await openCase(tdb.db, team.analis, itemId);
  caseId = opened.case.id;
  await setVerdict(tdb.db, team.analis, caseId, opened.case.version, 'hoaks', 'Polsek Manggar: tidak ada laporan penculikan di sekolah mana pun.');
  await addNote(
    tdb.db,
    team.analis,
    caseId,
    'Dicek ke Polsek Manggar dan dua sekolah dasar.',
    'https://belitung.tribunnews.com/2026/11/20/sangat-panjang-tautan-bukti-yang-tidak-boleh-melebarkan-halaman',
  );
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-phone-'));
  desk = await startDesk(tdb, {
    reports: {
      db: tdb.db,
      log: silentLogger,
      pipeline: { name: 'beltim', title: 'Polres Belitung Timur', timezone: 'Asia/Jakarta' },
      modelVersion: version,
      reportsDir,
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await tdb?.dispose();
});

// Analysts land on the queue, pimpinan on their home.
const signIn = (viewport: { width: number; height: number }, username = 'rina'): Promise<Page> => signInAt(browser, desk.url, username, PASSWORD, viewport);

/** How wide the document is, and the elements that stick out past the viewport (to name them when it fails). */
async function overflow(page: Page): Promise<{ width: number; culprits: string[] }> {
  // Run in the page as a string: this project compiles without the DOM's types.
  return page.evaluate<{ width: number; culprits: string[] }>(`(() => {
    const vw = document.documentElement.clientWidth;
    const culprits = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 && culprits.length < 8) culprits.push(el.tagName.toLowerCase() + '.' + el.className + ' (' + Math.round(r.right) + ' px)');
    }
    return { width: document.documentElement.scrollWidth, culprits };
  })()`);
}

describe('the desk on a phone (390 px)', () => {
  const pages = () => [
    ['queue', '/queue'],
    ['item', `/items/${itemId}`],
    ['case', `/cases/${caseId}`],
    ['sources', '/sources'],
  ];

  it('shows the queue, an item, a case, the sources and the reports with no sideways scrolling', async () => {
    const page = await signIn(PHONE);
    for (const [name, path] of pages()) {
      await page.goto(`${desk.url}${path}`);
      const o = await overflow(page);
      // The screenshot first, so a failure leaves the picture of what sticks out.
      await screenshot(page, `phone-${testDbKind()}-${name}`);
      expect(o.width, `${name}: ${o.culprits.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
      // The desk's own words (not the scraped texts it shows) are Indonesian: one word for a verdict, one spelling of antrean.
      const chrome = await page.locator('nav, h1, h2, h3, label, button, th, dt, legend, .case-state, .flash').allInnerTexts();
      expect(chrome.join(' | '), name).not.toMatch(ENGLISH);
    }
    // The navigation stays usable without JavaScript: every link is in the page and can be reached.
    await page.goto(`${desk.url}/queue`);
    for (const href of ['/queue', '/clarifications', '/sources', '/reports', '/audit']) {
      await expect(page.locator(`header.top nav a[href="${href}"]`).count(), href).resolves.toBe(1);
    }
    await page.context().close();
    // Pimpinan builds reports, from a date field, here too.
    const boss = await signIn(PHONE, 'kasi');
    await boss.goto(`${desk.url}/reports`);
    await expect(boss.locator('form[action="/reports"] input[type="date"][name="date"]').count()).resolves.toBe(1);
    await screenshot(boss, `phone-${testDbKind()}-reports`);
    expect((await overflow(boss)).width).toBeLessThanOrEqual(PHONE.width);
    await boss.context().close();
  });

  it('keeps the same pages whole on a desktop screen', async () => {
    const page = await signIn(DESKTOP);
    for (const [name, path] of pages()) {
      await page.goto(`${desk.url}${path}`);
      expect((await overflow(page)).width, name).toBeLessThanOrEqual(DESKTOP.width);
      await screenshot(page, `desktop-${testDbKind()}-${name}`);
    }
    await page.context().close();
  });
});
