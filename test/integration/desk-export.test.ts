import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../src/report/iso-week.ts';
import { gatherWeekly } from '../../src/report/weekly-data.ts';
import { renderWeeklyHtml } from '../../src/report/weekly-html.ts';
import { openCase, setVerdict, updateCase } from '../../src/review/cases.service.ts';
import { createApp } from '../../src/web/app.ts';
import { zonedToInstant } from '../../src/zoned-time.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { BASE, deskLogin, type DeskSession } from '../helpers/desk-session.ts';
import { flaggedIds, seedItems, seedTeam, version, type Team } from '../helpers/desk.ts';

// Exports (CSV and Excel) and the on-screen Ringkasan over a week of real items placed on known days.
const TZ = 'Asia/Jakarta';
const W47 = parseIsoWeek('2026-W47', TZ);
const wib = (d: number, h: number, min = 0) => zonedToInstant(2026, 11, d, h, min, 0, TZ);
const HOUR = 3600_000;
const INJECTION = '=HYPERLINK("http://contoh.invalid","klik")';

let tdb: TestDb;
let team: Team;
let app: ReturnType<typeof createApp>;
let s: DeskSession;
/** case id → [created, decided] */
const cases = new Map<number, { created: Date; decided: Date | null; title: string }>();

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  const all = (await tdb.db.selectFrom('items').select('id').orderBy('id').execute()).map((r) => r.id);
  // Everything seen in W47 (16–22 Nov), a third in W46, spread over the days and hours.
  for (const [i, id] of all.entries()) {
    const at = i % 3 === 0 ? new Date(wib(9, 10).getTime() + (i % 7) * 24 * HOUR) : new Date(wib(16, 8).getTime() + (i % 7) * 24 * HOUR + (i % 5) * HOUR);
    await tdb.db.updateTable('items').set({ fetched_at: at }).where('id', '=', id).execute();
  }
  const flagged = (await flaggedIds(tdb.db)).slice(0, 4);
  const verdicts = ['hoaks', 'disinformasi', 'bukan_hoaks', null] as const;
  for (const [i, itemId] of flagged.entries()) {
    let { case: k } = await openCase(tdb.db, team.analis, itemId);
    if (i === 0) k = await updateCase(tdb.db, team.analis, k.id, k.version, { title: INJECTION, assigneeId: team.analis2.id });
    const verdict = verdicts[i];
    if (verdict) await setVerdict(tdb.db, team.analis, k.id, k.version, verdict, 'dicek');
    // Opened Tuesday 17 Nov 09:3x WIB; decided the next day at 14:05 WIB (02:05… UTC would be the wrong clock).
    const created = wib(17, 9, 30 + i);
    const decided = verdict ? wib(18, 14, 5) : null;
    await tdb.db.updateTable('cases').set({ created_at: created, decided_at: decided }).where('id', '=', k.id).execute();
    cases.set(k.id, { created, decided, title: i === 0 ? INJECTION : k.title });
  }
  app = createApp(await deskRuntime(tdb));
  s = await deskLogin(app, 'kasi'); // pimpinan: reads and exports, takes no triage action
});
afterAll(() => tdb?.dispose());

const get = (path: string, session: DeskSession | null = s, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, { headers: { ...(session ? { cookie: session.cookie } : {}), ...headers } });

async function xlsx(res: Response): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return wb;
}
/** A CSV download's rows, after checking that it starts with the UTF-8 byte-order mark. */
async function csvRows(res: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3))) as string[][];
}
const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

describe('export', () => {
  it('downloads cases as CSV: BOM, Indonesian headers, WIB dates day first, formulas defused', async () => {
    const res = await get('/export/kasus.csv?dari=2026-11-16&sampai=2026-11-22');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kasus-beltim-2026-11-16-2026-11-22.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes.slice(3)), { relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual([
      'Nomor kasus',
      'Klaim',
      'Putusan',
      'Jenis konten',
      'Topik',
      'Prioritas',
      'Petugas',
      'Diteruskan ke',
      'Jumlah butir',
      'Jumlah sumber',
      'Pertama terlihat (WIB)',
      'Dibuka (WIB)',
      'Diputuskan (WIB)',
      'Klarifikasi',
    ]);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual([...cases.keys()]);
    const [first, , third, fourth] = rows.slice(1) as [string[], string[], string[], string[]];
    expect(first[1]).toBe(`'${INJECTION}`);
    expect(first[2]).toBe('Hoaks');
    expect(first[6]).toBe('Brigpol Dodi Analis');
    expect(first[11]).toBe('17/11/2026 09:30');
    expect(first[12]).toBe('18/11/2026 14:05');
    expect(third[2]).toBe('Bukan hoaks (opini/kritik/lainnya)');
    expect(fourth[12]).toBe('');
    // A week with no cases opened: the header alone.
    const none = await csvRows(await get('/export/kasus.csv?dari=2026-11-23&sampai=2026-11-29'));
    expect(none).toHaveLength(1);
  });

  it('downloads cases as an Excel workbook exceljs opens, times as dates on the WIB clock', async () => {
    const res = await get('/export/kasus.xlsx?dari=2026-11-16&sampai=2026-11-22');
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kasus-beltim-2026-11-16-2026-11-22.xlsx"');
    const ws = (await xlsx(res)).getWorksheet('Kasus')!;
    expect(rowValues(ws, 1).slice(0, 3)).toEqual(['Nomor kasus', 'Klaim', 'Putusan']);
    expect(ws.rowCount).toBe(1 + cases.size);
    const first = rowValues(ws, 2);
    expect(first[0]).toBe([...cases.keys()][0]);
    expect(first[1]).toBe(`'${INJECTION}`);
    // 09:30 WIB is stored as the wall-clock 09:30 (Excel dates have no zone), shown as dd/mm/yyyy hh:mm.
    expect((first[11] as Date).toISOString()).toBe('2026-11-17T09:30:00.000Z');
    expect(ws.getCell(2, 12).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(first[8]).toBeTypeOf('number');
  });

  it('downloads the queue as filtered, the same rows in the same order as the queue shows', async () => {
    const filters = 'status=semua&sort=prioritas&min=30';
    const shown = (await (await get(`/queue?${filters}&per=200`, s, { accept: 'application/json' })).json()) as { items: Array<{ id: number; score: number }> };
    expect(shown.items.length).toBeGreaterThan(5);
    const csv = await csvRows(await get(`/export/butir.csv?${filters}`));
    expect(csv[0]!.slice(0, 7)).toEqual(['Nomor butir', 'Judul / kutipan', 'Sumber', 'Jenis sumber', 'Penulis', 'Waktu (WIB)', 'Skor (0–100)']);
    expect(csv.slice(1).map((r) => Number(r[0]))).toEqual(shown.items.map((i) => i.id));
    expect(csv.slice(1).every((r) => Number(r[6]) >= 30)).toBe(true);
    expect(csv.slice(1).every((r) => /^\d\d\/\d\d\/2026 \d\d:\d\d$/.test(r[5]!))).toBe(true);
    const res = await get(`/export/butir.xlsx?${filters}&source=tips`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="antrean-beltim-\d{8}-\d{4}\.xlsx"$/);
    const ws = (await xlsx(res)).getWorksheet('Antrean')!;
    const tips = (await (await get(`/queue?${filters}&source=tips&per=200`, s, { accept: 'application/json' })).json()) as { items: Array<{ id: number }> };
    expect(tips.items.length).toBeGreaterThan(0);
    expect(ws.getColumn(1).values.slice(2)).toEqual(tips.items.map((i) => i.id));
    expect(rowValues(ws, 2)[2]).toBe('Laporan masuk');
  });

  it('downloads the week’s figures: the report’s numbers, a sheet per part, and one long CSV', async () => {
    const data = await gatherWeekly(tdb.db, { week: W47, unit: 'x', pipeline: 'beltim', timeZone: TZ, modelVersion: version, preparedBy: 'x' });
    const wb = await xlsx(await get('/export/mingguan.xlsx?minggu=2026-W47'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Ringkasan',
      'Volume harian',
      'Topik',
      'Sumber',
      'Satuan polisi',
      'Tren 8 minggu',
      'Kasus terkonfirmasi',
    ]);
    const summary = wb.getWorksheet('Ringkasan')!;
    expect(rowValues(summary, 1)).toEqual(['Indikator', 'Minggu ini (2026-W47)', 'Minggu lalu (2026-W46)']);
    expect(rowValues(summary, 2)).toEqual(['Butir dipantau', data.totals.monitored, data.previousTotals.monitored]);
    expect(rowValues(summary, 3)).toEqual(['Butir ditandai untuk ditinjau', data.totals.flagged, data.previousTotals.flagged]);
    expect(rowValues(summary, 4)).toEqual(['Terkonfirmasi hoaks', 1, 0]);
    const daily = wb.getWorksheet('Volume harian')!;
    expect(rowValues(daily, 2)).toEqual(['Senin, 16/11/2026', data.daily[0]!.monitored, data.daily[0]!.flagged]);
    expect(wb.getWorksheet('Kasus terkonfirmasi')!.rowCount).toBe(1 + 2); // hoaks + disinformasi

    const res = await get('/export/mingguan.csv?tanggal=2026-11-19');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="angka-mingguan-beltim-2026-W47.csv"');
    const rows = await csvRows(res);
    expect(rows[0]).toEqual(['Bagian', 'Keterangan', 'Ukuran', 'Nilai']);
    expect(rows).toContainEqual(['Ringkasan', 'Butir dipantau', 'Minggu ini (2026-W47)', String(data.totals.monitored)]);
    expect(rows).toContainEqual(['Tren 8 minggu', '2026-W47', 'Hoaks terkonfirmasi', '2']);
    const topic = data.topics[0]!;
    expect(rows).toContainEqual(['Topik', topic.topic, 'Ditandai', String(topic.n)]);
  });

  it('is for signed-in people only, and refuses a week that does not exist by name', async () => {
    const anon = await get('/export/kasus.csv', null);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/export/kasus.csv')}`);
    expect((await get('/export/butir.xlsx', null, { accept: 'application/json' })).status).toBe(401);
    const bad = await get('/export/mingguan.csv?minggu=2026-W60', s, { accept: 'application/json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/minggu: "2026-W60" bukan minggu ISO/);
  });
});

describe('Ringkasan', () => {
  it('shows the report’s figures for the same week, with its charts, linked from the nav', async () => {
    const res = await get('/ringkasan?minggu=2026-W47');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<a href="/ringkasan" class="active">Ringkasan</a>');
    const data = await gatherWeekly(tdb.db, { week: W47, unit: 'x', pipeline: 'beltim', timeZone: TZ, modelVersion: version, preparedBy: 'x' });
    const report = await renderWeeklyHtml(data);
    const cells = (doc: string, table: RegExp) =>
      new Map([...(table.exec(doc)?.[1] ?? '').matchAll(/<tr><td>([^<]+)<\/td><td class="num">([^<]*)<\/td>/g)].map((m) => [m[1]!, m[2]!] as const));
    const ours = cells(page, /<table class="summary">([\s\S]*?)<\/table>/);
    const theirs = cells(report, /<table class="summary">([\s\S]*?)<\/table>/);
    const shared = [...ours.keys()].filter((k) => theirs.has(k));
    expect(shared.length).toBeGreaterThanOrEqual(10);
    for (const k of shared) expect([k, ours.get(k)]).toEqual([k, theirs.get(k)]);
    expect(ours.get('Terkonfirmasi hoaks')).toBe('1');
    expect(ours.get('Terkonfirmasi disinformasi')).toBe('1');
    expect(ours.get('Median waktu: pertama terlihat → putusan')).toBe(
      theirs.get('Median waktu: pertama terlihat → verdict') ?? theirs.get('Median waktu: pertama terlihat → putusan'),
    );
    // The report's charts, drawn by the same code, as images the CSP allows.
    expect(page.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(5);
    const svg = Buffer.from(/<img src="data:image\/svg\+xml;base64,([^"]+)"/.exec(page)![1]!, 'base64').toString();
    expect(svg).toContain('Volume harian: dipantau dan ditandai');
    for (const t of data.topics) expect(page).toContain(`<tr><td>${t.topic}</td><td class="num">${t.n.toLocaleString('id-ID')}</td></tr>`);
    expect(page).toContain('href="/export/mingguan.xlsx?minggu=2026-W47"');
    // The week holding a date, and this week by default.
    expect(await (await get('/ringkasan?tanggal=2026-11-22')).text()).toContain('Ringkasan minggu 2026-W47');
    expect(await (await get('/ringkasan')).text()).toContain('minggu berjalan, sampai saat ini');
  });
});
