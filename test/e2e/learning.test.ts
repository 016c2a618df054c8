import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVersionModels, trainCandidate, type LearningDeps } from '../../src/learning/models.service.ts';
import { silentLogger } from '../../src/log.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { correctItems } from '../../src/review/labels.service.ts';
import { launchChromium, screenshot, signIn as signInAt } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { startDesk } from '../helpers/desk-server.ts';
import { flaggedIds, model, PASSWORD, seedItems, seedTeam, triage, version } from '../helpers/desk.ts';
import { tinyTrainer } from '../helpers/tiny-trainer.ts';

// The desk teaching the model, in Chromium: an analyst corrects an item in one click, an admin promotes a candidate and rolls it back.
let tdb: TestDb;
let desk: Awaited<ReturnType<typeof startDesk>>;
let browser: Browser;
let dataDir: string;
let candidateId: string;
let corrected: number;
const shot = (page: Page, name: string) => screenshot(page, `learning-${testDbKind()}-${name}`);

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  const team = await seedTeam(tdb.db);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-learning-e2e-'));
  // The desk's labels: hoax above the median hoax score, else not (a rule a tiny model can learn).
  const rows = await tdb.db
    .selectFrom('classifications as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .select(['i.id', 'c.hoax_score'])
    .where('c.model_version', '=', version)
    .where('i.duplicate_of', 'is', null)
    .execute();
  const median = rows.map((r) => r.hoax_score).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  const flagged = await flaggedIds(tdb.db);
  corrected = flagged[0]!;
  // The flagged items stay unlabelled, so that the queue still holds rows to correct in the browser.
  const rest = rows.filter((r) => !flagged.includes(r.id));
  await correctItems(
    tdb.db,
    team.analis2,
    rest.filter((r) => r.hoax_score >= median).map((r) => r.id),
    { kind: 'class', value: 'hoaks_polisi' },
  );
  await correctItems(
    tdb.db,
    team.analis2,
    rest.filter((r) => r.hoax_score < median).map((r) => r.id),
    { kind: 'class', value: 'bukan_hoaks' },
  );
  const beltim = await loadPipeline('beltim');
  const base: LearningDeps = {
    db: tdb.db,
    dataDir,
    ctx: { model, triage, lexicon: { units: beltim.area.units }, places: beltim.area.places },
    log: silentLogger,
    trainer: tinyTrainer({ flip: true, tag: 'poor' }),
  };
  const poor = await trainCandidate(base);
  // Judged against the poor model standing in for the active one, the good candidate passes its gates.
  const good = await trainCandidate({ ...base, trainer: tinyTrainer({ tag: 'good' }), ctx: { ...base.ctx, ...loadVersionModels(dataDir, poor.dir) } });
  expect(good.status).toBe('candidate');
  candidateId = good.id;
  desk = await startDesk(tdb);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await tdb?.dispose();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// Each role lands on its own home (an analyst on the queue, an admin on the sources).
const signIn = (username: string, width = 1366): Promise<Page> => signInAt(browser, desk.url, username, PASSWORD, { width });

const flash = (page: Page) => page.locator('p.flash').innerText();

describe('the desk teaches the model, in Chromium', () => {
  it('lets an analyst mark an item "Bukan hoaks" in one click, which takes it out of the open queue', async () => {
    const page = await signIn('rina');
    await page.goto(`${desk.url}/queue`);
    await expect(page.locator(`a.item-link[href="/items/${corrected}"]`).count()).resolves.toBe(1);
    await page.goto(`${desk.url}/items/${corrected}`);
    await shot(page, 'item');
    await page.click('#koreksi button.correct.bukan_hoaks');
    await page.waitForURL(`**/items/${corrected}`);
    await expect(flash(page)).resolves.toBe('1 butir dilabeli "Bukan hoaks".');
    await expect(page.locator('ul.label-history li').first().innerText()).resolves.toMatch(/^Bukan hoaks oleh Bripka Rina Analis/);
    await page.goto(`${desk.url}/queue`);
    await expect(page.locator(`a.item-link[href="/items/${corrected}"]`).count()).resolves.toBe(0);
    // A queue row's own corrections: open "Koreksi" on the first row and mark it official/neutral.
    const row = page.locator('table.queue tbody tr').first();
    const rowItem = (await row.locator('a.item-link').getAttribute('href'))!;
    await row.locator('details.row-correct summary').click();
    await shot(page, 'queue');
    await row.locator('button.correct.resmi_netral').click();
    await page.waitForURL('**/queue?**');
    await expect(flash(page)).resolves.toBe('1 butir dilabeli "Berita resmi/netral".');
    await expect(page.locator(`a.item-link[href="${rowItem}"]`).count()).resolves.toBe(0);
    await page.goto(`${desk.url}/labelling`);
    await expect(page.locator('h1').innerText()).resolves.toMatch(/^Perlu label/);
    await shot(page, 'labelling');
    const narrow = await signIn('rina', 390);
    await narrow.goto(`${desk.url}/items/${corrected}`);
    await shot(narrow, 'item-390');
  });

  it('lets an admin promote the candidate and roll it back, both in the audit log', async () => {
    const page = await signIn('admin');
    await page.click('nav a[href="/admin/model"]');
    await page.waitForURL('**/admin/model');
    await expect(page.locator('#active-model').innerText()).resolves.toBe('Model bawaan (models/)');
    await expect(page.locator('table.versions > tbody > tr > td:nth-child(2)').allInnerTexts()).resolves.toEqual(['Kandidat', 'Ditolak']);
    await shot(page, 'model-before');
    await page.click(`tr[data-version="${candidateId}"] button.promote`);
    await page.waitForURL('**/admin/model');
    await expect(flash(page)).resolves.toMatch(new RegExp(`^Versi ${candidateId.replace(/[.+]/g, '\\$&')} kini aktif`));
    await expect(page.locator('#active-model').innerText()).resolves.toBe(candidateId);
    await shot(page, 'model-promoted');
    await page.fill('input[name="reason"]', 'uji pengembalian');
    await page.click('#rollback');
    await page.waitForURL('**/admin/model');
    await expect(flash(page)).resolves.toMatch(/kini aktif model bawaan/);
    await expect(page.locator('#active-model').innerText()).resolves.toBe('Model bawaan (models/)');
    await page.goto(`${desk.url}/audit`);
    const actions = await page.locator('table.audit tbody tr td:nth-child(3)').allInnerTexts();
    expect(actions.slice(0, 2)).toEqual(['mengembalikan model', 'mempromosikan model']);
    const narrow = await signIn('admin', 390);
    await narrow.goto(`${desk.url}/admin/model`);
    await shot(narrow, 'model-390');
    // An analyst has no Model page.
    const analyst = await signIn('dodi');
    const res = await analyst.goto(`${desk.url}/admin/model`);
    expect(res?.status()).toBe(403);
  });
});
