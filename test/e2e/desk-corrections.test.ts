import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/audit.repo.ts';
import { launchChromium, screenshot, signIn } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { startDesk } from '../helpers/desk-server.ts';
import { PASSWORD, seedItems, seedOfficialNews, seedTeam } from '../helpers/desk.ts';

// Bulk corrections from the keyboard in Debian's Chromium, on a real server and a real database: real
// news of official police statements, flagged by the shipped model, cleared five at a time.
let tdb: TestDb;
let desk: Awaited<ReturnType<typeof startDesk>>;
let browser: Browser;
let official: number[];
const shot = (page: Page, name: string) => screenshot(page, `desk-corrections-${testDbKind()}-${name}`);
const asc = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  await seedTeam(tdb.db);
  official = await seedOfficialNews(tdb.db);
  desk = await startDesk(tdb);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await tdb?.dispose();
});

const rowIds = (page: Page) => page.locator('table.queue tbody tr[data-item]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-item'))));

describe('bulk corrections in Chromium', () => {
  it('an analyst clears five false positives in bulk with the keyboard', async () => {
    // The shipped model flags these official news reports as hoaxes about the police.
    expect(official.length).toBeGreaterThanOrEqual(5);
    const page = await signIn(browser, desk.url, 'rina', PASSWORD, { from: '/queue', landsOn: '/queue' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${desk.url}/queue?source=tempo-hukum&per=50`);
    const before = await rowIds(page);
    expect(asc(before)).toEqual(asc(official));

    // Each correction shows its key in the bulk bar and in the shortcuts help.
    await expect(page.locator('form.bulk button[name="label"][value="resmi_netral"]').innerText()).resolves.toBe('2 Berita resmi/netral');
    await page.keyboard.press('?');
    await expect(page.locator('dialog#shortcut-help').innerText()).resolves.toContain('koreksi butir terpilih: "Berita resmi/netral"');
    await page.keyboard.press('Escape');

    // A correction key with nothing picked asks for a pick and stores nothing.
    await page.keyboard.press('2');
    await expect(page.locator('output.picked').innerText()).resolves.toBe('(pilih butir dulu: x)');

    // j x five times picks the first five rows.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('j');
      await page.keyboard.press('x');
    }
    const five = before.slice(0, 5);
    await expect(page.locator('table.queue tbody tr.picked').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-item'))))).resolves.toEqual(
      five,
    );
    await expect(page.locator('output.picked').innerText()).resolves.toBe('(5 dipilih)');
    await shot(page, 'picked');

    // 2 = "Berita resmi/netral" for the picked rows, and the queue comes back without them.
    await page.keyboard.press('2');
    await page.locator('p.flash', { hasText: 'dilabeli' }).waitFor();
    await expect(page.locator('p.flash').innerText()).resolves.toBe('5 butir dilabeli "Berita resmi/netral".');
    expect(page.url()).toMatch(/\/queue\?source=tempo-hukum&per=50$/);
    expect(await rowIds(page)).toEqual(before.slice(5));
    await shot(page, 'cleared');

    const labels = await tdb.db
      .selectFrom('item_labels as l')
      .innerJoin('users as u', 'u.id', 'l.user_id')
      .select(['l.item_id', 'l.kind', 'l.value', 'l.current', 'u.username'])
      .where('l.item_id', 'in', official)
      .orderBy('l.item_id')
      .execute();
    expect(labels).toEqual(asc(five).map((item_id) => ({ item_id, kind: 'class', value: 'resmi_netral', current: true, username: 'rina' })));
    const audit = (await listAudit(tdb.db, { entity: 'item' })).filter((a) => a.action === 'item.labelled');
    expect(audit).toHaveLength(5);
    expect(asc(audit.map((a) => Number(a.entity_id)))).toEqual(asc(five));
    expect(audit.map((a) => a.display_name)).toEqual(Array(5).fill('Bripka Rina Analis'));
    // No case was needed.
    expect(await tdb.db.selectFrom('case_items').select('item_id').where('item_id', 'in', five).execute()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
