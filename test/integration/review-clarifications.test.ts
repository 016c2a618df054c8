import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/audit.repo.ts';
import { getClarification, publications } from '../../src/db/clarifications.repo.ts';
import type { Case } from '../../src/db/schema.ts';
import { openCase, setVerdict } from '../../src/review/cases.service.ts';
import { DEFAULT_TEMPLATES } from '../../src/review/clarification-text.ts';
import {
  decideClarification,
  draftClarification,
  editClarification,
  recordPublication,
  submitClarification,
  type ClarificationSettings,
} from '../../src/review/clarifications.service.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { expectDeskError, flaggedIds, resetDesk, seedItems, seedTeam, type Team } from '../helpers/desk.ts';

let tdb: TestDb;
let team: Team;
let flagged: number[];
const settings: ClarificationSettings = {
  templates: DEFAULT_TEMPLATES,
  polres: 'Polres Belitung Timur',
  contact: 'Call Center Polri 110',
  hashtags: ['#SaringSebelumSharing', '#PolresBeltim'],
  timezone: 'Asia/Jakarta',
};

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  flagged = await flaggedIds(tdb.db);
});
afterAll(() => tdb?.dispose());
beforeEach(async () => {
  await resetDesk(tdb.db);
});

async function confirmedCase(verdict: 'hoaks' | 'perlu_verifikasi' = 'hoaks'): Promise<Case> {
  const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
  return setVerdict(tdb.db, team.analis, k.id, k.version, verdict);
}

const draft = (caseId: number, who = team.humas) =>
  draftClarification(
    tdb.db,
    who,
    { caseId, templateId: 'hoaks', fakta: 'Tidak ada penculikan anak di Manggar; Polsek Manggar sudah mengecek.', sumber: 'Polsek Manggar' },
    settings,
  );

describe('clarification flow', () => {
  it('goes draft → submitted → approved → published, audited at every step', async () => {
    const k = await confirmedCase();
    const c = await draft(k.id);
    expect(c.status).toBe('draft');
    expect(c.body.split('\n')[0]).toBe(`[HOAKS] ${k.title}`);
    expect(c.body).toContain('Faktanya: Tidak ada penculikan anak di Manggar');
    expect(c.body).toContain('Sumber: Polsek Manggar');
    expect(c.body).toContain('Call Center Polri 110');
    expect(c.body.endsWith('#SaringSebelumSharing #PolresBeltim')).toBe(true);
    const edited = await editClarification(tdb.db, team.humas, c.id, c.version, `${c.body}\n#PolriPresisi`);
    const submitted = await submitClarification(tdb.db, team.humas, c.id, edited.version);
    expect(submitted.submitted_at).toBeInstanceOf(Date);
    const approved = await decideClarification(tdb.db, team.pimpinan, c.id, submitted.version, 'approve');
    expect(approved).toMatchObject({ status: 'approved', decided_by: team.pimpinan.id });
    // The item was seen three hours ago and the text approved two hours ago; it went out an hour ago.
    await tdb.db
      .updateTable('items')
      .set({ fetched_at: new Date(Date.now() - 3 * 3600_000) })
      .where('id', '=', flagged[0]!)
      .execute();
    await tdb.db
      .updateTable('clarifications')
      .set({ decided_at: new Date(Date.now() - 2 * 3600_000) })
      .where('id', '=', c.id)
      .execute();
    const at = new Date(Date.now() - 3600_000);
    const published = await recordPublication(tdb.db, team.humas, c.id, approved.version, {
      channel: 'x',
      url: 'https://x.com/polresbeltim/status/1',
      publishedAt: at,
      timeZone: 'Asia/Jakarta',
    });
    expect(published.status).toBe('published');
    expect(published.published_at!.getTime()).toBe(at.getTime());
    // a second channel later keeps the first publication time
    await recordPublication(tdb.db, team.humas, c.id, published.version, {
      channel: 'instagram',
      url: 'https://www.instagram.com/p/abc/',
      publishedAt: new Date(),
      timeZone: 'Asia/Jakarta',
    });
    expect((await getClarification(tdb.db, c.id))!.published_at!.getTime()).toBe(at.getTime());
    expect((await publications(tdb.db, c.id)).map((p) => p.channel)).toEqual(['x', 'instagram']);
    const audit = await listAudit(tdb.db, { entity: 'clarification', entityId: String(c.id) });
    expect(audit.map((a) => a.action).reverse()).toEqual([
      'clarification.drafted',
      'clarification.edited',
      'clarification.submitted',
      'clarification.approved',
      'clarification.published',
      'clarification.published',
    ]);
    expect(audit[1]).toMatchObject({
      username: 'sari',
      before: { status: 'approved' },
      after: { status: 'published', channel: 'x', url: 'https://x.com/polresbeltim/status/1' },
    });
  });

  it('refuses a publication time before the item was first seen or before the approval, naming both times in WIB', async () => {
    const k = await confirmedCase();
    const c = await draft(k.id);
    const submitted = await submitClarification(tdb.db, team.humas, c.id, c.version);
    const approved = await decideClarification(tdb.db, team.pimpinan, c.id, submitted.version, 'approve');
    const seenAt = new Date(Date.now() - 10 * 3600_000);
    const approvedAt = new Date(Date.now() - 2 * 3600_000);
    await tdb.db.updateTable('items').set({ fetched_at: seenAt }).where('id', '=', flagged[0]!).execute();
    await tdb.db.updateTable('clarifications').set({ decided_at: approvedAt }).where('id', '=', c.id).execute();
    const publish = (publishedAt: Date) =>
      recordPublication(tdb.db, team.humas, c.id, approved.version, { channel: 'facebook', publishedAt, timeZone: 'Asia/Jakarta' });
    const wib = (d: Date) => new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' }).format(d);
    // 413 minutes before the item was first seen: the browser's clock read as the wrong zone.
    const early = new Date(seenAt.getTime() - 413 * 60_000);
    await expectDeskError(
      publish(early),
      'INVALID_INPUT',
      `Waktu terbit ${wib(early)} WIB lebih awal daripada saat butir kasus ini pertama terlihat (${wib(seenAt)} WIB).`,
    );
    const beforeApproval = new Date(approvedAt.getTime() - 30 * 60_000);
    await expectDeskError(publish(beforeApproval), 'INVALID_INPUT', `lebih awal daripada persetujuan pimpinan (${wib(approvedAt)} WIB)`);
    expect((await getClarification(tdb.db, c.id))!).toMatchObject({ status: 'approved', published_at: null });
    expect(await publications(tdb.db, c.id)).toEqual([]);
    // The minute of the approval itself is in order (the form gives minutes, not seconds).
    const sameMinute = new Date(approvedAt.getTime() - 30_000);
    expect((await publish(sameMinute)).published_at!.getTime()).toBe(sameMinute.getTime());
  });

  it('keeps the reference link in the [HOAKS] text', async () => {
    const k = await confirmedCase();
    const c = await draftClarification(
      tdb.db,
      team.humas,
      { caseId: k.id, templateId: 'hoaks', fakta: 'Tidak benar.', sumber: 'Polsek Manggar', tautan: 'https://tribratanews.polri.go.id/berita/123' },
      settings,
    );
    expect(c.body.split('\n')).toContain('Tautan rujukan: https://tribratanews.polri.go.id/berita/123');
    expect((await draft(k.id)).body).not.toContain('Tautan rujukan'); // no link, no empty line for it
  });

  it('is returned with a comment, edited and submitted again', async () => {
    const k = await confirmedCase();
    const c = await submitClarification(tdb.db, team.humas, (await draft(k.id)).id, 1);
    await expectDeskError(decideClarification(tdb.db, team.pimpinan, c.id, c.version, 'return', '  '), 'INVALID_INPUT', /alasan/);
    const returned = await decideClarification(tdb.db, team.pimpinan, c.id, c.version, 'return', 'Cantumkan nomor Call Center');
    expect(returned).toMatchObject({ status: 'returned', decision_comment: 'Cantumkan nomor Call Center' });
    const fixed = await editClarification(tdb.db, team.humas, c.id, returned.version, `${returned.body}\nCall Center 110`);
    expect((await submitClarification(tdb.db, team.humas, c.id, fixed.version)).status).toBe('submitted');
  });

  it('refuses steps out of order and edits after submission', async () => {
    const k = await confirmedCase();
    const c = await draft(k.id);
    await expectDeskError(decideClarification(tdb.db, team.pimpinan, c.id, c.version, 'approve'), 'INVALID_STATE', /berstatus "draf"/);
    await expectDeskError(
      recordPublication(tdb.db, team.humas, c.id, c.version, { channel: 'x', publishedAt: new Date(), timeZone: 'Asia/Jakarta' }),
      'INVALID_STATE',
    );
    const s = await submitClarification(tdb.db, team.humas, c.id, c.version);
    await expectDeskError(editClarification(tdb.db, team.humas, c.id, s.version, 'ubah diam-diam'), 'INVALID_STATE', /menunggu persetujuan/);
    await expectDeskError(submitClarification(tdb.db, team.humas, c.id, c.version), 'CONFLICT'); // stale version
    await expectDeskError(
      recordPublication(tdb.db, team.humas, c.id, s.version, { channel: 'x', publishedAt: new Date(Date.now() + 86_400_000), timeZone: 'Asia/Jakarta' }),
      'INVALID_INPUT',
      /masa depan/,
    );
  });

  it('enforces roles and four eyes', async () => {
    const k = await confirmedCase();
    await expectDeskError(draft(k.id, team.analis), 'FORBIDDEN', /Humas/);
    await expectDeskError(draft(k.id, team.pimpinan), 'FORBIDDEN');
    const c = await draft(k.id);
    await expectDeskError(submitClarification(tdb.db, team.pimpinan, c.id, c.version), 'FORBIDDEN');
    const s = await submitClarification(tdb.db, team.humas, c.id, c.version);
    await expectDeskError(decideClarification(tdb.db, team.humas, c.id, s.version, 'approve'), 'FORBIDDEN', /Pimpinan/);
    await expectDeskError(decideClarification(tdb.db, team.analis, c.id, s.version, 'approve'), 'FORBIDDEN');
    // someone who is both humas and pimpinan still cannot approve their own draft
    const both = { ...team.pimpinan, roles: ['humas', 'pimpinan'] as Array<'humas' | 'pimpinan'> };
    const own = await submitClarification(tdb.db, both, (await draft(k.id, both)).id, 1);
    await expectDeskError(decideClarification(tdb.db, both, own.id, own.version, 'approve'), 'FORBIDDEN', /penulisnya sendiri/);
    expect((await getClarification(tdb.db, own.id))!.status).toBe('submitted');
  });

  it('refuses a decision by anyone who edited the text, not only its author', async () => {
    const k = await confirmedCase();
    const c = await draft(k.id);
    // an account holding both roles rewrites another humas's draft and submits it
    const both = { ...team.pimpinan, id: team.admin.id, username: 'admin', roles: ['humas', 'pimpinan'] as Array<'humas' | 'pimpinan'> };
    const edited = await editClarification(tdb.db, both, c.id, c.version, 'Teks pengganti dari akun ganda.');
    const submitted = await submitClarification(tdb.db, both, c.id, edited.version);
    expect(submitted.author_id).toBe(team.humas.id);
    await expectDeskError(decideClarification(tdb.db, both, c.id, submitted.version, 'approve'), 'FORBIDDEN', /ikut menyuntingnya/);
    await expectDeskError(decideClarification(tdb.db, both, c.id, submitted.version, 'return', 'kembalikan'), 'FORBIDDEN', /ikut menyuntingnya/);
    expect((await getClarification(tdb.db, c.id))!.status).toBe('submitted');
    const editors = await tdb.db
      .selectFrom('clarification_editors')
      .select('user_id')
      .where('clarification_id', '=', c.id)
      .orderBy('first_edited_at')
      .execute();
    expect(editors.map((e) => e.user_id)).toEqual([team.humas.id, team.admin.id]);
    // a pimpinan who never touched it decides as before
    expect((await decideClarification(tdb.db, team.pimpinan, c.id, submitted.version, 'approve')).status).toBe('approved');
  });

  it('is written only for confirmed cases, and pins the verdict once it is out', async () => {
    const open = await confirmedCase('perlu_verifikasi');
    await expectDeskError(draft(open.id), 'INVALID_STATE', /belum dinyatakan hoaks/);
    const k = await setVerdict(tdb.db, team.analis, open.id, open.version, 'disinformasi');
    await expectDeskError(
      draftClarification(tdb.db, team.humas, { caseId: k.id, templateId: 'tidak-ada', fakta: 'x' }, settings),
      'INVALID_INPUT',
      /Templat "tidak-ada"/,
    );
    await expectDeskError(draftClarification(tdb.db, team.humas, { caseId: k.id, templateId: 'hoaks', fakta: ' ' }, settings), 'INVALID_INPUT', /Faktanya/);
    const c = await draft(k.id);
    await submitClarification(tdb.db, team.humas, c.id, c.version);
    await expectDeskError(setVerdict(tdb.db, team.analis, k.id, k.version, 'bukan_hoaks'), 'INVALID_STATE', /sudah punya klarifikasi/);
    expect((await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks')).verdict).toBe('hoaks');
  });
});
