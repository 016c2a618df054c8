import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addJob, migrateQueue } from '../../src/jobs/graphile.ts';
import { silentLogger } from '../../src/log.ts';
import { createApp } from '../../src/web/app.ts';
import type { ReplayServer } from '../../src/web/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { flaggedIds, PASSWORD, resetDesk, seedItems, seedTeam } from '../helpers/desk.ts';
import { startLinkPages } from '../helpers/link-pages.ts';

// The desk's HTTP contract through app.request(): no socket, real database, real sessions.
let tdb: TestDb;
let app: ReturnType<typeof createApp>;
let flagged: number[];
let links: ReplayServer;
const BASE = 'http://desk.test';

beforeAll(async () => {
  links = await startLinkPages();
  tdb = await createTestDb();
  await seedItems(tdb.db);
  await seedTeam(tdb.db);
  flagged = await flaggedIds(tdb.db);
  app = createApp(await deskRuntime(tdb));
});
afterAll(async () => {
  await links?.close();
  await tdb?.dispose();
});
beforeEach(async () => {
  await resetDesk(tdb.db);
  await sql`truncate login_attempts, sessions`.execute(tdb.db);
});

/** A browser-like session: its cookie and its CSRF token (read from a rendered form). */
async function browserLogin(username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await app.request(`${BASE}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE }, body: new URLSearchParams({ username, password: PASSWORD }) });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/saring_sesi=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax/);
  const cookie = setCookie.split(';')[0]!;
  const page = await (await app.request(`${BASE}/queue`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf };
}

async function bearer(username: string): Promise<Record<string, string>> {
  const res = await app.request(`${BASE}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}`, accept: 'application/json' };
}

function form(session: { cookie: string }, fields: Record<string, string>, extra: Record<string, string> = {}) {
  return { method: 'POST', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: BASE, referer: `${BASE}/queue`, ...extra }, body: new URLSearchParams(fields) };
}

const caseCount = async () => (await tdb.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

describe('web app', () => {
  it('sends a strict CSP and renders no inline script', async () => {
    const { cookie } = await browserLogin('rina');
    const res = await app.request(`${BASE}/items/${flagged[0]}`, { headers: { cookie } });
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await res.text();
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page).not.toMatch(/\son[a-z]+=/i);
  });

  it('sends anonymous visitors to the login form and refuses the API without a session', async () => {
    const res = await app.request(`${BASE}/cases/1?x=1`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fcases%2F1%3Fx%3D1');
    const api = await app.request(`${BASE}/queue`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Silakan masuk terlebih dahulu.' } });
  });

  it('answers a wrong password on the form, throttles guessing, and never redirects off-site', async () => {
    const attempt = (password: string, next = '') =>
      app.request(`${BASE}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE }, body: new URLSearchParams({ username: 'dodi', password, next }) });
    const ok = await attempt(PASSWORD, '//evil.example/phish');
    expect(ok.headers.get('location')).toBe('/queue');
    const wrong = await attempt('bukan-sandinya-1');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Nama pengguna atau kata sandi salah.');
    for (let i = 0; i < 4; i++) await attempt(`salah-lagi-${i}-xxx`);
    const limited = await attempt(PASSWORD);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Terlalu banyak percobaan masuk yang gagal.');
  });

  it('refuses a form without the session CSRF token or from another origin, changing nothing', async () => {
    const s = await browserLogin('rina');
    const noToken = await app.request(`${BASE}/items/${flagged[0]}/case`, form(s, {}));
    expect(noToken.status).toBe(303);
    expect(noToken.headers.get('location')).toBe('/queue');
    expect(decodeURIComponent(noToken.headers.get('set-cookie')!)).toContain('token CSRF');
    const foreign = await app.request(`${BASE}/items/${flagged[0]}/case`, form(s, { _csrf: s.csrf }, { origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    expect(await caseCount()).toBe(0);
    const ok = await app.request(`${BASE}/items/${flagged[0]}/case`, form(s, { _csrf: s.csrf }));
    expect(ok.headers.get('location')).toBe('/cases/1');
    expect(await caseCount()).toBe(1);
  });

  it('checks roles on the server, whatever the page shows', async () => {
    const analyst = await browserLogin('rina');
    await app.request(`${BASE}/items/${flagged[0]}/case`, form(analyst, { _csrf: analyst.csrf }));
    const humas = await browserLogin('sari');
    const res = await app.request(`${BASE}/cases/1/verdict`, form(humas, { _csrf: humas.csrf, version: '1', verdict: 'bukan_hoaks' }));
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('set-cookie')!)).toContain('Tindakan ini hanya untuk peran Analis patroli siber.');
    const api = await app.request(`${BASE}/cases/1/verdict`, { method: 'POST', headers: { ...(await bearer('kasi')), 'content-type': 'application/json' }, body: JSON.stringify({ version: 1, verdict: 'hoaks' }) });
    expect(api.status).toBe(403);
    expect((await tdb.db.selectFrom('cases').select(['verdict', 'version']).executeTakeFirstOrThrow())).toEqual({ verdict: null, version: 1 });
    const admin = await app.request(`${BASE}/admin/users`, { headers: { cookie: humas.cookie } });
    expect(admin.status).toBe(403);
  });

  it('serves the same routes as JSON for integrations, with conflicts as 409', async () => {
    const h = await bearer('rina');
    const q = (await (await app.request(`${BASE}/queue?status=baru&per=5`, { headers: h })).json()) as { total: number; items: Array<{ id: number; reasons: unknown[] }> };
    expect(q.total).toBe(flagged.length);
    expect(q.items.map((i) => i.id)).toEqual(flagged.slice(0, 5));
    const openRes = await app.request(`${BASE}/items/${flagged[0]}/case`, { method: "POST", headers: h });
    const opened = (await openRes.json()) as { case: { id: number; version: number } };
    expect(opened, JSON.stringify(opened)).toHaveProperty("case");
    const post = (path: string, body: unknown) => app.request(`${BASE}${path}`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const v = await post(`/cases/${opened.case.id}/verdict`, { version: opened.case.version, verdict: 'hoaks', comment: 'via API' });
    expect(await v.json()).toMatchObject({ verdict: 'hoaks', version: 2 });
    const stale = await post(`/cases/${opened.case.id}/verdict`, { version: opened.case.version, verdict: 'bukan_hoaks' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
    const bad = await post(`/cases/${opened.case.id}/verdict`, { version: 2, verdict: 'palsu' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^Isian tidak sah: verdict: /);
    expect((await app.request(`${BASE}/items/99999999`, { headers: h })).status).toBe(404);
    expect((await app.request(`${BASE}/items/abc`, { headers: h })).status).toBe(400);
    const detail = (await (await app.request(`${BASE}/cases/${opened.case.id}`, { headers: h })).json()) as { reviews: Array<{ comment: string }> };
    expect(detail.reviews.map((r) => r.comment)).toEqual(['via API']);
  });

  it('logs out: the session is gone from the database', async () => {
    const s = await browserLogin('rina');
    const out = await app.request(`${BASE}/logout`, form(s, { _csrf: s.csrf }));
    expect(out.headers.get('location')).toBe('/login');
    expect(await tdb.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    const after = await app.request(`${BASE}/queue`, { headers: { cookie: s.cookie } });
    expect(after.status).toBe(303);
  });

  it('refuses a tip whose link points into the private network, through the form and as JSON, storing nothing', async () => {
    const port = new URL(links.url).port;
    const s = await browserLogin('rina');
    const items = async () => (await tdb.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await items();
    // This desk allows 127.0.0.1 (the recorded pages); a deployment's desk allows nothing, so 127.0.0.1 itself is refused there.
    const strict = createApp(await deskRuntime(tdb, { allowHosts: [] }));
    const refused: Array<[ReturnType<typeof createApp>, string]> = [
      [strict, `${links.url}/artikel`],
      [app, 'http://10.20.30.40/'],
      [app, `http://[::1]:${port}/artikel`],
      [app, 'http://169.254.169.254/latest/meta-data/'],
      [app, `http://localhost:${port}/artikel`], // a host name that resolves to a loopback address
      [app, `${links.url}/redirect?to=${encodeURIComponent(`http://localhost:${port}/artikel`)}`], // an allowed page that redirects inward
      [app, `${links.url}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`],
    ];
    for (const [desk, url] of refused) {
      const res = await desk.request(`${BASE}/tips`, form(s, { _csrf: s.csrf, url, fetch: '1', text: 'Tolong cek tautan ini' }));
      expect(res.status, url).toBe(303);
      expect(decodeURIComponent(res.headers.get('set-cookie')!), url).toMatch(/Tautan tidak dapat diambil, laporan tidak disimpan: .*refused: .*(private|loopback|link-local)/);
    }
    const api = await app.request(`${BASE}/tips`, { method: 'POST', headers: { ...(await bearer('rina')), 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://[::1]/', fetch: true }) });
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('http://[::1]/') });
    expect(await items()).toBe(before);
    // The same form with a link the deployment may fetch stores the tip with the article's text.
    const ok = await app.request(`${BASE}/tips`, form(s, { _csrf: s.csrf, url: `${links.url}/artikel`, fetch: '1', text: 'Tolong cek tautan ini' }));
    expect(ok.headers.get('location')).toMatch(/^\/items\/\d+$/);
    const tip = await tdb.db.selectFrom('items').select(['title', 'text']).where('id', '=', Number(ok.headers.get('location')!.split('/').pop())).executeTakeFirstOrThrow();
    expect(tip.text.startsWith('Tolong cek tautan ini\n\n')).toBe(true);
    expect(tip.text.length).toBeGreaterThan(500);
  });

  it('shows the job queue and its dead letters to admins, and queues a failed job again', async () => {
    const s = await browserLogin('admin');
    const page = await (await app.request(`${BASE}/admin/jobs`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain('Antrean tugas');
    expect((await app.request(`${BASE}/admin/jobs`, { headers: { cookie: (await browserLogin('rina')).cookie } })).status).toBe(403);
    if (!tdb.url) {
      expect(page).toContain('Mode basis data tertanam');
      return;
    }
    await migrateQueue(tdb.url, silentLogger);
    await addJob(tdb.db, 'ingest:source', { sourceId: 'tidak-ada' });
    await sql`select graphile_worker.permanently_fail_jobs(array(select id from graphile_worker.jobs), 'job ingest:source: source "tidak-ada" is missing or disabled')`.execute(tdb.db);
    const failed = await (await app.request(`${BASE}/admin/jobs`, { headers: { cookie: s.cookie } })).text();
    expect(failed).toContain('Ambil sumber');
    expect(failed).toContain('source &quot;tidak-ada&quot; is missing or disabled');
    const id = /name="ids" value="(\d+)"/.exec(failed)![1]!;
    const retry = await app.request(`${BASE}/admin/jobs/retry`, form(s, { _csrf: s.csrf, ids: id }));
    expect(decodeURIComponent(retry.headers.get('set-cookie')!)).toContain('1 tugas dijadwalkan ulang.');
    const after = (await (await app.request(`${BASE}/admin/jobs`, { headers: { ...(await bearer('admin')) } })).json()) as { failed: unknown[]; counts: Array<{ waiting: number }> };
    expect(after.failed).toEqual([]);
    expect(after.counts[0]!.waiting).toBe(1);
    await sql`drop schema graphile_worker cascade`.execute(tdb.db);
  });

  it('lists sources by health, worst first, and shows what alerts were sent', async () => {
    const s = await browserLogin('rina');
    await tdb.db
      .insertInto('fetch_runs')
      .values([3, 2, 1].map((m) => ({ source_id: 'tbh', started_at: new Date(Date.now() - m * 10), status: 'failure' as const, error_code: 'TIMEOUT', error: 'https://turnbackhoax.id/feed/: no complete response within 20000 ms', problems: '[]' })))
      .execute();
    await tdb.db.updateTable('sources').set({ schedule: '0 * * * *' }).where('id', '=', 'tbh').execute();
    const json = (await (await app.request(`${BASE}/sources`, { headers: await bearer('rina') })).json()) as { sources: Array<{ id: string; health: { state: string; reason: string } }> };
    expect(json.sources[0]).toMatchObject({ id: 'tbh', health: { state: 'failing', reason: '3 kali berturut-turut gagal: waktu habis' } });
    const page = await (await app.request(`${BASE}/sources`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain('<td class="bad"><strong>gagal</strong><br><small>3 kali berturut-turut gagal: waktu habis</small>');
    await tdb.db.insertInto('alert_notifications').values({ pipeline: 'beltim', rule_id: 'prioritas', subject: 'flagged', mode: 'immediate', title: 'Prioritas 91: <b>uji</b>', body: 'isi', event_count: 1, created_at: new Date() }).execute();
    const alerts = await (await app.request(`${BASE}/alerts`, { headers: { cookie: s.cookie } })).text();
    expect(alerts).toContain('<strong>Prioritas 91: &lt;b&gt;uji&lt;/b&gt;</strong>');
    expect(alerts).toContain('Pipeline ini belum memiliki aturan peringatan.');
  });
});
