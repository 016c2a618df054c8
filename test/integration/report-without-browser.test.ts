import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { parseIsoWeek } from '../../src/report/iso-week.ts';
import { buildWeeklyReport, type ReportDeps } from '../../src/report/stage.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { PASSWORD, seedTeam } from '../helpers/desk.ts';

// A machine with no Chromium, Chrome or Edge: CHROMIUM_PATH names a browser that is not there, which
// is also the only place looked at. The HTML report must still be made, and the PDF's absence told.
const TZ = 'Asia/Jakarta';
const W47 = parseIsoWeek('2026-W47', TZ);
const MISSING = path.join(os.tmpdir(), 'tidak-ada', 'chromium');

let tdb: TestDb;
let deps: ReportDeps;

beforeAll(async () => {
  tdb = await createTestDb();
  await seedTeam(tdb.db);
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-report-nobrowser-'));
  deps = {
    db: tdb.db,
    log: silentLogger,
    pipeline: { name: 'beltim', title: 'Polres Belitung Timur', timezone: TZ },
    modelVersion: 'uji',
    chromiumPath: MISSING,
    reportsDir,
  };
});
afterAll(() => tdb?.dispose());

describe('weekly report without a browser', () => {
  it('writes the HTML, records in one line why there is no PDF, and shows it on the Laporan page', async () => {
    const r = await buildWeeklyReport(deps, { week: W47, format: 'both' });
    expect(fs.readFileSync(r.htmlPath!, 'utf8')).toContain('<html lang="id"');
    expect(r.pdfPath).toBeNull();
    expect(r.pdfError).toBe(
      `PDF needs Chromium, but CHROMIUM_PATH=${MISSING} does not exist; point it at a Chromium, Chrome or Edge executable, or unset it to search the usual places`,
    );
    const row = await tdb.db.selectFrom('reports').select(['html_path', 'pdf_path', 'figures']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ html_path: r.htmlPath, pdf_path: null, figures: { pdf_error: r.pdfError } });

    const app = createApp(await deskRuntime(tdb), { reports: deps });
    const login = await app.request('http://desk.test/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'kasi', password: PASSWORD }),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const page = await (await app.request('http://desk.test/reports', { headers: auth })).text();
    expect(page).toContain(`<a href="/reports/${r.id}/html">HTML</a>`);
    expect(page).not.toContain(`/reports/${r.id}/pdf`);
    expect(page).toContain('PDF tidak dibuat: PDF needs Chromium, but CHROMIUM_PATH=');
    // Built on demand from the desk, the same: made, and said without the PDF.
    const made = await app.request('http://desk.test/reports', {
      method: 'POST',
      headers: { ...auth, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ week: '2026-W46' }),
    });
    expect(made.status).toBe(200);
    expect(await made.json()).toMatchObject({ week: '2026-W46', pdf_error: expect.stringContaining('does not exist') });
  });

  it('refuses a PDF-only report with the same line, writing nothing', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-report-pdfonly-'));
    await expect(buildWeeklyReport(deps, { week: W47, format: 'pdf', outDir: out })).rejects.toThrow(`CHROMIUM_PATH=${MISSING} does not exist`);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
