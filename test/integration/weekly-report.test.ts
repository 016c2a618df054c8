import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { parseIsoWeek } from '../../src/report/iso-week.ts';
import { buildWeeklyReport, defaultReportWeek, type ReportDeps } from '../../src/report/stage.ts';
import { gatherWeekly } from '../../src/report/weekly-data.ts';
import { openCase, routeComplaint, setVerdict, updateCase } from '../../src/review/cases.service.ts';
import { correctItems } from '../../src/review/labels.service.ts';
import { getCase } from '../../src/db/cases.repo.ts';
import { isCriticismOnly } from '../../src/classify/police-flags.ts';
import { DEFAULT_TEMPLATES } from '../../src/review/clarification-text.ts';
import { decideClarification, draftClarification, recordPublication, submitClarification } from '../../src/review/clarifications.service.ts';
import { zonedToInstant } from '../../src/zoned-time.ts';
import { createApp } from '../../src/web/app.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { PASSWORD } from '../helpers/desk.ts';
import { ARTIFACTS, CHROMIUM } from '../helpers/browser.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { LOCAL_HTTP, PROJECT_DIR } from '../helpers/paths.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { runClassify } from '../../src/classify/stage.ts';
import { listSources, syncSources } from '../../src/db/sources.repo.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { readImport } from '../../src/sources/import.ts';
import { CRITICISM_NEWS_TITLES, flaggedIds, model, triage, version, seedCriticism, seedHukumNews, seedItems, seedTeam, type Team } from '../helpers/desk.ts';

// A week of real items (TurnBackHoax narratives and a local tip) placed on known days, with known
// verdicts and a published clarification; every figure is computed here independently and compared.
const TZ = 'Asia/Jakarta';
const W47 = parseIsoWeek('2026-W47', TZ);
const W46 = parseIsoWeek('2026-W46', TZ);
const wib = (y: number, m: number, d: number, h: number, min = 0) => zonedToInstant(y, m, d, h, min, 0, TZ);
const HOUR = 3600_000;

let tdb: TestDb;
let team: Team;
let deps: ReportDeps;
let out: string;
/** item id → when Saring first saw it */
const seen = new Map<number, Date>();
/** cluster roots that are flagged (what analysts see) */
let flagged: Set<number>;
/** every flagged item, reposts included (what the report counts) */
let flaggedAll: Set<number>;

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  flagged = new Set(await flaggedIds(tdb.db));
  flaggedAll = new Set((await tdb.db.selectFrom('classifications').select('item_id').where('flagged', '=', true).execute()).map((r) => r.item_id));
  const all = (await tdb.db.selectFrom('items').select('id').orderBy('id').execute()).map((r) => r.id);
  all.forEach((id, i) => {
    // a third in W46, the rest across W47's seven days; the last two straddle W47's end
    const at =
      i % 3 === 0
        ? new Date(wib(2026, 11, 9, 10).getTime() + (i % 7) * 24 * HOUR)
        : new Date(wib(2026, 11, 16, 8).getTime() + (i % 7) * 24 * HOUR + (i % 5) * HOUR);
    seen.set(id, at);
  });
  seen.set(all.at(-2)!, wib(2026, 11, 22, 23, 30)); // Sunday 23:30 WIB: still W47
  seen.set(all.at(-1)!, wib(2026, 11, 23, 0, 0)); // Monday 00:00 WIB: W48
  for (const [id, at] of seen) await tdb.db.updateTable('items').set({ fetched_at: at }).where('id', '=', id).execute();
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-report-'));
  deps = {
    db: tdb.db,
    log: silentLogger,
    pipeline: { name: 'beltim', title: 'Polres Belitung Timur', timezone: TZ },
    modelVersion: version,
    chromiumPath: CHROMIUM,
    reportsDir: out,
  };
});
afterAll(() => tdb?.dispose());

const inWeek = (d: Date, w = W47) => d >= w.start && d < w.end;

/** Opens a case for an item and gives it a verdict `hours` after the item was first seen. */
async function decide(itemId: number, verdict: 'hoaks' | 'disinformasi' | 'bukan_hoaks', hours: number) {
  const { case: k } = await openCase(tdb.db, team.analis, itemId);
  const v = await setVerdict(tdb.db, team.analis, k.id, k.version, verdict);
  await tdb.db
    .updateTable('cases')
    .set({ decided_at: new Date(seen.get(itemId)!.getTime() + hours * HOUR) })
    .where('id', '=', k.id)
    .execute();
  return v;
}

/** The police flags of every classified item that heads its cluster (of one source if given), by id. */
function classifiedRoots(sourceId?: string) {
  let q = tdb.db
    .selectFrom('classifications as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .select(['c.item_id', 'c.police_flags'])
    .where('c.model_version', '=', version)
    .where('i.duplicate_of', 'is', null);
  if (sourceId) q = q.where('i.source_id', '=', sourceId);
  return q.orderBy('c.item_id').execute();
}

describe('weekly report', () => {
  it('counts the week exactly, against the week before', async () => {
    const w47Items = [...seen].filter(([, d]) => inWeek(d)).map(([id]) => id);
    const w46Items = [...seen].filter(([, d]) => inWeek(d, W46)).map(([id]) => id);
    const pick = w47Items.filter((id) => flagged.has(id));
    const [a, b, c] = pick as [number, number, number];
    const d = w47Items.find((id) => !flagged.has(id))!;
    const old = w46Items[0]!;
    const ka = await decide(a, 'hoaks', 2);
    await decide(b, 'disinformasi', 6);
    await decide(c, 'bukan_hoaks', 1);
    await decide(old, 'hoaks', 3);
    // A complaint about the police goes to Propam: counted apart, never as a hoax.
    const lbh = await seedCriticism(tdb.db);
    await tdb.db
      .updateTable('items')
      .set({ fetched_at: seen.get(d)! })
      .where('id', '=', lbh)
      .execute();
    seen.set(lbh, seen.get(d)!);
    const { case: kd } = await openCase(tdb.db, team.analis, lbh);
    await routeComplaint(tdb.db, team.analis, kd.id, kd.version, 'propam', 'keluhan pelayanan');
    await tdb.db
      .updateTable('cases')
      .set({ complaint_routed_at: new Date(seen.get(d)!.getTime() + HOUR) })
      .where('id', '=', kd.id)
      .execute();
    const classified = await tdb.db.selectFrom('classifications').select(['item_id', 'police_flags']).where('model_version', '=', version).execute();
    const w47Flags = classified.filter((x) => inWeek(seen.get(x.item_id)!)).map((x) => x.police_flags);
    expect(w47Flags.filter((f) => isCriticismOnly(f)).length).toBeGreaterThan(0);
    const settings = { templates: DEFAULT_TEMPLATES, polres: 'Polres Belitung Timur', contact: 'Call Center 110', hashtags: ['#PolresBeltim'], timezone: TZ };
    const draft = await draftClarification(tdb.db, team.humas, { caseId: ka.id, templateId: 'hoaks', fakta: 'Tidak benar.' }, settings);
    const sub = await submitClarification(tdb.db, team.humas, draft.id, draft.version);
    const ok = await decideClarification(tdb.db, team.pimpinan, draft.id, sub.version, 'approve');
    // Approved in the week, an hour before it went out (the desk refuses a publication before approval).
    await tdb.db
      .updateTable('clarifications')
      .set({ decided_at: new Date(seen.get(a)!.getTime() + 9 * HOUR) })
      .where('id', '=', draft.id)
      .execute();
    await recordPublication(tdb.db, team.humas, draft.id, ok.version, {
      channel: 'facebook',
      url: 'https://facebook.com/polresbeltim/posts/1',
      publishedAt: new Date(seen.get(a)!.getTime() + 10 * HOUR),
      timeZone: 'Asia/Jakarta',
    });

    await updateCase(tdb.db, team.analis, ka.id, (await getCase(tdb.db, ka.id))!.version, { contentType: 'konten_palsu', topic: 'kriminalitas' });
    const r = await gatherWeekly(tdb.db, {
      week: W47,
      unit: 'Polres Belitung Timur',
      pipeline: 'beltim',
      timeZone: TZ,
      modelVersion: version,
      preparedBy: 'uji',
    });
    expect(r.appendix[0]).toMatchObject({ id: ka.id, content_type: 'konten_palsu', topic: 'kriminalitas' });
    expect(r.totals).toEqual({
      monitored: w47Items.length + 1, // and the criticism item
      flagged: w47Items.filter((id) => flaggedAll.has(id)).length,
      hoaks: 1,
      disinformasi: 1,
      misinformasi: 0,
      bukan_hoaks: 1,
      benar: 0,
      belum_terbukti: 0,
      klarifikasi: 0,
      criticism_items: w47Flags.filter((f) => isCriticismOnly(f)).length,
      complaints_routed: 1,
      impersonation_items: w47Flags.filter((f) => f?.mengatasnamakan_polisi.flagged).length,
      hlbk_linked: 0,
      clarifications_published: 1,
      median_to_verdict_s: 2 * 3600, // of 1 h, 2 h and 6 h
      median_to_clarification_s: 10 * 3600,
      impossible_durations: 0,
    });
    expect(r.previousTotals).toMatchObject({ monitored: w46Items.length, hoaks: 1, clarifications_published: 0, median_to_verdict_s: 3 * 3600 });
    // Days on the WIB calendar: Sunday 23:30 counts on Sunday, Monday 00:00 belongs to the next week.
    const perDay = new Map<string, number>();
    for (const id of [...w47Items, lbh]) {
      const day = new Date(seen.get(id)!.getTime() + 7 * HOUR).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect(r.daily.map((d) => d.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    expect(r.daily.map((d) => d.monitored)).toEqual(r.daily.map((d) => perDay.get(d.day) ?? 0));
    expect(r.daily.reduce((s, d) => s + d.flagged, 0)).toBe(r.totals.flagged);
    expect(r.trend.map((t) => [t.week, t.n])).toEqual([
      ['2026-W40', 0],
      ['2026-W41', 0],
      ['2026-W42', 0],
      ['2026-W43', 0],
      ['2026-W44', 0],
      ['2026-W45', 0],
      ['2026-W46', 1],
      ['2026-W47', 2],
    ]);
    expect(r.appendix.map((k) => [k.verdict, k.clarification_status, k.clarification_url])).toEqual([
      ['hoaks', 'published', 'https://facebook.com/polresbeltim/posts/1'],
      ['disinformasi', null, null],
    ]);
    expect(r.topCases.length).toBe(3);
    const units = await tdb.db.selectFrom('classifications').select(['item_id', 'police_units']).where('model_version', '=', version).execute();
    const expectedUnits = new Map<string, number>();
    for (const u of units) if (inWeek(seen.get(u.item_id)!)) for (const name of u.police_units) expectedUnits.set(name, (expectedUnits.get(name) ?? 0) + 1);
    expect(new Map(r.units.map((u) => [u.unit, u.items]))).toEqual(expectedUnits);
    expect(r.topics.reduce((s, t) => s + t.n, 0)).toBeGreaterThanOrEqual(r.totals.flagged);
  });

  it('reports an empty week as zeros, and 2026-W53 across the year end', async () => {
    await tdb.db
      .updateTable('items')
      .set({ fetched_at: wib(2027, 1, 2, 9) })
      .where('id', '=', [...seen.keys()][5]!)
      .execute();
    const w53 = parseIsoWeek('2026-W53', TZ);
    const r = await gatherWeekly(tdb.db, { week: w53, unit: 'x', pipeline: 'beltim', timeZone: TZ, modelVersion: version, preparedBy: 'uji' });
    expect(r.totals.monitored).toBe(1); // Saturday 2 January 2027 is in 2026-W53
    expect(r.daily.map((d) => d.day)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(r.previous.id).toBe('2026-W52');
    const empty = await gatherWeekly(tdb.db, {
      week: parseIsoWeek('2027-W02', TZ),
      unit: 'x',
      pipeline: 'beltim',
      timeZone: TZ,
      modelVersion: version,
      preparedBy: 'uji',
    });
    expect(empty.totals).toEqual({
      monitored: 0,
      flagged: 0,
      hoaks: 0,
      disinformasi: 0,
      misinformasi: 0,
      bukan_hoaks: 0,
      benar: 0,
      belum_terbukti: 0,
      klarifikasi: 0,
      criticism_items: 0,
      complaints_routed: 0,
      impersonation_items: 0,
      hlbk_linked: 0,
      clarifications_published: 0,
      median_to_verdict_s: null,
      median_to_clarification_s: null,
      impossible_durations: 0,
    });
    expect(empty.previous.id).toBe('2027-W01');
    expect(empty.topCases).toEqual([]);
    const html = await buildWeeklyReport(deps, { week: parseIsoWeek('2027-W02', TZ), format: 'html' });
    expect(fs.readFileSync(html.htmlPath!, 'utf8')).toContain('Tidak ada kasus yang terkonfirmasi hoaks minggu ini.');
  });

  it('writes an A4 PDF with page numbers and the figures as text, and a row in reports', async () => {
    const built = await buildWeeklyReport(deps, { week: W47, format: 'both' });
    const info = execFileSync('pdfinfo', [built.pdfPath!]).toString();
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 841(\.\d+)? pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = execFileSync('pdftotext', ['-layout', built.pdfPath!, '-']).toString();
    expect(text).toContain('Laporan Mingguan Pemantauan Hoaks dan Misinformasi');
    expect(text).toContain('LAP-MINGGUAN/2026-W47/BELTIM');
    expect(text).toContain('Senin, 16 November 2026 – Minggu, 22 November 2026');
    expect(text).toMatch(/Terkonfirmasi hoaks\s+1\s+1\s+tetap/);
    expect(text).toMatch(/Median waktu: pertama terlihat → putusan\s+2 jam\s+3 jam/);
    expect(text).toContain(`Halaman 1 dari ${pages}`);
    expect(text).toContain('Lampiran: semua kasus terkonfirmasi (2)');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', built.pdfPath!, path.join(ARTIFACTS, `report-${testDbKind()}-page1`)]);
    const again = await buildWeeklyReport(deps, { week: W47, format: 'html' });
    expect(again.id).toBe(built.id); // regenerating replaces the week's row
    const rows = await sql<{ n: number }>`select count(*)::int as n from reports where period = '2026-W47'`.execute(tdb.db);
    expect(rows.rows[0]!.n).toBe(1);
  });

  it('lists reports on the desk, serves the PDF, and lets only pimpinan, humas and admins build one', async () => {
    await buildWeeklyReport(deps, { week: W47, format: 'both' });
    const app = createApp(await deskRuntime(tdb), { reports: deps });
    const token = async (username: string) => {
      const res = await app.request('http://desk.test/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      return { authorization: `Bearer ${((await res.json()) as { token: string }).token}`, accept: 'application/json' };
    };
    const analis = await token('rina');
    const list = (await (await app.request('http://desk.test/reports', { headers: analis })).json()) as { reports: Array<{ id: number; period: string }> };
    const w47 = list.reports.find((r) => r.period === '2026-W47')!;
    const pdf = await app.request(`http://desk.test/reports/${w47.id}/pdf`, { headers: analis });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const post = (h: Record<string, string>, week: string) =>
      app.request('http://desk.test/reports', {
        method: 'POST',
        headers: { ...h, 'content-type': 'application/json' },
        body: JSON.stringify({ week, format: 'html' }),
      });
    expect((await post(analis, '2026-W46')).status).toBe(403);
    const boss = await token('kasi');
    const bad = await post(boss, '2025-W53');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('tahun 2025 punya 52 minggu ISO');
    const made = (await (await post(boss, '2026-W46')).json()) as { week: string; figures: { totals: { hoaks: number } } };
    expect(made).toMatchObject({ week: '2026-W46', figures: { totals: { hoaks: 1 } } });
    // A week picked by any of its days: Sunday 22 November is still W47, Monday the 23rd is W48.
    const byDate = async (body: Record<string, string>) =>
      (await (
        await app.request('http://desk.test/reports', {
          method: 'POST',
          headers: { ...boss, 'content-type': 'application/json' },
          body: JSON.stringify({ ...body, format: 'html' }),
        })
      ).json()) as { week: string; figures: { totals: { hoaks: number; monitored: number } } };
    const sunday = await byDate({ date: '2026-11-22' });
    expect(sunday).toMatchObject({ week: '2026-W47', figures: { totals: { hoaks: 1 } } });
    const inW47 = await tdb.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('fetched_at', '>=', W47.start)
      .where('fetched_at', '<', W47.end)
      .executeTakeFirstOrThrow();
    expect(sunday.figures.totals.monitored).toBe(Number(inW47.n));
    await expect(byDate({ week: '2026-11-23' })).resolves.toMatchObject({ week: '2026-W48', figures: { totals: { monitored: 1 } } });
    const impossible = await post(boss, '2026-02-30');
    expect(impossible.status).toBe(400);
    expect(((await impossible.json()) as { error: { message: string } }).error.message).toBe('Minggu tidak sah: tanggal "2026-02-30" tidak ada di kalender');
  });
  it('never counts a complaint as a confirmed hoax, so totals, top cases, appendix and trend agree, and never prints a negative time', async () => {
    // As the unguarded desk left it: the case sent to Propam given "Hoaks" in W47 with no override, and
    // the clarification recorded as published 413 minutes before its item was first seen.
    const propam = await tdb.db.selectFrom('cases').select(['id', 'decided_at']).where('complaint_route', '=', 'propam').executeTakeFirstOrThrow();
    const first = await tdb.db
      .selectFrom('case_items as ci')
      .innerJoin('items as i', 'i.id', 'ci.item_id')
      .select((eb) => eb.fn.min('i.fetched_at').as('at'))
      .where('ci.case_id', '=', propam.id)
      .executeTakeFirstOrThrow();
    await tdb.db
      .updateTable('cases')
      .set({ verdict: 'hoaks', decided_at: new Date(new Date(first.at as Date).getTime() + 2 * HOUR) })
      .where('id', '=', propam.id)
      .execute();
    const published = await tdb.db
      .selectFrom('clarifications')
      .select(['id', 'case_id', 'published_at'])
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    const caseFirst = await tdb.db
      .selectFrom('case_items as ci')
      .innerJoin('items as i', 'i.id', 'ci.item_id')
      .select((eb) => eb.fn.min('i.fetched_at').as('at'))
      .where('ci.case_id', '=', published.case_id)
      .executeTakeFirstOrThrow();
    await tdb.db
      .updateTable('clarifications')
      .set({ published_at: new Date(new Date(caseFirst.at as Date).getTime() - 413 * 60_000) })
      .where('id', '=', published.id)
      .execute();
    const input = { week: W47, unit: 'Polres Belitung Timur', pipeline: 'beltim', timeZone: TZ, modelVersion: version, preparedBy: 'uji' };
    const r = await gatherWeekly(tdb.db, input);
    const confirmed = r.totals.hoaks + r.totals.disinformasi + r.totals.misinformasi;
    expect(r.totals).toMatchObject({ hoaks: 1, disinformasi: 1, complaints_routed: 1, median_to_clarification_s: null, impossible_durations: 1 });
    expect(r.appendix.map((k) => k.id)).not.toContain(propam.id);
    expect(r.appendix.length).toBe(confirmed);
    expect(r.topCases.map((k) => k.id)).not.toContain(propam.id);
    for (const k of r.topCases.filter((x) => ['hoaks', 'disinformasi', 'misinformasi'].includes(x.verdict ?? ''))) {
      expect(r.appendix.map((x) => x.id)).toContain(k.id);
    }
    expect(r.trend.at(-1)).toEqual({ week: '2026-W47', n: confirmed });
    const built = await buildWeeklyReport(deps, { week: W47, format: 'html' });
    const page = fs.readFileSync(built.htmlPath!, 'utf8');
    expect(page).not.toMatch(/-\d+ menit/);
    expect(page).toMatch(/Median waktu: pertama terlihat → klarifikasi terbit<\/td><td class="num">—<\/td>/);
    expect(page).toContain('Catatan: 1 putusan/klarifikasi minggu ini tercatat sebelum butirnya pertama terlihat');
    expect(page).toContain(`Lampiran: semua kasus terkonfirmasi (${confirmed})`);
  });

  it('keeps fact-check articles out of the items to watch', async () => {
    const input = { week: W47, unit: 'Polres Belitung Timur', pipeline: 'beltim', timeZone: TZ, modelVersion: version, preparedBy: 'uji' };
    const all = await gatherWeekly(tdb.db, input);
    // Without fact-check sources the archive's items about the police are among the most urgent.
    expect(all.notable.filter((n) => n.source === 'TurnBackHoax (arsip)').length).toBeGreaterThan(0);
    const withoutArchive = await gatherWeekly(tdb.db, { ...input, factCheckSources: ['tbh'] });
    expect(withoutArchive.notable.length).toBeGreaterThan(0);
    expect(withoutArchive.notable.map((n) => n.source)).not.toContain('TurnBackHoax (arsip)');
    // An item classified as coming from a fact-checker (a source's `trust`) is left out as well.
    const top = withoutArchive.notable[0]!;
    const { source_trust: trust } = await tdb.db
      .selectFrom('classifications')
      .select('source_trust')
      .where('item_id', '=', top.id)
      .where('model_version', '=', version)
      .executeTakeFirstOrThrow();
    await tdb.db.updateTable('classifications').set({ source_trust: 'factcheck' }).where('item_id', '=', top.id).where('model_version', '=', version).execute();
    try {
      const again = await gatherWeekly(tdb.db, { ...input, factCheckSources: ['tbh'] });
      expect(again.notable.map((n) => n.id)).not.toContain(top.id);
      // The pipeline's `factCheck` sources reach the report through its deps, and the HTML follows.
      const built = await buildWeeklyReport(
        { ...deps, pipeline: { ...deps.pipeline, sources: [{ id: 'tbh', factCheck: true }] } },
        { week: W47, format: 'html' },
      );
      const watch = fs.readFileSync(built.htmlPath!, 'utf8').split('4. Penyebutan kepolisian')[1]!.split('5. Kesehatan sumber')[0]!;
      expect(watch).not.toContain('TurnBackHoax (arsip)');
    } finally {
      await tdb.db.updateTable('classifications').set({ source_trust: trust }).where('item_id', '=', top.id).where('model_version', '=', version).execute();
    }
  });

  it('offers the last complete week that has items, else the week in progress, and says why', async () => {
    const at = (y: number, m: number, d: number) => wib(y, m, d, 12);
    // Wednesday of W48: W47 is complete and has items.
    await expect(defaultReportWeek(tdb.db, at(2026, 11, 25), TZ)).resolves.toMatchObject({ week: { id: '2026-W47' }, basis: 'complete' });
    // Thursday of W50: W49 is empty; the last item before it was seen on Monday 23 November (W48).
    const earlier = await defaultReportWeek(tdb.db, at(2026, 12, 10), TZ);
    expect(earlier).toMatchObject({ week: { id: '2026-W48' }, basis: 'earlier' });
    expect(earlier.note).toBe(
      'Minggu lalu, 2026-W49 (30 Nov 2026 – 6 Des 2026), tidak berisi butir; dipilih minggu terakhir yang berisi butir: 2026-W48 (23 Nov 2026 – 29 Nov 2026).',
    );
    // Tuesday of W46, the first week with items: only the week in progress has any (the demo's first day).
    const current = await defaultReportWeek(tdb.db, at(2026, 11, 10), TZ);
    expect(current).toMatchObject({ week: { id: '2026-W46' }, basis: 'current' });
    expect(current.note).toContain('belum selesai');
    await expect(defaultReportWeek(tdb.db, at(2026, 11, 1), TZ)).resolves.toMatchObject({ week: { id: '2026-W43' }, basis: 'empty' });
  });
  it("counts items the desk labelled 'Kritik → pengaduan' as criticism and complaints, never as hoaxes, and an item with a routed case once", async () => {
    // A week of its own (2027-W10), with items no earlier test decided or labelled.
    const W = parseIsoWeek('2027-W10', TZ);
    const at = (day: number, hour: number) => wib(2027, 3, day, hour);
    const input = { week: W, unit: 'Polres Belitung Timur', pipeline: 'beltim', timeZone: TZ, modelVersion: version, preparedBy: 'uji' };
    // Real criticism of the police (Tempo Hukum), beside the seeded items.
    await seedHukumNews(tdb.db, CRITICISM_NEWS_TITLES);
    const inCase = new Set((await tdb.db.selectFrom('case_items').select('item_id').execute()).map((r) => r.item_id));
    const classified = await classifiedRoots();
    const free = classified.filter((x) => !inCase.has(x.item_id));
    const critical = free.filter((x) => isCriticismOnly(x.police_flags)).map((x) => x.item_id);
    const plain = free.filter((x) => !isCriticismOnly(x.police_flags)).map((x) => x.item_id);
    expect(critical.length).toBeGreaterThanOrEqual(2);
    expect(plain.length).toBeGreaterThanOrEqual(4);
    const [labelled, routed, decided, relabelled] = plain as [number, number, number, number];
    const [stillCritical, official] = critical as [number, number];
    const moved = [labelled, routed, decided, relabelled, stillCritical, official];
    for (const [n, id] of moved.entries())
      await tdb.db
        .updateTable('items')
        .set({ fetched_at: at(8 + n, 10) })
        .where('id', '=', id)
        .execute();

    // The classifier's word alone: two criticism items, nothing sent to complaints, and the "Hoaks" case a hoax.
    const { case: kd } = await openCase(tdb.db, team.analis, decided);
    await setVerdict(tdb.db, team.analis, kd.id, kd.version, 'hoaks');
    await tdb.db
      .updateTable('cases')
      .set({ decided_at: at(10, 15) })
      .where('id', '=', kd.id)
      .execute();
    const before = await gatherWeekly(tdb.db, input);
    expect(before.totals).toMatchObject({ criticism_items: 2, complaints_routed: 0, hoaks: 1 });
    expect(before.appendix.map((k) => k.id)).toEqual([kd.id]);

    // The desk's word: four items labelled "Kritik → pengaduan" (one of them later "Hoaks tentang polisi" by a
    // colleague, the newest word), one criticism item labelled "Berita resmi/netral", another "Bukan hoaks".
    await correctItems(tdb.db, team.analis, [labelled, routed, decided, relabelled], { kind: 'class', value: 'kritik' });
    await correctItems(tdb.db, team.analis2, [relabelled], { kind: 'class', value: 'hoaks_polisi' });
    await correctItems(tdb.db, team.analis2, [routed], { kind: 'class', value: 'kritik' }); // two analysts agree: still one item
    await correctItems(tdb.db, team.analis, [official], { kind: 'class', value: 'resmi_netral' });
    await correctItems(tdb.db, team.analis, [stillCritical], { kind: 'class', value: 'bukan_hoaks' });
    await tdb.db
      .updateTable('item_labels')
      .set({ created_at: at(12, 9) })
      .where('item_id', 'in', moved)
      .execute();
    // One labelled item is also in a case sent to Propam in the week: it counts once, as that case.
    const { case: kr } = await openCase(tdb.db, team.analis, routed);
    await routeComplaint(tdb.db, team.analis, kr.id, kr.version, 'propam', 'keluhan pelayanan');
    await tdb.db
      .updateTable('cases')
      .set({ complaint_routed_at: at(12, 11) })
      .where('id', '=', kr.id)
      .execute();

    const r = await gatherWeekly(tdb.db, input);
    expect(r.totals).toMatchObject({
      monitored: moved.length,
      criticism_items: 4, // labelled, routed, decided (the desk), stillCritical (the classifier; "bukan hoaks" names no class)
      complaints_routed: 3, // the routed case, and the labelled and decided items that belong to no routed case
      hoaks: 0, // the "Hoaks" case holds an item the desk called criticism
      disinformasi: 0,
      misinformasi: 0,
    });
    expect(r.appendix).toEqual([]);
    expect(r.trend.at(-1)).toEqual({ week: '2027-W10', n: 0 });
    expect(r.topCases.map((k) => k.id)).not.toContain(kd.id);
    expect(r.topCases.map((k) => k.id)).not.toContain(kr.id);
    // Labels given in another week send nothing to complaints in this one; the items stay criticism.
    await tdb.db
      .updateTable('item_labels')
      .set({ created_at: at(20, 9) })
      .where('item_id', 'in', moved)
      .execute();
    expect((await gatherWeekly(tdb.db, input)).totals).toMatchObject({ criticism_items: 4, complaints_routed: 1, hoaks: 0 });
  });

  it("counts items the desk labelled 'Mengatasnamakan polisi' as impersonations, and drops the classifier's flag where the desk said otherwise", async () => {
    // A week of its own (2027-W12), with items no earlier test moved, decided or labelled.
    const W = parseIsoWeek('2027-W12', TZ);
    const at = (day: number, hour: number) => wib(2027, 3, day, hour);
    const input = { week: W, unit: 'Polres Belitung Timur', pipeline: 'beltim', timeZone: TZ, modelVersion: version, preparedBy: 'uji' };
    // The demo's real circulated posts (TurnBackHoax-quoted), which hold messages in a police officer's name.
    const beltim = await loadPipeline('beltim');
    const declared = (await listSources(tdb.db, beltim.name)).filter((s) => s.enabled && s.id !== 'posts');
    await syncSources(tdb.db, beltim.name, [
      ...declared.map((s) => ({ id: s.id, kind: s.kind, name: s.name, schedule: s.schedule, enabled: true, config: s.config })),
      { id: 'posts', kind: 'import', name: 'Unggahan publik', schedule: null, enabled: true, config: {} },
    ]);
    const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger, limits: {} };
    await recordRun(ingest, 'posts', () => readImport({ path: path.join(PROJECT_DIR, 'pipelines/demo-data/public-posts.csv'), columns: {}, language: 'id' }));
    await runClassify({ db: tdb.db, log: silentLogger, ctx: { model, triage, lexicon: { units: beltim.area.units }, places: beltim.area.places } });
    const taken = new Set([
      ...(await tdb.db.selectFrom('case_items').select('item_id').execute()).map((r) => r.item_id),
      ...(await tdb.db.selectFrom('item_labels').select('item_id').execute()).map((r) => r.item_id),
    ]);
    const classified = await classifiedRoots('posts');
    const free = classified.filter((x) => !taken.has(x.item_id));
    const flaggedImp = free.filter((x) => x.police_flags?.mengatasnamakan_polisi.flagged).map((x) => x.item_id);
    const plain = free.filter((x) => !x.police_flags?.mengatasnamakan_polisi.flagged).map((x) => x.item_id);
    expect(flaggedImp.length).toBeGreaterThanOrEqual(3);
    expect(plain.length).toBeGreaterThanOrEqual(2);
    const [kept, denied, official] = flaggedImp as [number, number, number];
    const [missed, relabelled] = plain as [number, number];
    const moved = [kept, denied, official, missed, relabelled];
    for (const [n, id] of moved.entries())
      await tdb.db
        .updateTable('items')
        .set({ fetched_at: at(22 + (n % 5), 10) })
        .where('id', '=', id)
        .execute();
    expect((await gatherWeekly(tdb.db, input)).totals.impersonation_items).toBe(3);

    // The desk: one flagged item is "Bukan hoaks", one "Berita resmi/netral"; the classifier missed one that is
    // "Mengatasnamakan polisi"; one more is labelled so and then, by a colleague, "Hoaks tentang polisi" (the newest word).
    await correctItems(tdb.db, team.analis, [denied], { kind: 'class', value: 'bukan_hoaks' });
    await correctItems(tdb.db, team.analis, [official], { kind: 'class', value: 'resmi_netral' });
    await correctItems(tdb.db, team.analis, [missed, relabelled, kept], { kind: 'class', value: 'mengatasnamakan' });
    await correctItems(tdb.db, team.analis2, [relabelled], { kind: 'class', value: 'hoaks_polisi' });
    expect((await gatherWeekly(tdb.db, input)).totals.impersonation_items).toBe(2); // kept (once: flag and label) and missed
  });
});
