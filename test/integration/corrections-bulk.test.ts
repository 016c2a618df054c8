import { load } from 'cheerio';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/audit.repo.ts';
import { queue } from '../../src/db/queue.repo.ts';
import { correctionMessage, correctItems } from '../../src/review/labels.service.ts';
import { ITEM_LABELS } from '../../src/vocabulary.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDb, truncateWithAudit, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { BASE, deskLogin, flashOf, formPost } from '../helpers/desk-session.ts';
import { expectDeskError, flaggedIds, resetDesk, seedItems, seedTeam, version, type Team } from '../helpers/desk.ts';

// Corrections as a bulk action on the queue (issue 17): one label per item through the labels service,
// one audit entry each with who and when, one transaction, and an unknown item costs only itself.
let tdb: TestDb;
let team: Team;
let flagged: number[];
let app: ReturnType<typeof createApp>;
const MISSING = 2 ** 31 - 1;

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  flagged = await flaggedIds(tdb.db);
  app = createApp(await deskRuntime(tdb));
});
afterAll(() => tdb?.dispose());
beforeEach(async () => {
  await resetDesk(tdb.db);
  await truncateWithAudit(tdb.db, sql`truncate item_labels, login_attempts, sessions`);
});

const openQueue = async () =>
  (await queue(tdb.db, { modelVersion: version, status: 'terbuka', sort: 'prioritas', page: 1, pageSize: 500 }).list()).map((r) => r.id);
const classLabels = (ids: readonly number[]) =>
  tdb.db
    .selectFrom('item_labels')
    .select(['item_id', 'user_id', 'value', 'current'])
    .where('kind', '=', 'class')
    .where('item_id', 'in', [...ids])
    .orderBy('item_id')
    .execute();
const labelAudit = async () => (await listAudit(tdb.db, { entity: 'item' })).filter((a) => a.action === 'item.labelled');
const asc = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

describe('correctItems on many items', () => {
  it('labels every known item, names the unknown one in Indonesian, and writes one audit entry per label', async () => {
    const ids = flagged.slice(0, 6);
    const r = await correctItems(tdb.db, team.analis, [...ids.slice(0, 3), MISSING, ...ids.slice(3)], { kind: 'class', value: 'resmi_netral' });
    expect(asc(r.labelled)).toEqual(asc(ids));
    expect(r.unchanged).toEqual([]);
    expect(r.failed).toEqual([{ itemId: MISSING, message: `Butir #${MISSING} tidak ditemukan.` }]);
    expect(correctionMessage({ kind: 'class', value: 'resmi_netral' }, r)).toBe(
      `6 butir dilabeli "Berita resmi/netral". 1 butir gagal: butir #${MISSING}: Butir #${MISSING} tidak ditemukan.`,
    );
    expect(await classLabels(ids)).toEqual(asc(ids).map((item_id) => ({ item_id, user_id: team.analis.id, value: 'resmi_netral', current: true })));
    const audit = await labelAudit();
    expect(asc(audit.map((a) => Number(a.entity_id)))).toEqual(asc(ids));
    expect(audit.every((a) => a.username === 'rina' && a.at instanceof Date && (a.after as { label: string }).label === 'resmi_netral')).toBe(true);
    const open = await openQueue();
    for (const id of ids) expect(open).not.toContain(id);
    expect(await tdb.db.selectFrom('cases').select('id').execute()).toEqual([]);
  });

  it('refuses a request naming only unknown items, or a role without triage, storing nothing', async () => {
    await expectDeskError(
      correctItems(tdb.db, team.analis, [MISSING, MISSING - 1], { kind: 'class', value: 'bukan_hoaks' }),
      'INVALID_INPUT',
      /tidak ditemukan/,
    );
    await expectDeskError(correctItems(tdb.db, team.humas, flagged.slice(0, 2), { kind: 'class', value: 'bukan_hoaks' }), 'FORBIDDEN');
    expect(await tdb.db.selectFrom('item_labels').select('id').execute()).toEqual([]);
    expect(await labelAudit()).toEqual([]);
  });
});

describe('POST /queue/bulk with a correction', () => {
  it('works as a plain form: the ticked rows are labelled, leave the open queue, and the flash names the refused row', async () => {
    const s = await deskLogin(app, 'rina');
    const page = await (await app.request(`${BASE}/queue?per=5`, { headers: { cookie: s.cookie } })).text();
    // The bulk bar carries the five corrections as submit buttons of the bulk form, with their keys.
    for (const [code, key] of [
      ['bukan_hoaks', '1'],
      ['resmi_netral', '2'],
      ['kritik', '3'],
      ['mengatasnamakan', '4'],
      ['hoaks_polisi', '5'],
    ])
      expect(page).toMatch(
        new RegExp(
          `<form method="post" action="/queue/bulk" id="bulk"[\\s\\S]*<button type="submit" name="label" value="${code}"[^>]*data-key="${key}"[\\s\\S]*</form>`,
        ),
      );
    expect(page).toContain('<dt><kbd>2</kbd></dt><dd>koreksi butir terpilih: &quot;Berita resmi/netral&quot;</dd>');
    const ids = /name="page_items" value="([\d,]+)"/.exec(page)![1]!.split(',').map(Number).slice(0, 4);

    const res = await app.request(
      `${BASE}/queue/bulk`,
      formPost(s, [
        ['label', 'bukan_hoaks'],
        ...[...ids, MISSING].map((i): [string, string] => ['item', String(i)]),
        ['reason', ''],
        ['assignee', ''],
        ['priority', ''],
        ['back', '/queue?per=5'],
      ]),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/queue?per=5');
    expect(flashOf(res)).toEqual({
      kind: 'error',
      text: `4 butir dilabeli "Bukan hoaks". 1 butir gagal: butir #${MISSING}: Butir #${MISSING} tidak ditemukan.`,
    });
    expect((await classLabels(ids)).map((l) => l.value)).toEqual(['bukan_hoaks', 'bukan_hoaks', 'bukan_hoaks', 'bukan_hoaks']);
    expect(asc((await labelAudit()).map((a) => Number(a.entity_id)))).toEqual(asc(ids));
    const open = await openQueue();
    for (const id of ids) expect(open).not.toContain(id);
    expect(await tdb.db.selectFrom('cases').select('id').execute()).toEqual([]);
  });

  it('labels the whole page with "select all", answers JSON per item, and refuses a bad choice or role by name', async () => {
    const s = await deskLogin(app, 'dodi');
    const page = await (await app.request(`${BASE}/queue?per=3`, { headers: { cookie: s.cookie } })).text();
    const pageIds = /name="page_items" value="([\d,]+)"/.exec(page)![1]!.split(',').map(Number);
    const all = await app.request(
      `${BASE}/queue/bulk`,
      formPost(s, [
        ['label', 'kritik'],
        ['all', '1'],
        ['page_items', pageIds.join(',')],
      ]),
    );
    expect(flashOf(all)).toEqual({ kind: 'ok', text: '3 butir dilabeli "Kritik → pengaduan".' });
    const complaints = (await queue(tdb.db, { modelVersion: version, status: 'pengaduan', sort: 'prioritas', page: 1, pageSize: 500 }).list()).map((r) => r.id);
    expect(complaints).toEqual(expect.arrayContaining(pageIds));

    const json = await app.request(`${BASE}/queue/bulk`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json', origin: BASE, 'x-csrf-token': s.csrf },
      body: JSON.stringify({ _csrf: s.csrf, label: 'hoaks_polisi', item: [pageIds[0], MISSING] }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ labelled: [pageIds[0]], unchanged: [], failed: [{ itemId: MISSING, message: `Butir #${MISSING} tidak ditemukan.` }] });
    // The newest label speaks for the item: a hoax about the police is open again.
    expect(await openQueue()).toContain(pageIds[0]);

    const unknown = await app.request(
      `${BASE}/queue/bulk`,
      formPost(s, [
        ['label', 'palsu'],
        ['item', String(pageIds[1])],
      ]),
    );
    expect(flashOf(unknown)!.text).toMatch(
      /label: koreksi tidak dikenal; pilih salah satu dari bukan_hoaks, resmi_netral, kritik, mengatasnamakan, hoaks_polisi/,
    );
    const both = await app.request(
      `${BASE}/queue/bulk`,
      formPost(s, [
        ['label', 'bukan_hoaks'],
        ['action', 'dismiss'],
        ['item', String(pageIds[1])],
      ]),
    );
    expect(flashOf(both)!.text).toMatch(/action: pilih satu tindakan saja/);
    const none = await app.request(`${BASE}/queue/bulk`, formPost(s, [['label', 'bukan_hoaks']]));
    expect(flashOf(none)!.text).toBe('Pilih butir yang akan dikoreksi.');

    const h = await deskLogin(app, 'sari');
    const refused = await app.request(
      `${BASE}/queue/bulk`,
      formPost(h, [
        ['label', 'bukan_hoaks'],
        ['item', String(pageIds[1])],
      ]),
    );
    expect(flashOf(refused)!.text).toMatch(/hanya untuk peran Analis/);
    expect((await classLabels([pageIds[1]!])).map((l) => l.value)).toEqual(['kritik']);
  });
  it("posts a queue row's correction through the page's one row form: its button names the item and the label", async () => {
    const s = await deskLogin(app, 'rina');
    const page = load(await (await app.request(`${BASE}/queue?status=semua`, { headers: { cookie: s.cookie } })).text());
    // One form for every row, holding what each row's form used to repeat.
    const form = page('form#koreksi-baris');
    expect(form.length).toBe(1);
    expect(form.attr('action')).toBe('/items/label');
    const hidden = Object.fromEntries(
      form
        .find('input[type=hidden]')
        .map((_, el) => [[page(el).attr('name')!, page(el).attr('value')!]])
        .get() as Array<[string, string]>,
    );
    expect(hidden).toEqual({ _csrf: s.csrf, kind: 'class', back: '/queue?status=semua&sort=prioritas&page=1' });
    const rows = page('table.queue tbody tr');
    expect(rows.length).toBeGreaterThan(1);
    rows.each((_, tr) => {
      const id = page(tr).attr('data-item');
      const picks = page(tr)
        .find('details.row-correct button.correct')
        .map((_, b) => [[page(b).attr('form'), page(b).attr('name'), page(b).attr('value')]])
        .get();
      expect(picks).toEqual(ITEM_LABELS.map((code) => ['koreksi-baris', 'pick', `${id}:${code}`]));
    });
    expect(page('details.row-correct form').length).toBe(0);
    // What a browser sends for the second row's "Berita resmi/netral": the row form's fields and the button's pick.
    const id = Number(rows.eq(1).attr('data-item'));
    const res = await app.request(
      `${BASE}/items/label`,
      formPost(s, [...Object.entries(hidden).filter(([k]) => k !== '_csrf'), ['pick', `${id}:resmi_netral`]]),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/queue?status=semua&sort=prioritas&page=1');
    expect(flashOf(res)).toEqual({ kind: 'ok', text: '1 butir dilabeli "Berita resmi/netral".' });
    expect(await classLabels([id])).toEqual([{ item_id: id, user_id: team.analis.id, value: 'resmi_netral', current: true }]);
    // A pick that is not "id:label" is refused by name, and nothing is labelled.
    for (const pick of [`${id}`, `x:resmi_netral`, `:resmi_netral`, `${id}:`]) {
      const bad = await app.request(`${BASE}/items/label`, {
        ...formPost(s, [['pick', pick]]),
        headers: { ...formPost(s, []).headers, accept: 'application/json' },
      });
      expect(bad.status, pick).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message, pick).toMatch(/pick: bukan "nomor:koreksi"/);
    }
    expect((await classLabels([id])).length).toBe(1);
  });
  it('reports a refused item the same way from POST /items/label, the one-click form', async () => {
    const s = await deskLogin(app, 'rina');
    const id = flagged[0]!;
    const res = await app.request(
      `${BASE}/items/label`,
      formPost(s, [
        ['kind', 'class'],
        ['value', 'mengatasnamakan'],
        ['item_ids', String(id)],
        ['item_ids', String(MISSING)],
      ]),
    );
    expect(res.status).toBe(303);
    expect(flashOf(res)).toEqual({
      kind: 'error',
      text: `1 butir dilabeli "Mengatasnamakan polisi". 1 butir gagal: butir #${MISSING}: Butir #${MISSING} tidak ditemukan.`,
    });
    expect((await classLabels([id])).map((l) => l.value)).toEqual(['mengatasnamakan']);
  });
});
