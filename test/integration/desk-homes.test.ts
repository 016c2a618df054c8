import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCases, type CaseListFilter } from '../../src/db/case-list.repo.ts';
import {
  casesNeedingClarification,
  clarificationsAwaitingDecision,
  countApprovedUnpublished,
  countAwaitingDecision,
  countCasesNeedingClarification,
  countOpenAssigned,
} from '../../src/db/desk-counts.repo.ts';
import { searchAllItems } from '../../src/db/item-search.repo.ts';
import { countUnreadNotifications, listNotifications, markNotificationsRead } from '../../src/db/notifications.repo.ts';
import { queue } from '../../src/db/queue.repo.ts';
import { listAudit } from '../../src/db/audit.repo.ts';
import type { Case } from '../../src/db/schema.ts';
import { changeOwnPassword, endOtherOwnSessions, endOwnSession, ownSessions } from '../../src/review/account.service.ts';
import { addUser, login, MAX_FAILURES_PER_NAME, resumeSession } from '../../src/review/auth.service.ts';
import { openCase, routeComplaint, setVerdict, updateCase } from '../../src/review/cases.service.ts';
import { DEFAULT_TEMPLATES } from '../../src/review/clarification-text.ts';
import {
  decideClarification,
  draftClarification,
  editClarification,
  submitClarification,
  type ClarificationSettings,
} from '../../src/review/clarifications.service.ts';
import type { Actor } from '../../src/review/roles.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { expectDeskError, flaggedIds, PASSWORD, resetDesk, seedItems, seedTeam, version, type Team } from '../helpers/desk.ts';

// Issue 16: what waits for each role (counts), notifications, the case list, search over every item,
// and the own account (password, sessions), on a real database seeded with real classified items.
let tdb: TestDb;
let team: Team;
let flagged: number[];
let both: Actor; // an account holding humas and pimpinan: never counted as the approver of what it wrote
const settings: ClarificationSettings = {
  templates: DEFAULT_TEMPLATES,
  polres: 'Polres Belitung Timur',
  contact: 'Call Center Polri 110',
  hashtags: ['#PolresBeltim'],
  timezone: 'Asia/Jakarta',
};

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  const u = await addUser(tdb.db, null, { username: 'rangkap', displayName: 'Iptu Rangkap', roles: ['humas', 'pimpinan'], password: PASSWORD });
  both = { id: u.id, username: u.username, display_name: u.display_name, roles: u.roles };
  flagged = await flaggedIds(tdb.db);
});
afterAll(() => tdb?.dispose());
beforeEach(async () => {
  await resetDesk(tdb.db);
});

async function decided(itemIndex: number, verdict: 'hoaks' | 'bukan_hoaks' | 'perlu_verifikasi' = 'hoaks'): Promise<Case> {
  const { case: k } = await openCase(tdb.db, team.analis, flagged[itemIndex]!);
  return setVerdict(tdb.db, team.analis, k.id, k.version, verdict);
}
const draft = (caseId: number, who: Actor = team.humas) =>
  draftClarification(tdb.db, who, { caseId, templateId: 'hoaks', fakta: 'Tidak benar; Polsek Manggar sudah mengecek.', sumber: 'Polsek Manggar' }, settings);

describe('what waits for each role', () => {
  it('counts drafts to approve, cases to clarify, drafts to publish and open assigned cases, one query each', async () => {
    const a = await decided(0);
    const b = await decided(1);
    await decided(2, 'bukan_hoaks'); // not confirmed: needs no clarification
    expect(await countCasesNeedingClarification(tdb.db)).toBe(2);
    expect(await countAwaitingDecision(tdb.db, team.pimpinan.id)).toBe(0);

    // A draft being written still leaves the case waiting; once submitted, it waits for pimpinan instead.
    const ca = await draft(a.id);
    expect(await countCasesNeedingClarification(tdb.db)).toBe(2);
    expect((await casesNeedingClarification(tdb.db, 10)).find((k) => k.id === a.id)?.draft_status).toBe('draft');
    const sa = await submitClarification(tdb.db, team.humas, ca.id, ca.version);
    expect(await countCasesNeedingClarification(tdb.db)).toBe(1);
    expect((await casesNeedingClarification(tdb.db, 10)).map((k) => k.id)).toEqual([b.id]);
    expect(await countAwaitingDecision(tdb.db, team.pimpinan.id)).toBe(1);
    expect((await clarificationsAwaitingDecision(tdb.db, team.pimpinan.id, 10)).map((c) => c.id)).toEqual([ca.id]);

    // A draft the two-role account edited is not one it may decide: not counted for it, counted for the other.
    const cb = await draft(b.id);
    const eb = await editClarification(tdb.db, both, cb.id, cb.version, `${cb.body}\n#PolriPresisi`);
    await submitClarification(tdb.db, team.humas, cb.id, eb.version);
    expect(await countAwaitingDecision(tdb.db, team.pimpinan.id)).toBe(2);
    expect(await countAwaitingDecision(tdb.db, both.id)).toBe(1);

    expect(await countApprovedUnpublished(tdb.db)).toBe(0);
    await decideClarification(tdb.db, team.pimpinan, ca.id, sa.version, 'approve');
    expect(await countApprovedUnpublished(tdb.db)).toBe(1);
    expect(await countAwaitingDecision(tdb.db, team.pimpinan.id)).toBe(1);

    // An analyst's open cases: assigned and undecided; a verdict or complaint routing takes them off.
    const { case: open1 } = await openCase(tdb.db, team.analis, flagged[3]!);
    const { case: open2 } = await openCase(tdb.db, team.analis, flagged[4]!);
    const g1 = await updateCase(tdb.db, team.analis, open1.id, open1.version, { assigneeId: team.analis2.id });
    const g2 = await updateCase(tdb.db, team.analis, open2.id, open2.version, { assigneeId: team.analis2.id });
    expect(await countOpenAssigned(tdb.db, team.analis2.id)).toBe(2);
    await setVerdict(tdb.db, team.analis, open1.id, g1.version, 'perlu_verifikasi');
    expect(await countOpenAssigned(tdb.db, team.analis2.id)).toBe(2);
    await setVerdict(tdb.db, team.analis, open1.id, g1.version + 1, 'bukan_hoaks');
    await routeComplaint(tdb.db, team.analis, open2.id, g2.version, 'dumas');
    expect(await countOpenAssigned(tdb.db, team.analis2.id)).toBe(0);
  });
});

describe('notifications', () => {
  it('tells an analyst of a case assigned to them, once, and never of their own assignment', async () => {
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    const self = await updateCase(tdb.db, team.analis, k.id, k.version, { assigneeId: team.analis.id });
    expect(await countUnreadNotifications(tdb.db, team.analis.id)).toBe(0);
    const given = await updateCase(tdb.db, team.analis, k.id, self.version, { assigneeId: team.analis2.id });
    await updateCase(tdb.db, team.analis, k.id, given.version, { priority: 'tinggi' }); // assignee unchanged
    const rows = await listNotifications(tdb.db, team.analis2.id, { limit: 10, offset: 0 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'case_assigned', case_id: k.id, title: k.title, actor_name: team.analis.display_name, read_at: null });
    expect(await countUnreadNotifications(tdb.db, team.analis2.id)).toBe(1);
  });

  it('tells every writer of a clarification that it was returned (with the reason) or approved', async () => {
    const k = await decided(0);
    const c = await draft(k.id);
    const edited = await editClarification(tdb.db, both, c.id, c.version, `${c.body}\n#PolriPresisi`);
    const s1 = await submitClarification(tdb.db, team.humas, c.id, edited.version);
    const back = await decideClarification(tdb.db, team.pimpinan, c.id, s1.version, 'return', 'Sebutkan nomor pengaduan Polsek.');
    for (const who of [team.humas, both]) {
      const [n] = await listNotifications(tdb.db, who.id, { limit: 10, offset: 0 });
      expect(n).toMatchObject({ kind: 'clarification_returned', clarification_id: c.id, case_id: k.id, comment: 'Sebutkan nomor pengaduan Polsek.' });
    }
    expect(await countUnreadNotifications(tdb.db, team.pimpinan.id)).toBe(0);
    const s2 = await submitClarification(tdb.db, team.humas, c.id, back.version);
    await decideClarification(tdb.db, team.pimpinan, c.id, s2.version, 'approve');
    const list = await listNotifications(tdb.db, team.humas.id, { limit: 10, offset: 0 });
    expect(list.map((n) => n.kind)).toEqual(['clarification_approved', 'clarification_returned']);
  });

  it('leaves no notification behind when the decision itself is refused', async () => {
    const k = await decided(0);
    const c = await draft(k.id);
    const s = await submitClarification(tdb.db, team.humas, c.id, c.version);
    await expectDeskError(decideClarification(tdb.db, team.pimpinan, c.id, s.version + 1, 'approve'), 'CONFLICT');
    expect(await countUnreadNotifications(tdb.db, team.humas.id)).toBe(0);
  });

  it('marks read only the reader’s own notifications', async () => {
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    await updateCase(tdb.db, team.analis, k.id, k.version, { assigneeId: team.analis2.id });
    const [n] = await listNotifications(tdb.db, team.analis2.id, { limit: 1, offset: 0 });
    expect(await markNotificationsRead(tdb.db, team.analis.id, [n!.id])).toHaveLength(0);
    expect(await countUnreadNotifications(tdb.db, team.analis2.id)).toBe(1);
    expect(await markNotificationsRead(tdb.db, team.analis2.id, 'all')).toHaveLength(1);
    expect(await countUnreadNotifications(tdb.db, team.analis2.id)).toBe(0);
    expect((await listNotifications(tdb.db, team.analis2.id, { limit: 1, offset: 0 }))[0]!.read_at).toBeInstanceOf(Date);
  });
});

describe('case list', () => {
  const base = (f: Partial<CaseListFilter> = {}): CaseListFilter => ({ modelVersion: version, status: 'semua', sort: 'terbaru', page: 1, pageSize: 50, ...f });
  const ids = async (f: Partial<CaseListFilter>) => (await listCases(tdb.db, base(f)).list()).map((k) => k.id);

  it('filters by status, verdict, First Draft type, topic, unit, assignee and opening date, and sorts', async () => {
    const hoax = await decided(0);
    const labelled = await updateCase(tdb.db, team.analis, hoax.id, hoax.version, {
      contentType: 'konten_palsu',
      topic: 'kepolisian',
      assigneeId: team.analis2.id,
    });
    const notHoax = await decided(1, 'bukan_hoaks');
    const { case: open } = await openCase(tdb.db, team.analis, flagged[2]!);
    const urgent = await updateCase(tdb.db, team.analis, open.id, open.version, { priority: 'tinggi' });
    // Opened a week ago: outside a date range ending yesterday... and inside one that starts then.
    await tdb.db
      .updateTable('cases')
      .set({ created_at: new Date(Date.now() - 7 * 86_400_000) })
      .where('id', '=', notHoax.id)
      .execute();

    expect(await listCases(tdb.db, base()).count()).toBe(3);
    expect(await ids({ status: 'terbuka' })).toEqual([open.id]);
    expect(await ids({ status: 'diputuskan' })).toEqual([hoax.id, notHoax.id]);
    expect(await ids({ verdict: 'hoaks' })).toEqual([hoax.id]);
    expect(await ids({ contentType: 'konten_palsu' })).toEqual([hoax.id]);
    expect(await ids({ topic: 'kepolisian' })).toEqual([hoax.id]);
    expect(await ids({ assigneeId: team.analis2.id })).toEqual([hoax.id]);
    expect(await ids({ from: new Date(Date.now() - 86_400_000) })).toEqual([open.id, hoax.id]);
    expect(await ids({ to: new Date(Date.now() - 86_400_000) })).toEqual([notHoax.id]);
    // By priority the week-old "tinggi" case comes first, though it is the oldest and the least recently changed.
    await tdb.db
      .updateTable('cases')
      .set({ priority: 'tinggi', updated_at: new Date(Date.now() - 7 * 86_400_000) })
      .where('id', '=', notHoax.id)
      .execute();
    await tdb.db.updateTable('cases').set({ priority: 'rendah' }).where('id', '=', hoax.id).execute();
    await tdb.db.updateTable('cases').set({ priority: 'sedang' }).where('id', '=', urgent.id).execute();
    expect(await ids({ sort: 'prioritas' })).toEqual([notHoax.id, urgent.id, hoax.id]);
    expect(await ids({ sort: 'terbaru' })).toEqual([urgent.id, hoax.id, notHoax.id]);

    expect((await ids({ sort: 'diperbarui' }))[0]).toBe(open.id);
    await updateCase(tdb.db, team.analis, hoax.id, labelled.version, { title: 'Judul baru' });
    expect((await ids({ sort: 'diperbarui' }))[0]).toBe(hoax.id);
    const [row] = await listCases(tdb.db, base({ verdict: 'hoaks' })).list();
    expect(row).toMatchObject({ title: 'Judul baru', assignee_name: team.analis2.display_name, content_type: 'konten_palsu' });
    expect(Number(row!.item_count)).toBe(1);
    // Pages: one case a page.
    expect(await listCases(tdb.db, base({ pageSize: 1, page: 2 })).list()).toHaveLength(1);
    expect(await listCases(tdb.db, base({ pageSize: 1, page: 4 })).list()).toHaveLength(0);
  });

  it('finds cases by a police unit their items name (this model version’s classification)', async () => {
    const withUnit = await tdb.db
      .selectFrom('classifications')
      .select(['item_id', 'police_units'])
      .where('model_version', '=', version)
      .where('item_id', 'in', flagged)
      .where((eb) => eb(eb.fn('cardinality', ['police_units']), '>', 0))
      .executeTakeFirstOrThrow();
    const unit = withUnit.police_units[0]!;
    const without = await tdb.db
      .selectFrom('classifications')
      .select('item_id')
      .where('model_version', '=', version)
      .where((eb) => eb(eb.fn('cardinality', ['police_units']), '=', 0))
      .executeTakeFirstOrThrow();
    const { case: a } = await openCase(tdb.db, team.analis, withUnit.item_id);
    await openCase(tdb.db, team.analis, without.item_id);
    expect(await ids({ unit })).toEqual([a.id]);
    expect(await ids({ unit, modelVersion: 'another-model' })).toEqual([]);
  });
});

describe('search over every item', () => {
  it('finds an item the classifier did not flag, which the queue search leaves out', async () => {
    const quiet = await tdb.db
      .selectFrom('items as i')
      .innerJoin('classifications as c', 'c.item_id', 'i.id')
      .select(['i.id', 'i.title'])
      .where('c.flagged', '=', false)
      .where('i.title', 'is not', null)
      .where('i.duplicate_of', 'is', null)
      .orderBy('i.id')
      .executeTakeFirstOrThrow();
    const words = quiet
      .title!.replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 3)
      .slice(0, 4);
    const q = `"${words.join(' ')}"`;
    const s = searchAllItems(tdb.db, { q, modelVersion: version, sort: 'relevan', page: 1, pageSize: 50 });
    const found = await s.list();
    expect(found.map((r) => r.id)).toContain(quiet.id);
    expect(found.find((r) => r.id === quiet.id)).toMatchObject({ flagged: false, case_id: null });
    expect(await s.count()).toBeGreaterThanOrEqual(1);
    const inQueue = await queue(tdb.db, { modelVersion: version, status: 'semua', q, sort: 'terbaru', page: 1, pageSize: 50 }).list();
    expect(inQueue.map((r) => r.id)).not.toContain(quiet.id);
    // Newest first also finds it; a source filter that is not its own does not.
    expect((await searchAllItems(tdb.db, { q, modelVersion: version, sort: 'terbaru', page: 1, pageSize: 50 }).list()).map((r) => r.id)).toContain(quiet.id);
    expect(await searchAllItems(tdb.db, { q, modelVersion: version, sourceId: 'tips', sort: 'terbaru', page: 1, pageSize: 50 }).count()).toBe(0);
  });

  it('finds the same items read by their matches or walked, in either order, page by page, with or without a source', async () => {
    // Words by how many items have them: the most frequent, one in two items, a phrase from an item, none.
    const lexemes = (
      await sql<{ word: string; ndoc: number }>`select word, ndoc from ts_stat('select search from items') order by ndoc desc, word`.execute(tdb.db)
    ).rows;
    const sample = await tdb.db.selectFrom('items').select('text').where('text', '~', '[a-z]{4,} [a-z]{4,}').orderBy('id').executeTakeFirstOrThrow();
    const pair = /([a-z]{4,}) ([a-z]{4,})/i.exec(sample.text)!;
    const words = [lexemes[0]!.word, lexemes.find((l) => l.ndoc === 2)!.word, `"${pair[1]} ${pair[2]}"`, 'kata-yang-tidak-ada'];
    const source = (await tdb.db.selectFrom('items').select('source_id').orderBy('id').executeTakeFirstOrThrow()).source_id;
    for (const q of words)
      for (const sourceId of [undefined, source])
        for (const sort of ['terbaru', 'relevan'] as const) {
          const tsq = sql`websearch_to_tsquery('indonesian', ${q})`;
          const expected = (
            await tdb.db
              .selectFrom('items as i')
              .select('i.id')
              .where(sql<boolean>`i.search @@ ${tsq}`)
              .$if(!!sourceId, (b) => b.where('i.source_id', '=', sourceId!))
              .orderBy(sort === 'relevan' ? sql`ts_rank(i.search, ${tsq})` : sql`coalesce(i.published_at, i.fetched_at)`, 'desc')
              .orderBy('i.id', 'desc')
              .execute()
          ).map((r) => r.id);
          if (q !== 'kata-yang-tidak-ada' && !sourceId) expect(expected.length, q).toBeGreaterThan(1);
          for (const byMatchesUpTo of [undefined, 0]) {
            const name = `${q} ${sourceId ?? '-'} ${sort} ${byMatchesUpTo ?? 'default'}`;
            const pages: number[] = [];
            for (let page = 1; page <= Math.ceil(expected.length / 3) + 1; page++) {
              const s = searchAllItems(tdb.db, { q, modelVersion: version, sourceId, sort, page, pageSize: 3, byMatchesUpTo });
              const rows = await s.list();
              pages.push(...rows.map((r) => r.id));
              expect(await s.count(), name).toBe(expected.length);
            }
            expect(pages, name).toEqual(expected);
          }
        }
  });
});

describe('own account', () => {
  beforeEach(async () => {
    await tdb.db.deleteFrom('sessions').execute();
    await tdb.db.deleteFrom('login_attempts').execute();
  });
  const signIn = (username: string, password = PASSWORD, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0') =>
    login(tdb.db, { username, password, ip: '127.0.0.1', userAgent });

  it('changes the password only with the current one, refusing weak or mistyped new ones in Indonesian', async () => {
    const here = await signIn('dodi');
    const elsewhere = await signIn('dodi');
    const me = (await resumeSession(tdb.db, here.token))!;
    const change = (current: string, next: string, repeat = next) =>
      changeOwnPassword(tdb.db, team.analis2, me.tokenHash, { current, next, repeat, ip: '127.0.0.1' });
    await expectDeskError(change('salah-sandinya-1', 'sandi-baru-yang-kuat-1'), 'INVALID_INPUT', 'Kata sandi saat ini salah.');
    await expectDeskError(change(PASSWORD, 'pendek'), 'INVALID_INPUT', 'Kata sandi baru: Kata sandi minimal 10 karakter.');
    await expectDeskError(change(PASSWORD, 'sandi-baru-yang-kuat-1', 'sandi-baru-yang-kuat-2'), 'INVALID_INPUT', /tidak sama/);
    await expectDeskError(change(PASSWORD, PASSWORD), 'INVALID_INPUT', /harus berbeda/);
    await expectDeskError(change('', 'sandi-baru-yang-kuat-1'), 'INVALID_INPUT', /saat ini: wajib diisi/);
    expect(await resumeSession(tdb.db, elsewhere.token)).not.toBeNull(); // nothing changed yet

    expect(await change(PASSWORD, 'sandi-baru-yang-kuat-1')).toEqual({ endedSessions: 1 });
    expect(await resumeSession(tdb.db, here.token)).not.toBeNull(); // this one stays signed in
    expect(await resumeSession(tdb.db, elsewhere.token)).toBeNull(); // the other is out
    await expectDeskError(signIn('dodi'), 'UNAUTHENTICATED');
    await expect(signIn('dodi', 'sandi-baru-yang-kuat-1')).resolves.toMatchObject({ actor: { id: team.analis2.id } });
    const [entry] = await listAudit(tdb.db, { entity: 'user', entityId: String(team.analis2.id), limit: 1 });
    expect(entry).toMatchObject({ action: 'user.password_changed' });
    expect(JSON.stringify(entry)).not.toContain('sandi-baru-yang-kuat-1');
  });

  it('counts wrong current passwords against the login throttle, so a stolen session cannot guess its owner’s password', async () => {
    const s = await signIn('kasi');
    const me = (await resumeSession(tdb.db, s.token))!;
    const change = (current: string) =>
      changeOwnPassword(tdb.db, team.pimpinan, me.tokenHash, { current, next: 'sandi-baru-yang-kuat-9', repeat: 'sandi-baru-yang-kuat-9', ip: '10.0.0.9' });
    for (let i = 0; i < MAX_FAILURES_PER_NAME; i++) await expectDeskError(change(`tebakan-ke-${i}-xx`), 'INVALID_INPUT', 'Kata sandi saat ini salah.');
    await expectDeskError(change(PASSWORD), 'RATE_LIMITED', /Terlalu banyak percobaan/);
    await expectDeskError(login(tdb.db, { username: 'kasi', password: PASSWORD, ip: '10.0.0.9' }), 'RATE_LIMITED');
    // The password is unchanged, and its owner still signs in from their usual address.
    await expect(signIn('kasi')).resolves.toMatchObject({ actor: { id: team.pimpinan.id } });
  });

  it('lists the person’s own sessions and ends one, the others, or the current one', async () => {
    const a = await signIn('rina', PASSWORD, 'Mozilla/5.0 (Linux; Android 14) Chrome/140.0 Mobile');
    const b = await signIn('rina');
    const c = await signIn('rina');
    const other = await signIn('sari');
    const cur = (await resumeSession(tdb.db, b.token))!;
    const list = await ownSessions(tdb.db, team.analis, cur.tokenHash);
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.map((s) => s.user_agent)).toContain('Mozilla/5.0 (Linux; Android 14) Chrome/140.0 Mobile');
    expect(JSON.stringify(list)).not.toContain(cur.tokenHash); // handles, never the stored key

    // Another person's session is not theirs to end: its handle is unknown to them.
    const otherHandle = (await ownSessions(tdb.db, team.humas, (await resumeSession(tdb.db, other.token))!.tokenHash))[0]!.handle;
    await expectDeskError(endOwnSession(tdb.db, team.analis, cur.tokenHash, otherHandle), 'NOT_FOUND', 'Sesi itu tidak ditemukan');
    expect(await resumeSession(tdb.db, other.token)).not.toBeNull();

    const phone = list.find((s) => s.user_agent?.includes('Android'))!;
    expect(await endOwnSession(tdb.db, team.analis, cur.tokenHash, phone.handle)).toEqual({ current: false });
    expect(await resumeSession(tdb.db, a.token)).toBeNull();
    expect(await endOtherOwnSessions(tdb.db, team.analis, cur.tokenHash)).toBe(1);
    expect(await resumeSession(tdb.db, c.token)).toBeNull();
    const mine = await ownSessions(tdb.db, team.analis, cur.tokenHash);
    expect(mine).toHaveLength(1);
    expect(await endOwnSession(tdb.db, team.analis, cur.tokenHash, mine[0]!.handle)).toEqual({ current: true });
    expect(await resumeSession(tdb.db, b.token)).toBeNull();
  });
});
