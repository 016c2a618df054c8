import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getCase } from '../../src/db/cases.repo.ts';
import { inTransaction, withSavepoint } from '../../src/db/transaction.ts';
import { applyBulk } from '../../src/review/bulk.service.ts';
import { openCase, setVerdict } from '../../src/review/cases.service.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { BASE, deskLogin, flashOf, formPost } from '../helpers/desk-session.ts';
import { expectDeskError, flaggedIds, resetDesk, seedItems, seedTeam, type Team } from '../helpers/desk.ts';

// Bulk actions on the queue: one transaction, an audit entry per item, a bad row costs only itself.
let tdb: TestDb;
let team: Team;
let flagged: number[];
let app: ReturnType<typeof createApp>;

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
  await sql`truncate login_attempts, sessions`.execute(tdb.db);
});

const caseOf = async (itemId: number) => {
  const r = await tdb.db.selectFrom('case_items').select('case_id').where('item_id', '=', itemId).executeTakeFirst();
  return r ? getCase(tdb.db, r.case_id) : undefined;
};
const auditOf = (caseId: number) =>
  tdb.db
    .selectFrom('audit_log')
    .select(['action', 'user_id', 'before', 'after'])
    .where('entity', '=', 'case')
    .where('entity_id', '=', String(caseId))
    .orderBy('id')
    .execute();

describe('applyBulk', () => {
  it('assigns each item, opening its case, with the audit entries of the single-item form', async () => {
    const ids = flagged.slice(0, 3);
    const r = await applyBulk(tdb.db, team.analis, ids, { kind: 'assign', assigneeId: team.analis2.id });
    expect(r.failed).toEqual([]);
    expect(r.done.map((d) => d.itemId)).toEqual(ids);
    for (const id of ids) {
      const k = (await caseOf(id))!;
      expect(k.assignee_id).toBe(team.analis2.id);
      const audit = await auditOf(k.id);
      expect(audit.map((a) => a.action)).toEqual(['case.opened', 'case.updated']);
      expect(audit[1]).toMatchObject({ user_id: team.analis.id, before: { assignee_id: null }, after: { assignee_id: team.analis2.id } });
    }
  });

  it('dismisses with the reason as the verdict comment; a decided item and an unknown one fail alone, by number', async () => {
    const [a, decided, b] = flagged.slice(0, 3) as [number, number, number];
    const { case: d } = await openCase(tdb.db, team.analis, decided);
    await setVerdict(tdb.db, team.analis, d.id, d.version, 'hoaks', 'sudah dicek');
    const missing = 2 ** 31 - 1;
    const reason = 'Berita resmi Polres, bukan klaim yang beredar';
    const r = await applyBulk(tdb.db, team.analis2, [a, decided, missing, b], { kind: 'dismiss', reason: `  ${reason} ` });
    expect(r.done.map((x) => x.itemId)).toEqual([a, b]);
    expect(r.failed).toEqual([
      { itemId: decided, message: `kasus #${d.id} sudah diputuskan "Hoaks"; ubah putusannya di halaman kasus.` },
      { itemId: missing, message: `Butir #${missing} tidak ditemukan.` },
    ]);
    for (const id of [a, b]) {
      const k = (await caseOf(id))!;
      expect(k.verdict).toBe('bukan_hoaks');
      expect(k.decided_at).not.toBeNull();
      const audit = await auditOf(k.id);
      expect(audit.map((x) => x.action)).toEqual(['case.opened', 'case.verdict']);
      expect(audit[1]!.after).toMatchObject({ verdict: 'bukan_hoaks', comment: reason });
      const review = await tdb.db.selectFrom('reviews').select(['verdict', 'comment', 'reviewer_id']).where('case_id', '=', k.id).executeTakeFirstOrThrow();
      expect(review).toEqual({ verdict: 'bukan_hoaks', comment: reason, reviewer_id: team.analis2.id });
    }
    // The refused row kept its verdict and got no entry from the batch.
    expect((await getCase(tdb.db, d.id))!.verdict).toBe('hoaks');
    expect((await auditOf(d.id)).map((x) => x.action)).toEqual(['case.opened', 'case.verdict']);
  });

  it('rolls a refused row back whole under its savepoint, and the transaction goes on', async () => {
    const [a, b] = flagged as [number, number];
    const count = async () =>
      Number(
        (
          await tdb.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await inTransaction(tdb.db, async (tx) => {
      await expect(
        withSavepoint(tx, async () => {
          await openCase(tx, team.analis, a); // a case and its audit entry, then a refusal
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await withSavepoint(tx, () => openCase(tx, team.analis, b));
    });
    expect(await count()).toBe(1);
    expect(await caseOf(a)).toBeUndefined();
    expect(await caseOf(b)).toBeDefined();
    expect(await tdb.db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'case.opened' }]);
    await expectDeskError(applyBulk(tdb.db, team.analis, [a], { kind: 'dismiss', reason: '   ' }), 'INVALID_INPUT', /Alasan mengabaikan wajib diisi/);
  });

  it('sets priority, takes two items of one case once, and refuses what concerns the whole request', async () => {
    const [a, b, c] = flagged.slice(0, 3) as [number, number, number];
    const { case: k } = await openCase(tdb.db, team.analis, a);
    await tdb.db.insertInto('case_items').values({ item_id: b, case_id: k.id, added_by: team.analis.id, added_at: new Date() }).execute();
    const r = await applyBulk(tdb.db, team.analis, [a, b, c], { kind: 'priority', priority: 'rendah' });
    expect(r).toMatchObject({ failed: [], done: [{ itemId: a, caseId: k.id }, { itemId: b, caseId: k.id }, { itemId: c }] });
    expect((await getCase(tdb.db, k.id))!.priority).toBe('rendah');
    expect((await auditOf(k.id)).filter((x) => x.action === 'case.updated')).toHaveLength(1);
    expect((await caseOf(c))!.priority).toBe('rendah');

    await expectDeskError(applyBulk(tdb.db, team.humas, [a], { kind: 'priority', priority: 'tinggi' }), 'FORBIDDEN');
    await expectDeskError(applyBulk(tdb.db, team.analis, [], { kind: 'priority', priority: 'tinggi' }), 'INVALID_INPUT', /minimal satu butir/);
    await expectDeskError(applyBulk(tdb.db, team.analis, [a], { kind: 'assign', assigneeId: team.humas.id }), 'INVALID_INPUT', /bukan analis aktif/);
  });
});

describe('POST /queue/bulk', () => {
  it('works as a plain form: "select all on this page" posts the page, the flash names the refused row', async () => {
    const s = await deskLogin(app, 'rina');
    const page = await (await app.request(`${BASE}/queue?per=5`, { headers: { cookie: s.cookie } })).text();
    const pageIds = /name="page_items" value="([\d,]+)"/.exec(page)![1]!.split(',').map(Number);
    expect(pageIds).toHaveLength(5);
    expect(page.match(/<input type="checkbox" name="item" value="\d+" form="bulk"/g)).toHaveLength(5);
    expect(page).toContain('<script src="/static/antrian.js" defer></script>');
    const { case: d } = await openCase(tdb.db, team.analis, pageIds[2]!);
    await setVerdict(tdb.db, team.analis, d.id, d.version, 'disinformasi');

    const res = await app.request(
      `${BASE}/queue/bulk`,
      formPost(s, [
        ['action', 'dismiss'],
        ['all', '1'],
        ['page_items', pageIds.join(',')],
        ['reason', 'Informasi resmi, bukan hoaks'],
        ['assignee', ''],
        ['priority', ''],
        ['back', '/queue?per=5'],
      ]),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/queue?per=5');
    expect(flashOf(res)).toEqual({
      kind: 'error',
      text: `4 butir diabaikan (Bukan hoaks (opini/kritik/lainnya)). 1 butir gagal: butir #${pageIds[2]}: kasus #${d.id} sudah diputuskan "Disinformasi"; ubah putusannya di halaman kasus.`,
    });
    for (const id of pageIds) expect((await caseOf(id))!.verdict).toBe(id === pageIds[2] ? 'disinformasi' : 'bukan_hoaks');
  });

  it('counts the open queue afresh after an action, though PGlite reuses an unchanged count', async () => {
    const s = await deskLogin(app, 'rina');
    const total = async () =>
      ((await (await app.request(`${BASE}/queue?per=5`, { headers: { cookie: s.cookie, accept: 'application/json' } })).json()) as { total: number }).total;
    const before = await total();
    expect(await total()).toBe(before);
    const [first] = flagged;
    await applyBulk(tdb.db, team.analis, [first!], { kind: 'dismiss', reason: 'Informasi resmi, bukan hoaks' });
    expect(await total()).toBe(before - 1);
  });

  it('answers JSON clients with each row, and refuses humas and a missing choice by name', async () => {
    const s = await deskLogin(app, 'rina');
    const ids = flagged.slice(0, 2);
    const res = await app.request(
      `${BASE}/queue/bulk`,
      formPost(s, [['action', 'assign'], ['assignee', String(team.analis2.id)], ...ids.map((i): [string, string] => ['item', String(i)])]),
    );
    expect(flashOf(res)).toEqual({ kind: 'ok', text: '2 butir ditugaskan ke Brigpol Dodi Analis.' });

    const json = await app.request(`${BASE}/queue/bulk`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json', origin: BASE, 'x-csrf-token': s.csrf },
      body: JSON.stringify({ _csrf: s.csrf, action: 'assign', assignee: null, item: [...ids, 2 ** 31 - 1] }),
    });
    expect(json.status).toBe(200);
    const body = (await json.json()) as { done: Array<{ itemId: number }>; failed: Array<{ itemId: number; message: string }> };
    expect(body.done.map((d) => d.itemId)).toEqual(ids);
    expect(body.failed).toEqual([{ itemId: 2 ** 31 - 1, message: `Butir #${2 ** 31 - 1} tidak ditemukan.` }]);
    for (const id of ids) expect((await caseOf(id))!.assignee_id).toBeNull();

    const noChoice = await app.request(
      `${BASE}/queue/bulk`,
      formPost(s, [
        ['action', 'priority'],
        ['priority', ''],
        ['item', String(ids[0])],
      ]),
    );
    expect(flashOf(noChoice)).toEqual({ kind: 'error', text: 'Pilih prioritas baru untuk butir yang dipilih.' });

    const h = await deskLogin(app, 'sari');
    const humasPage = await (await app.request(`${BASE}/queue`, { headers: { cookie: h.cookie } })).text();
    expect(humasPage).not.toContain('action="/queue/bulk"');
    const refused = await app.request(
      `${BASE}/queue/bulk`,
      formPost(h, [
        ['action', 'priority'],
        ['priority', 'tinggi'],
        ['item', String(ids[0])],
      ]),
    );
    expect(flashOf(refused)!.text).toMatch(/hanya untuk peran Analis/);
  });
});
