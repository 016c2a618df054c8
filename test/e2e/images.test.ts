import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClassify } from '../../src/classify/stage.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { runImages } from '../../src/images/stage.ts';
import { ImageStore } from '../../src/images/store.ts';
import { submitTip } from '../../src/ingest/tips.ts';
import { silentLogger } from '../../src/log.ts';
import { launchChromium, screenshot, signIn as signInAt } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { deskRuntime, startDesk } from '../helpers/desk-server.ts';
import { PASSWORD, seedTeam } from '../helpers/desk.ts';
import { LOCAL_HTTP, PROJECT_DIR } from '../helpers/paths.ts';

// An item with a screenshot, in Chromium: the image loads from the desk under its CSP, its OCR text
// beside it; screenshots at desktop width and at 390 px.
const img = (f: string) => fs.readFileSync(path.join(PROJECT_DIR, 'test/fixtures/images', f));
let tdb: TestDb;
let desk: Awaited<ReturnType<typeof startDesk>>;
let browser: Browser;
let itemId: number;

beforeAll(async () => {
  tdb = await createTestDb();
  await seedTeam(tdb.db);
  await syncSources(tdb.db, 'beltim', [{ id: 'tips', kind: 'tip', name: 'Laporan masuk', schedule: null, enabled: true, config: {} }]);
  const store = new ImageStore(fs.mkdtempSync(path.join(os.tmpdir(), 'saring-e2e-images-')));
  const http = new HttpClient(LOCAL_HTTP);
  const ingest = { db: tdb.db, http, log: silentLogger, imageStore: store };
  const tip = await submitTip(
    ingest,
    { text: 'Kiriman warga di grup RT, benarkah?', reporter: 'Bu Ani' },
    { images: [{ name: 'layar.png', bytes: img('hoax-chat.png') }] },
  );
  itemId = tip.storedIds[0]!;
  const im = await runImages({ db: tdb.db, http, log: silentLogger, store }, { itemIds: [itemId] });
  await runClassify((await deskRuntime(tdb)).classifier(), { ids: im.reclassify });
  desk = await startDesk(tdb, undefined, (rt) => ({ ...rt, ingest: { ...rt.ingest, imageStore: store } }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await tdb?.dispose();
});

describe('images on the desk, in Chromium', () => {
  it('shows the image beside its OCR text, at desktop width and on a phone', async () => {
    for (const [width, name] of [
      [1366, 'desktop'],
      [390, 'phone'],
    ] as const) {
      const page = await signInAt(browser, desk.url, 'rina', PASSWORD, { width, landsOn: '/queue' });
      await page.goto(`${desk.url}/items/${itemId}`);
      const picture = page.locator('section.images img').first();
      await picture.waitFor();
      // decoded by the browser: the served copy is a real image, under the page's CSP
      await expect
        .poll(() =>
          picture.evaluate((el) => {
            const image = el as unknown as { complete: boolean; naturalWidth: number };
            return image.complete && image.naturalWidth;
          }),
        )
        .toBe(480);
      expect(await page.locator('pre.ocr-text').innerText()).toContain('Polres Belitung Timur');
      await screenshot(page, `images-${testDbKind()}-item-${name}`);
      await page.context().close();
    }
  });
});
