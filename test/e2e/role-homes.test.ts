import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase, setVerdict } from '../../src/review/cases.service.ts';
import { decideClarification, draftClarification, submitClarification } from '../../src/review/clarifications.service.ts';
import { clarificationSettings } from '../../src/web/routes/clarification.ts';
import { launchChromium, screenshot, signIn as signInAt } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { deskRuntime, startDesk } from '../helpers/desk-server.ts';
import { flaggedIds, PASSWORD, seedItems, seedTeam, type Team } from '../helpers/desk.ts';

// Issue 16 in Debian's Chromium: pimpinan and humas sign in and land on their home, with the nav
// counting what waits for them; at desktop width and at 390 px (a phone).
let tdb: TestDb;
let desk: Awaited<ReturnType<typeof startDesk>>;
let browser: Browser;
let team: Team;
const shot = (page: Page, name: string) => screenshot(page, `homes-${testDbKind()}-${name}`);

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  const flagged = await flaggedIds(tdb.db);
  const settings = clarificationSettings(await deskRuntime(tdb));
  const confirmed = async (i: number) => {
    const { case: k } = await openCase(tdb.db, team.analis, flagged[i]!);
    return setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks');
  };
  const submitted = async (caseId: number) => {
    const c = await draftClarification(tdb.db, team.humas, { caseId, templateId: 'hoaks', fakta: 'Tidak benar menurut Polsek Manggar.' }, settings);
    return submitClarification(tdb.db, team.humas, c.id, c.version);
  };
  // Waiting for pimpinan: one; approved and waiting to be published: one; confirmed with none yet: one.
  await submitted((await confirmed(0)).id);
  const b = await submitted((await confirmed(1)).id);
  await decideClarification(tdb.db, team.pimpinan, b.id, b.version, 'approve');
  await confirmed(2);
  desk = await startDesk(tdb);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await tdb?.dispose();
});

const signIn = (username: string, width = 1366): Promise<Page> => signInAt(browser, desk.url, username, PASSWORD, { width });
const navText = (page: Page, label: string) => page.locator('header.top nav a', { hasText: label }).innerText();

describe('role homes in Chromium', () => {
  it('lands pimpinan on the drafts waiting for approval, counted in the nav', async () => {
    const page = await signIn('kasi');
    expect(new URL(page.url()).pathname).toBe('/beranda');
    await expect(navText(page, 'Persetujuan')).resolves.toBe('Persetujuan (1)');
    await expect(page.locator('#persetujuan tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('#klarifikasi').count()).resolves.toBe(0); // not humas' lists
    await shot(page, 'pimpinan');
    // The approval itself, from the home: the count drops to zero.
    await page.locator('#persetujuan tbody tr a[href^="/clarifications/"]').click();
    await page.click('button[name="decision"][value="approve"]');
    await expect(page.locator('h1 .status').innerText()).resolves.toBe('Disetujui');
    await expect(navText(page, 'Persetujuan')).resolves.toBe('Persetujuan (0)');
    await page.context().close();
  });

  it('lands humas on cases to clarify and drafts to publish, and tells them of the approval', async () => {
    const page = await signIn('sari');
    expect(new URL(page.url()).pathname).toBe('/beranda');
    await expect(navText(page, 'Perlu klarifikasi')).resolves.toBe('Perlu klarifikasi (1)');
    await expect(navText(page, 'Siap terbit')).resolves.toBe('Siap terbit (2)');
    await expect(navText(page, 'Notifikasi')).resolves.toBe('Notifikasi (2)');
    await expect(page.locator('#klarifikasi tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('#siap-terbit tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('ul.notices li.unread').first().innerText()).resolves.toContain('Klarifikasi Anda disetujui');
    await shot(page, 'humas');
    await page.locator('ul.notices li.unread button').first().click();
    await page.waitForURL(/\/clarifications\/\d+$/);
    await expect(navText(page, 'Notifikasi')).resolves.toBe('Notifikasi (1)');
    await page.context().close();
  });

  it('fits the home, the case list and the account page on a 390 px phone', async () => {
    const page = await signIn('sari', 390);
    await shot(page, 'humas-390');
    for (const path of ['/beranda', '/kasus', '/akun', '/notifikasi']) {
      await page.goto(`${desk.url}${path}`);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, `${path} scrolls sideways`).toBe(0);
      await shot(page, `390${path.replace('/', '-')}`);
    }
    await page.context().close();
    const wide = await signIn('rina');
    await wide.goto(`${desk.url}/kasus?verdict=hoaks`);
    await expect(wide.locator('table.cases tbody tr').count()).resolves.toBe(3);
    await shot(wide, 'kasus');
    await wide.goto(`${desk.url}/akun`);
    await shot(wide, 'akun');
    await wide.goto(`${desk.url}/cari?q=${encodeURIComponent('penculikan Manggar')}`);
    await expect(wide.locator('table.search tbody tr').count()).resolves.toBeGreaterThanOrEqual(3); // the tip and its two reposts
    await shot(wide, 'cari');
    await wide.context().close();
  });
});
