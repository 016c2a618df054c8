import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../../src/review/auth.service.ts';
import { openCase, setVerdict } from '../../src/review/cases.service.ts';
import { draftClarification, submitClarification } from '../../src/review/clarifications.service.ts';
import { createApp } from '../../src/web/app.ts';
import { clarificationSettings } from '../../src/web/routes/clarification.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { flaggedIds, PASSWORD, resetDesk, seedItems, seedTeam, type Team } from '../helpers/desk.ts';

// Issue 16 through the desk's HTTP contract (app.request, real database): where each role lands, the
// nav's counts, notifications, the case list, search and the own account.
let tdb: TestDb;
let app: ReturnType<typeof createApp>;
let team: Team;
let flagged: number[];
let rt: Awaited<ReturnType<typeof deskRuntime>>;
const BASE = 'http://desk.test';

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  await addUser(tdb.db, null, { username: 'operator', displayName: 'Operator Sistem', roles: ['admin'], password: PASSWORD });
  flagged = await flaggedIds(tdb.db);
  rt = await deskRuntime(tdb);
  app = createApp(rt);
});
afterAll(() => tdb?.dispose());
beforeEach(async () => {
  await resetDesk(tdb.db);
  await sql`truncate login_attempts, sessions`.execute(tdb.db);
});

async function signIn(username: string, password = PASSWORD): Promise<{ cookie: string; csrf: string; landed: string }> {
  const res = await app.request(`${BASE}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    body: new URLSearchParams({ username, password }),
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const home = await app.request(`${BASE}${res.headers.get('location')}`, { headers: { cookie } });
  const landed = home.headers.get('location') ?? '';
  const page = await (await app.request(`${BASE}/notifikasi`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]!, landed };
}
const get = (s: { cookie: string }, path: string) => app.request(`${BASE}${path}`, { headers: { cookie: s.cookie } });
const post = (s: { cookie: string; csrf: string }, path: string, fields: Record<string, string>, referer = '/beranda') =>
  app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: BASE, referer: `${BASE}${referer}` },
    body: new URLSearchParams({ _csrf: s.csrf, ...fields }),
  });
const flashOf = (res: Response) => decodeURIComponent(res.headers.get('set-cookie') ?? '');

/** A confirmed case with a clarification submitted by humas, waiting for pimpinan. */
async function submitted() {
  const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
  const decided = await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks');
  const c = await draftClarification(
    tdb.db,
    team.humas,
    { caseId: k.id, templateId: 'hoaks', fakta: 'Tidak benar menurut Polsek Manggar.' },
    clarificationSettings(rt),
  );
  await submitClarification(tdb.db, team.humas, c.id, c.version);
  return { kase: decided, clarificationId: c.id };
}

describe('role homes', () => {
  it('lands each role where its work is, with the count of what waits in the nav', async () => {
    const { kase, clarificationId } = await submitted();
    const boss = await signIn('kasi');
    expect(boss.landed).toBe('/beranda');
    const home = await (await get(boss, '/beranda')).text();
    expect(home).toMatch(/Persetujuan <span class="count some">\(1\)<\/span>/);
    expect(home).toContain(`href="/clarifications/${clarificationId}"`);

    const humas = await signIn('sari');
    expect(humas.landed).toBe('/beranda');
    const humasHome = await (await get(humas, '/beranda')).text();
    // The case's clarification went up: nothing left to clarify, nothing approved yet.
    expect(humasHome).toMatch(/Perlu klarifikasi <span class="count ">\(0\)<\/span>/);
    expect(humasHome).toMatch(/Siap terbit <span class="count ">\(0\)<\/span>/);
    expect(humasHome).not.toContain('Persetujuan <span');

    const analyst = await signIn('rina');
    expect(analyst.landed).toBe('/queue');
    expect(await (await get(analyst, '/queue')).text()).toMatch(/Kasus saya <span class="count ">\(0\)<\/span>/);
    const admin = await signIn('operator');
    expect(admin.landed).toBe('/sources');

    // A second confirmed case with no clarification waits for humas.
    const { case: k2 } = await openCase(tdb.db, team.analis, flagged[1]!);
    await setVerdict(tdb.db, team.analis, k2.id, k2.version, 'disinformasi');
    const again = await (await get(humas, '/beranda')).text();
    expect(again).toMatch(/Perlu klarifikasi <span class="count some">\(1\)<\/span>/);
    expect(again).toContain(`href="/cases/${k2.id}"`);
    expect(again).not.toContain(`href="/cases/${kase.id}"`); // its clarification is with pimpinan
    // JSON clients get the lists, not the nav.
    const json = (await (await app.request(`${BASE}/beranda`, { headers: { cookie: humas.cookie, accept: 'application/json' } })).json()) as {
      to_clarify: Array<{ id: number }>;
    };
    expect(json.to_clarify.map((k) => k.id)).toEqual([k2.id]);
  });
});

describe('notifications on the desk', () => {
  it('shows an assignment as unread, opens it to the case and marks it read', async () => {
    const rina = await signIn('rina');
    const dodi = await signIn('dodi');
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    const res = await post(rina, `/cases/${k.id}/update`, { version: String(k.version), assignee: String(team.analis2.id) }, `/cases/${k.id}`);
    expect(res.status).toBe(303);
    const list = await (await get(dodi, '/notifikasi')).text();
    expect(list).toMatch(/Notifikasi <span class="count some">\(1\)<\/span>/);
    expect(list).toContain('Kasus ditugaskan kepada Anda');
    expect(list).toMatch(/Kasus saya <span class="count some">\(1\)<\/span>/);
    const id = /action="\/notifikasi\/(\d+)\/buka"/.exec(list)![1]!;
    // Another person cannot open it.
    const foreign = await post(rina, `/notifikasi/${id}/buka`, {});
    expect(flashOf(foreign)).toContain(`Notifikasi #${id} tidak ditemukan.`);
    const open = await post(dodi, `/notifikasi/${id}/buka`, {});
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe(`/cases/${k.id}`);
    expect(await (await get(dodi, '/notifikasi')).text()).toMatch(/Notifikasi <span class="count ">\(0\)<\/span>/);
    const none = await post(dodi, '/notifikasi/baca', {});
    expect(flashOf(none)).toContain('Pilih notifikasi');
  });
});

describe('case list and search pages', () => {
  it('lists cases by the filters given, in Indonesian, and refuses a bad filter by name', async () => {
    const s = await signIn('rina');
    const { case: a } = await openCase(tdb.db, team.analis, flagged[0]!);
    await setVerdict(tdb.db, team.analis, a.id, a.version, 'hoaks');
    const { case: b } = await openCase(tdb.db, team.analis, flagged[1]!);
    const page = await (await get(s, '/kasus?verdict=hoaks')).text();
    expect(page).toContain('Daftar kasus <small>1 kasus</small>');
    expect(page).toContain(`href="/cases/${a.id}"`);
    expect(page).not.toContain(`href="/cases/${b.id}"`);
    expect(await (await get(s, '/kasus?status=terbuka')).text()).toContain(`href="/cases/${b.id}"`);
    const bad = await get(s, '/kasus?status=entah&from=kemarin');
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('status');
    expect(text).toContain('tanggal harus berbentuk TTTT-BB-HH');
  });

  it('searches every item and asks for words when given none', async () => {
    const s = await signIn('sari');
    expect(await (await get(s, '/cari')).text()).toContain('Ketik kata yang dicari.');
    const found = await (await get(s, `/cari?q=${encodeURIComponent('penculikan Manggar')}`)).text();
    const tip = await tdb.db.selectFrom('items').select('id').where('text', 'like', '%penculikan anak di Manggar%').orderBy('id').executeTakeFirstOrThrow();
    expect(found).toContain(`href="/items/${tip.id}"`);
    expect(found).toContain('unggahan ulang dari'); // reposts are found too
  });
});

describe('own account page', () => {
  it('refuses a wrong current password with an Indonesian message, and ending the current session signs out', async () => {
    const s = await signIn('dodi');
    const page = await (await get(s, '/akun')).text();
    expect(page).toContain('(sesi ini)');
    const wrong = await post(s, '/akun/kata-sandi', { current: 'bukan-sandinya-1', next: 'sandi-baru-kuat-12', repeat: 'sandi-baru-kuat-12' }, '/akun');
    expect(wrong.headers.get('location')).toBe('/akun');
    expect(flashOf(wrong)).toContain('Kata sandi saat ini salah.');
    const handle = /name="sesi" value="([0-9a-f]{32})"/.exec(page)![1]!;
    const end = await post(s, '/akun/sesi/akhiri', { sesi: handle }, '/akun');
    expect(end.headers.get('location')).toBe('/login');
    expect(end.headers.get('set-cookie')).toMatch(/saring_sesi=;/);
    const after = await get(s, '/beranda');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/login?next=%2Fberanda');
  });
});
