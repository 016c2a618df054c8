import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addJob, migrateQueue } from '../../src/jobs/graphile.ts';
import { silentLogger } from '../../src/log.ts';
import { createApp } from '../../src/web/app.ts';
import type { ReplayServer } from '../../src/pipeline/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { flaggedIds, LOCAL_TIP, PASSWORD, resetDesk, seedItems, seedTeam } from '../helpers/desk.ts';
import { LOCAL_HTTP } from '../helpers/paths.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import type { ReportDeps } from '../../src/report/stage.ts';
import { addUser, MAX_FAILURES_PER_IP, MAX_FAILURES_PER_NAME } from '../../src/review/auth.service.ts';
import { tipToItem } from '../../src/sources/tip.ts';
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
  const res = await app.request(`${BASE}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    body: new URLSearchParams({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/saring_sesi=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax/);
  const cookie = setCookie.split(';')[0]!;
  const page = await (await app.request(`${BASE}/queue`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf };
}

async function bearer(username: string): Promise<Record<string, string>> {
  const res = await app.request(`${BASE}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}`, accept: 'application/json' };
}

function form(session: { cookie: string }, fields: Record<string, string>, extra: Record<string, string> = {}) {
  return {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: BASE, referer: `${BASE}/queue`, ...extra },
    body: new URLSearchParams(fields),
  };
}

const caseCount = async () =>
  (
    await tdb.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

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

  it('answers /healthz while a long transaction holds the embedded database, having heard from it just now', async () => {
    await tdb.db.selectFrom('sources').select('id').limit(1).execute();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const transaction = tdb.db.transaction().execute(async (trx) => {
      await trx.selectFrom('items').select('id').limit(1).execute();
      started();
      await held; // an ingest's transaction, still open
    });
    await inside;
    try {
      // On PGlite the ping would queue behind the transaction: only the recent answer lets this
      // return before the transaction ends (which happens only after it). PostgreSQL answers on
      // another pooled connection.
      const res = await app.request(`${BASE}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, database: tdb.dialect });
    } finally {
      release();
      await transaction;
    }
  });

  it('does not call a closed database healthy, however recently it answered', async () => {
    const own = await createTestDb();
    const closing = createApp(await deskRuntime(own));
    try {
      expect((await closing.request(`${BASE}/healthz`)).status).toBe(200);
    } finally {
      await own.dispose();
    }
    // Closed a moment after its last answer: on PGlite that answer is still fresh, and must not stand
    // in for the ping a closed database cannot pass.
    const res = await closing.request(`${BASE}/healthz`);
    expect(res.status).toBe(500);
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
      app.request(`${BASE}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
        body: new URLSearchParams({ username: 'dodi', password, next }),
      });
    const ok = await attempt(PASSWORD, '//evil.example/phish');
    expect(ok.headers.get('location')).toBe('/');
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
    const api = await app.request(`${BASE}/cases/1/verdict`, {
      method: 'POST',
      headers: { ...(await bearer('kasi')), 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, verdict: 'hoaks' }),
    });
    expect(api.status).toBe(403);
    expect(await tdb.db.selectFrom('cases').select(['verdict', 'version']).executeTakeFirstOrThrow()).toEqual({ verdict: null, version: 1 });
    const admin = await app.request(`${BASE}/admin/users`, { headers: { cookie: humas.cookie } });
    expect(admin.status).toBe(403);
  });

  it('links "Berikutnya" to a keyset cursor that continues the order, and refuses a cursor it cannot read', async () => {
    const h = await bearer('rina');
    type Page = { next_after: string | null; items: Array<{ id: number }> };
    const get = async (qs: string) => (await (await app.request(`${BASE}/queue?${qs}`, { headers: h })).json()) as Page;
    for (const sort of ['prioritas', 'terbaru']) {
      const whole = (await get(`status=semua&sort=${sort}&per=200`)).items.map((i) => i.id);
      const paged: number[] = [];
      let page = await get(`status=semua&sort=${sort}&per=3`);
      for (let n = 2; ; n++) {
        paged.push(...page.items.map((i) => i.id));
        if (!page.next_after) break;
        page = await get(`status=semua&sort=${sort}&per=3&page=${n}&after=${encodeURIComponent(page.next_after)}`);
      }
      expect(paged).toEqual(whole);
    }
    const html = await (await app.request(`${BASE}/queue?per=2`, { headers: { cookie: (await browserLogin('rina')).cookie } })).text();
    expect(html).toMatch(/href="\/queue\?status=terbuka&amp;sort=prioritas&amp;page=2&amp;after=(tinggi|sedang|rendah)%7E[\d.e-]+%7E\d+"/);
    const bad = await app.request(`${BASE}/queue?after=${encodeURIComponent('tinggi~2~1')}`, { headers: h });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'Isian tidak sah: after: penanda halaman tidak dikenali; buka lagi halaman pertama antrian',
    );
  });

  it('serves the same routes as JSON for integrations, with conflicts as 409', async () => {
    const h = await bearer('rina');
    const q = (await (await app.request(`${BASE}/queue?status=baru&per=5`, { headers: h })).json()) as {
      total: number;
      items: Array<{ id: number; reasons: unknown[] }>;
    };
    expect(q.total).toBe(flagged.length);
    expect(q.items.map((i) => i.id)).toEqual(flagged.slice(0, 5));
    const openRes = await app.request(`${BASE}/items/${flagged[0]}/case`, { method: 'POST', headers: h });
    const opened = (await openRes.json()) as { case: { id: number; version: number } };
    expect(opened, JSON.stringify(opened)).toHaveProperty('case');
    const post = (path: string, body: unknown) =>
      app.request(`${BASE}${path}`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) });
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

  it('holds the complaint guard on the form and the JSON API: no hoax verdict for a routed case without a reason', async () => {
    const h = await bearer('rina');
    const post = (path: string, body: unknown) =>
      app.request(`${BASE}${path}`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const opened = (await (await post(`/items/${flagged[0]}/case`, {})).json()) as { case: { id: number; version: number } };
    const id = opened.case.id;
    const routed = (await (await post(`/cases/${id}/route`, { version: opened.case.version, route: 'propam' })).json()) as { version: number };
    const refused = await post(`/cases/${id}/verdict`, { version: routed.version, verdict: 'hoaks' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/sudah diteruskan ke Propam .* alasan pengecualian/),
    });
    // The form says so before anyone tries, and offers the reason field.
    const s = await browserLogin('rina');
    const page = await (await app.request(`${BASE}/cases/${id}`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain('Kasus ini sudah diteruskan ke Propam (dugaan pelanggaran anggota) sebagai kritik/keluhan, bukan hoaks.');
    expect(page).toContain('name="override_reason"');
    const viaForm = await app.request(`${BASE}/cases/${id}/verdict`, form(s, { _csrf: s.csrf, version: String(routed.version), verdict: 'disinformasi' }));
    expect(viaForm.status).toBe(303);
    expect(decodeURIComponent(viaForm.headers.get('set-cookie')!)).toMatch(/sudah diteruskan ke Propam/);
    expect(await tdb.db.selectFrom('cases').select(['verdict', 'complaint_route']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      verdict: null,
      complaint_route: 'propam',
    });
    const over = await post(`/cases/${id}/verdict`, { version: routed.version, verdict: 'hoaks', override_reason: 'Surat Propam yang beredar palsu' });
    expect(await over.json()).toMatchObject({ verdict: 'hoaks', complaint_route: null });
  });

  it('leads from a merged-away case to the case that absorbed it', async () => {
    const s = await browserLogin('rina');
    const h = await bearer('rina');
    const open = async (item: number) =>
      ((await (await app.request(`${BASE}/items/${item}/case`, { method: 'POST', headers: h })).json()) as { case: { id: number; version: number } }).case;
    const [a, b, c] = [await open(flagged[0]!), await open(flagged[1]!), await open(flagged[2]!)];
    const merge = (into: { id: number; version: number }, item: number) =>
      app.request(`${BASE}/cases/${into.id}/merge`, form(s, { _csrf: s.csrf, version: String(into.version), item_ids: String(item) }));
    expect((await merge(a, flagged[1]!)).status).toBe(303);
    const res = await app.request(`${BASE}/cases/${b.id}`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/cases/${a.id}`);
    expect(decodeURIComponent(res.headers.get('set-cookie')!)).toContain(`Kasus #${b.id} sudah digabungkan ke kasus #${a.id}.`);
    // Merged on again: the chain is followed to the case that holds it now.
    expect((await merge(c, flagged[0]!)).status).toBe(303);
    const chained = await app.request(`${BASE}/cases/${b.id}`, { headers: h });
    expect(chained.status).toBe(303);
    expect(chained.headers.get('location')).toBe(`/cases/${c.id}`);
    expect((await app.request(`${BASE}/cases/987654`, { headers: h })).status).toBe(404);
  });

  it('shows a tip as the reporter typed it: Pelapor, Beredar di, Catatan untuk analis, and who recorded it', async () => {
    const s = await browserLogin('rina');
    const post = (fields: Record<string, string>) => app.request(`${BASE}/tips`, form(s, { _csrf: s.csrf, ...fields }));
    const named = await post({
      text: 'Ada razia besar di Manggar malam ini, hindari jalan utama',
      reporter: 'Pak Harun (Desa Baru)',
      channel: 'Grup WhatsApp RT 03',
      note: 'Pelapor minta namanya dirahasiakan.\nSudah dua kali beredar.',
    });
    const page = await (await app.request(`${BASE}${named.headers.get('location')}`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain('<dt>Pelapor</dt><dd>Pak Harun (Desa Baru)</dd>');
    expect(page).toContain('<dt>Beredar di</dt><dd>Grup WhatsApp RT 03</dd>');
    expect(page).toContain('<h2>Catatan untuk analis</h2><p>Pelapor minta namanya dirahasiakan.\nSudah dua kali beredar.</p>');
    expect(page).toContain('<dt>Dicatat oleh</dt><dd>Bripka Rina Analis</dd>');
    expect(page).not.toContain('<dt>Penulis</dt>');
    // No reporter: the analyst who typed it is not made the author.
    const anonymous = await post({ text: 'Katanya ada penculikan di pasar Manggar, benar tidak?' });
    const id = Number(anonymous.headers.get('location')!.split('/').pop());
    expect((await tdb.db.selectFrom('items').select('author').where('id', '=', id).executeTakeFirstOrThrow()).author).toBeNull();
    const anon = await (await app.request(`${BASE}/items/${id}`, { headers: { cookie: s.cookie } })).text();
    expect(anon).toContain('<dt>Pelapor</dt><dd><span class="muted">tidak disebutkan</span></dd>');
    expect(anon).not.toMatch(/<dt>(Pelapor|Penulis)<\/dt><dd>Bripka Rina Analis/);
  });

  it('labels and filters unopened items by the priority their score stands for', async () => {
    const s = await browserLogin('rina');
    const scoreOf = async (id: number) =>
      (await tdb.db.selectFrom('classifications').select('priority').where('item_id', '=', id).executeTakeFirstOrThrow()).priority;
    const stored = [await scoreOf(flagged[0]!), await scoreOf(flagged[1]!)] as const;
    // Scores of 100 and 86 showed "Sedang", and "Tinggi" found nothing.
    await tdb.db.updateTable('classifications').set({ priority: 1 }).where('item_id', '=', flagged[0]!).execute();
    await tdb.db.updateTable('classifications').set({ priority: 0.86 }).where('item_id', '=', flagged[1]!).execute();
    try {
      const row = (page: string, id: number) =>
        new RegExp(
          `<td class="num"><span class="score">(\\d+)</span></td>\\s*<td><span class="pri (\\w+)">(\\w+)</span></td>\\s*<td><a href="/items/${id}"`,
        ).exec(page);
      const all = await (await app.request(`${BASE}/queue`, { headers: { cookie: s.cookie } })).text();
      expect(row(all, flagged[0]!)!.slice(1)).toEqual(['100', 'tinggi', 'Tinggi']);
      expect(row(all, flagged[1]!)!.slice(1)).toEqual(['86', 'tinggi', 'Tinggi']);
      const high = await (await app.request(`${BASE}/queue?priority=tinggi`, { headers: { cookie: s.cookie } })).text();
      expect(high).toContain('<small>2 butir</small>');
      expect([...high.matchAll(/<a href="\/items\/(\d+)" class="item-link">/g)].map((m) => Number(m[1]))).toEqual([flagged[0], flagged[1]]);
    } finally {
      await tdb.db.updateTable('classifications').set({ priority: stored[0] }).where('item_id', '=', flagged[0]!).execute();
      await tdb.db.updateTable('classifications').set({ priority: stored[1] }).where('item_id', '=', flagged[1]!).execute();
    }
  });

  it('names the zone of the publication time on the clarification form', async () => {
    const h = await bearer('rina');
    const opened = (await (await app.request(`${BASE}/items/${flagged[0]}/case`, { method: 'POST', headers: h })).json()) as {
      case: { id: number; version: number };
    };
    await app.request(`${BASE}/cases/${opened.case.id}/verdict`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ version: opened.case.version, verdict: 'hoaks' }),
    });
    const humas = await bearer('sari');
    const made = (await (
      await app.request(`${BASE}/cases/${opened.case.id}/clarifications`, {
        method: 'POST',
        headers: { ...humas, 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'hoaks', fakta: 'Tidak benar.' }),
      })
    ).json()) as { id: number };
    await tdb.db.updateTable('clarifications').set({ status: 'approved', decided_at: new Date() }).where('id', '=', made.id).execute();
    const s = await browserLogin('sari');
    const page = await (await app.request(`${BASE}/clarifications/${made.id}`, { headers: { cookie: s.cookie } })).text();
    expect(page).toMatch(/<label>Waktu terbit \(WIB\) <input name="published_at" type="datetime-local" required value="\d{4}-\d\d-\d\dT\d\d:\d\d"><\/label>/);
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
    const items = async () =>
      (
        await tdb.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
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
      expect(decodeURIComponent(res.headers.get('set-cookie')!), url).toMatch(
        /Tautan tidak dapat diambil, laporan tidak disimpan: .*ditolak: .*(privat|loopback|link-local)/,
      );
    }
    const api = await app.request(`${BASE}/tips`, {
      method: 'POST',
      headers: { ...(await bearer('rina')), 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://[::1]/', fetch: true }),
    });
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('http://[::1]/'),
    });
    expect(await items()).toBe(before);
    // The same form with a link the deployment may fetch stores the tip with the article's text.
    const ok = await app.request(`${BASE}/tips`, form(s, { _csrf: s.csrf, url: `${links.url}/artikel`, fetch: '1', text: 'Tolong cek tautan ini' }));
    expect(ok.headers.get('location')).toMatch(/^\/items\/\d+$/);
    const tip = await tdb.db
      .selectFrom('items')
      .select(['title', 'text'])
      .where('id', '=', Number(ok.headers.get('location')!.split('/').pop()))
      .executeTakeFirstOrThrow();
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
    await sql`select graphile_worker.permanently_fail_jobs(array(select id from graphile_worker.jobs), 'job ingest:source: source "tidak-ada" is missing or disabled')`.execute(
      tdb.db,
    );
    const failed = await (await app.request(`${BASE}/admin/jobs`, { headers: { cookie: s.cookie } })).text();
    expect(failed).toContain('Ambil sumber');
    expect(failed).toContain('source &quot;tidak-ada&quot; is missing or disabled');
    const id = /name="ids" value="(\d+)"/.exec(failed)![1]!;
    const retry = await app.request(`${BASE}/admin/jobs/retry`, form(s, { _csrf: s.csrf, ids: id }));
    expect(decodeURIComponent(retry.headers.get('set-cookie')!)).toContain('1 tugas dijadwalkan ulang.');
    const after = (await (await app.request(`${BASE}/admin/jobs`, { headers: { ...(await bearer('admin')) } })).json()) as {
      failed: unknown[];
      counts: Array<{ waiting: number }>;
    };
    expect(after.failed).toEqual([]);
    expect(after.counts[0]!.waiting).toBe(1);
    await sql`drop schema graphile_worker cascade`.execute(tdb.db);
  });

  it('lists sources by health, worst first, and shows what alerts were sent', async () => {
    const s = await browserLogin('rina');
    await tdb.db
      .insertInto('fetch_runs')
      .values(
        [3, 2, 1].map((m) => ({
          source_id: 'tbh',
          started_at: new Date(Date.now() - m * 10),
          status: 'failure' as const,
          error_code: 'TIMEOUT',
          error: 'https://turnbackhoax.id/feed/: tidak ada jawaban lengkap dalam 20000 ms',
          problems: '[]',
        })),
      )
      .execute();
    await tdb.db.updateTable('sources').set({ schedule: '0 * * * *' }).where('id', '=', 'tbh').execute();
    const json = (await (await app.request(`${BASE}/sources`, { headers: await bearer('rina') })).json()) as {
      sources: Array<{ id: string; health: { state: string; reason: string } }>;
    };
    expect(json.sources[0]).toMatchObject({ id: 'tbh', health: { state: 'failing', reason: '3 kali berturut-turut gagal: waktu habis' } });
    const page = await (await app.request(`${BASE}/sources`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain('<td class="bad"><strong>gagal</strong><br><small>3 kali berturut-turut gagal: waktu habis</small>');
    await tdb.db
      .insertInto('alert_notifications')
      .values({
        pipeline: 'beltim',
        rule_id: 'prioritas',
        subject: 'flagged',
        mode: 'immediate',
        title: 'Prioritas 91: <b>uji</b>',
        body: 'isi',
        event_count: 1,
        created_at: new Date(),
      })
      .execute();
    const alerts = await (await app.request(`${BASE}/alerts`, { headers: { cookie: s.cookie } })).text();
    expect(alerts).toContain('<strong>Prioritas 91: &lt;b&gt;uji&lt;/b&gt;</strong>');
    expect(alerts).toContain('Pipeline ini belum memiliki aturan peringatan.');
  });
});

// Issue 15: what an adversarial probe broke, each as real HTTP against the real app and database.
describe('web app hardening', () => {
  let server: Awaited<ReturnType<typeof serveDesk>>;
  let proxied: Awaited<ReturnType<typeof serveDesk>>;
  let reportsDir: string;

  /** The desk on a real socket at 127.0.0.1, optionally behind a trusted local proxy (127.0.0.1). */
  async function serveDesk(opts: Parameters<typeof createApp>[1] = {}) {
    const desk = createApp(await deskRuntime(tdb), opts);
    const s = serve({ fetch: desk.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => s.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    return { url, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
  }

  beforeAll(async () => {
    reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-web-hardening-'));
    const reports: ReportDeps = {
      db: tdb.db,
      log: silentLogger,
      pipeline: { name: 'beltim', title: 'Polres Belitung Timur', timezone: 'Asia/Jakarta' },
      modelVersion: 'uji',
      chromiumPath: path.join(reportsDir, 'tidak-ada'),
      reportsDir,
    };
    server = await serveDesk({ reports });
    proxied = await serveDesk({ trustedProxies: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await server?.close();
    await proxied?.close();
  });

  /** A JSON login over the socket: 200 (signed in), 401 (password checked, wrong) or 429 (not checked). */
  const jsonLogin = (base: string, username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status;
      },
    );
  const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

  it('checks at most the limit of 60 wrong passwords sent at once for one name', async () => {
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => jsonLogin(server.url, 'rina', `salah-serentak-${i}`)));
    expect(tally(statuses)).toEqual({ 401: MAX_FAILURES_PER_NAME, 429: 60 - MAX_FAILURES_PER_NAME });
  });

  it('does not let the right password in at the end of a burst of wrong ones', async () => {
    const burst = Array.from({ length: 23 }, (_, i) => jsonLogin(server.url, 'dodi', `salah-beruntun-${i}`));
    // The right password comes once the name's failures are spent, while the rest of the burst may still be
    // in flight: sent at once, a busy machine could answer it before the burst (and rightly let it in).
    const failures = () =>
      tdb.db
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('username', '=', 'dodi')
        .where('succeeded', '=', false)
        .executeTakeFirstOrThrow();
    while (Number((await failures()).n) < MAX_FAILURES_PER_NAME) await new Promise((r) => setTimeout(r, 5));
    const last = jsonLogin(server.url, 'dodi', PASSWORD);
    const statuses = await Promise.all(burst);
    expect(await last).toBe(429);
    expect(tally(statuses)).toEqual({ 401: MAX_FAILURES_PER_NAME, 429: 23 - MAX_FAILURES_PER_NAME });
    expect(await tdb.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('honours X-Forwarded-For only from the trusted proxy, so one guesser does not lock out everyone behind it', async () => {
    const guesser = { 'x-forwarded-for': '203.0.113.7' };
    const guesses = await Promise.all(Array.from({ length: MAX_FAILURES_PER_IP }, (_, i) => jsonLogin(proxied.url, `tebak${i}`, 'salah-sekali-123', guesser)));
    expect(tally(guesses)).toEqual({ 401: MAX_FAILURES_PER_IP });
    expect(await jsonLogin(proxied.url, 'rina', PASSWORD, guesser)).toBe(429);
    expect(await jsonLogin(proxied.url, 'rina', PASSWORD, { 'x-forwarded-for': '198.51.100.20' })).toBe(200);
    const attributed = await tdb.db.selectFrom('login_attempts').select('ip').distinct().orderBy('ip').execute();
    expect(attributed.map((a) => a.ip)).toEqual(['198.51.100.20', '203.0.113.7']);
    // The same header from an untrusted peer is ignored: the guesser cannot dodge its own limit by inventing addresses.
    await sql`truncate login_attempts`.execute(tdb.db);
    const spoofed = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_IP }, (_, i) => jsonLogin(server.url, `tebak${i}`, 'salah-sekali-123', { 'x-forwarded-for': `203.0.113.${i}` })),
    );
    expect(tally(spoofed)).toEqual({ 401: MAX_FAILURES_PER_IP });
    expect(await jsonLogin(server.url, 'dodi', PASSWORD, { 'x-forwarded-for': '198.51.100.99' })).toBe(429);
  });

  it('slows guessing at a name from many addresses without locking its owner out', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    expect(await jsonLogin(proxied.url, 'rina', PASSWORD, from('198.51.100.10'))).toBe(200); // rina's usual address
    for (let i = 0; i < MAX_FAILURES_PER_NAME; i++) expect(await jsonLogin(proxied.url, 'rina', `salah-${i}-xxxxxx`, from(`203.0.113.${i + 1}`))).toBe(401);
    // a new address is slowed for a while, even with the right password …
    expect(await jsonLogin(proxied.url, 'rina', PASSWORD, from('192.0.2.5'))).toBe(429);
    // … while rina, at the address she signed in from before, is not locked out
    expect(await jsonLogin(proxied.url, 'rina', PASSWORD, from('198.51.100.10'))).toBe(200);
    // and once the delay has passed (the failures were 10 minutes ago), the new address is checked again
    await sql`update login_attempts set at = at - interval '10 minutes' where not succeeded`.execute(tdb.db);
    expect(await jsonLogin(proxied.url, 'rina', PASSWORD, from('192.0.2.5'))).toBe(200);
  });

  it('sends a refused form back to a same-origin path only, never to //another-host', async () => {
    const s = await browserLogin('rina');
    const res = await app.request(`${BASE}/items/${flagged[0]}/case`, form(s, {}, { referer: `${BASE}//evil.example/x` }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const inside = await app.request(`${BASE}/items/${flagged[0]}/case`, form(s, {}, { referer: `${BASE}/items/${flagged[0]}?a=1` }));
    expect(inside.headers.get('location')).toBe(`/items/${flagged[0]}?a=1`);
  });

  it('refuses NUL in a note, a display name, a search or a login name with a clear message, storing nothing', async () => {
    const nul = 'ada\u0000nul';
    const analyst = await browserLogin('rina');
    await app.request(`${BASE}/items/${flagged[0]}/case`, form(analyst, { _csrf: analyst.csrf }));
    const note = await app.request(`${BASE}/cases/1/notes`, form(analyst, { _csrf: analyst.csrf, body: nul }));
    expect(note.status).toBe(303);
    expect(decodeURIComponent(note.headers.get('set-cookie')!)).toContain('body: berisi karakter NUL');
    expect(await tdb.db.selectFrom('case_notes').selectAll().execute()).toEqual([]);
    const admin = await bearer('admin');
    const user = await app.request(`${BASE}/admin/users`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'budi', display_name: nul, roles: ['analis'], password: PASSWORD }),
    });
    expect(user.status).toBe(400);
    expect(((await user.json()) as { error: { message: string } }).error.message).toBe(
      'Isian tidak sah: display_name: berisi karakter NUL (kode 0) yang tidak dapat disimpan; hapus karakter itu lalu kirim lagi.',
    );
    const queue = await app.request(`${BASE}/queue?q=${encodeURIComponent(nul)}`, { headers: { cookie: analyst.cookie } });
    expect(queue.status).toBe(400);
    expect(await queue.text()).toContain('q: berisi karakter NUL');
    const api = await app.request(`${BASE}/api/items?q=%00`, { headers: await bearer('rina') });
    expect(api.status).toBe(400);
    const login = await app.request(`${BASE}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `rina${nul}`, password: PASSWORD }),
    });
    expect(login.status).toBe(400);
    expect(((await login.json()) as { error: { message: string } }).error.message).toContain('username: berisi karakter NUL');
  });

  it('never says a tip was stored when it was not', async () => {
    const s = await browserLogin('rina');
    const before = await tdb.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await app.request(`${BASE}/tips`, form(s, { _csrf: s.csrf, text: 'Pesan berantai \u0000 tentang razia di Manggar' }));
    const flashText = decodeURIComponent(res.headers.get('set-cookie')!);
    expect(flashText).not.toContain('Laporan disimpan.');
    expect(flashText).toContain('text: berisi karakter NUL');
    expect(
      await tdb.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it('refuses an oversized body before reading it: by its length, and mid-stream when it has none', async () => {
    const big = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'rina', password: 'x'.repeat(2_000_000) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('terlalu besar'),
    });
    // A chunked body of up to 64 MB: the server must answer (413) long before the client has sent it all.
    const sent = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = http.request(`${server.url}/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
      let bytes = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode!, bytes });
      });
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!answered && bytes < 64 * 1024 * 1024) {
          bytes += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.write('{"username":"rina","password":"');
      pump();
    });
    expect(sent.status).toBe(413);
    expect(sent.bytes).toBeLessThan(16 * 1024 * 1024);
    // A long tip (a pasted chain message) is still accepted where long text is expected.
    const s = await browserLogin('rina');
    const tip = await app.request(`${BASE}/tips`, form(s, { _csrf: s.csrf, text: `${LOCAL_TIP} `.repeat(2000).slice(0, 99_000) }));
    expect(decodeURIComponent(tip.headers.get('set-cookie')!)).toContain('Laporan disimpan.');
  });

  it('refuses approval by anyone who edited the draft (four eyes), over HTTP', async () => {
    await addUser(tdb.db, null, { username: 'budi', displayName: 'Iptu Budi', roles: ['humas', 'pimpinan'], password: PASSWORD });
    const rina = await bearer('rina');
    const post = (h: Record<string, string>, p: string, body: unknown) =>
      app.request(`${BASE}${p}`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const opened = (await (await post(rina, `/items/${flagged[0]}/case`, {})).json()) as { case: { id: number; version: number } };
    await post(rina, `/cases/${opened.case.id}/verdict`, { version: opened.case.version, verdict: 'hoaks' });
    const sari = await bearer('sari');
    const draft = (await (
      await post(sari, `/cases/${opened.case.id}/clarifications`, { template: 'hoaks', fakta: 'Tidak ada penculikan anak di Manggar.' })
    ).json()) as { id: number; version: number };
    const budi = await bearer('budi');
    const edited = (await (await post(budi, `/clarifications/${draft.id}/edit`, { version: draft.version, body: 'Teks Iptu Budi sendiri.' })).json()) as {
      version: number;
    };
    const submitted = (await (await post(budi, `/clarifications/${draft.id}/submit`, { version: edited.version })).json()) as { version: number };
    const approve = await post(budi, `/clarifications/${draft.id}/decide`, { version: submitted.version, decision: 'approve' });
    expect(approve.status).toBe(403);
    expect(((await approve.json()) as { error: { message: string } }).error.message).toContain('ikut menyuntingnya');
    expect((await tdb.db.selectFrom('clarifications').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('submitted');
    expect((await post(await bearer('kasi'), `/clarifications/${draft.id}/decide`, { version: submitted.version, decision: 'approve' })).status).toBe(200);
  });

  it('marks signed-in pages no-store', async () => {
    const s = await browserLogin('rina');
    for (const p of ['/queue', `/items/${flagged[0]}`, '/sources', '/audit']) {
      const res = await app.request(`${BASE}${p}`, { headers: { cookie: s.cookie } });
      expect(res.status, p).toBe(200);
      expect(res.headers.get('cache-control'), p).toBe('no-store');
    }
    expect((await app.request(`${BASE}/api/items?q=razia`, { headers: await bearer('rina') })).headers.get('cache-control')).toBe('no-store');
  });

  it('refuses report weeks outside 2000–2100 by name, and serves the report HTML with its own style policy', async () => {
    const boss = await (async () => {
      const res = await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'kasi', password: PASSWORD }),
      });
      return { authorization: `Bearer ${((await res.json()) as { token: string }).token}`, accept: 'application/json', 'content-type': 'application/json' };
    })();
    for (const week of ['9999-W52', '0000-W01', '1999-W10']) {
      const res = await fetch(`${server.url}/reports`, { method: 'POST', headers: boss, body: JSON.stringify({ week, format: 'html' }) });
      expect(res.status, week).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, week).toMatch(/^Minggu tidak sah: .*2000.2100/);
    }
    expect(await tdb.db.selectFrom('reports').selectAll().execute()).toEqual([]);
    const made = (await (
      await fetch(`${server.url}/reports`, { method: 'POST', headers: boss, body: JSON.stringify({ week: '2026-W46', format: 'html' }) })
    ).json()) as { id: number };
    const res = await fetch(`${server.url}/reports/${made.id}/html`, { headers: { authorization: boss.authorization } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain("style-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(await res.text()).toMatch(/<style>[^<]+<\/style>/);
  });

  it('renders bidi control characters in scraped text inert', async () => {
    const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger };
    const spoof = 'Kapolres Beltim: unduh surat resmi di polres-beltim\u202Efdp.exe\u202C sekarang, sebarkan!!!';
    await recordRun(ingest, 'tips', async () => ({ items: [tipToItem({ text: spoof })], rejected: [] }));
    const id = (await tdb.db.selectFrom('items').select('id').where('text', 'like', '%fdp.exe%').executeTakeFirstOrThrow()).id;
    const page = await (await app.request(`${BASE}/items/${id}`, { headers: { cookie: (await browserLogin('rina')).cookie } })).text();
    expect(page).toContain('polres-beltimfdp.exe sekarang');
    expect(page).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
