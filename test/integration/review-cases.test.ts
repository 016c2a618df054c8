import { loadModels } from '../../src/classify/models.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/audit.repo.ts';
import { caseItems, caseNotes, caseReviews, CRITICISM_ONLY, getCase, itemDetail, reposts } from '../../src/db/cases.repo.ts';
import type { CaseMatch } from '../../src/db/schema.ts';
import { nextQueueCursor, queue, QUEUE_COUNT_CAP, type QueueCursor, type QueueFilter, type QueueOptions } from '../../src/db/queue.repo.ts';
import { cachedRead, type CachedRead } from '../../src/db/read-cache.ts';
import { addNote, mergeIntoCase, openCase, routeComplaint, setVerdict, updateCase } from '../../src/review/cases.service.ts';
import { correctItems } from '../../src/review/labels.service.ts';
import { DISMISSING_LABELS, priorityForScore, PRIORITIES, type CasePriority } from '../../src/vocabulary.ts';
import { runClassify } from '../../src/classify/stage.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { tipToItem } from '../../src/sources/tip.ts';
import { createTestDb, truncateWithAudit, type TestDb } from '../helpers/db.ts';
import { LOCAL_HTTP } from '../helpers/paths.ts';
import { expectDeskError, flaggedIds, version, resetDesk, seedCriticism, seedItems, seedTeam, type Team } from '../helpers/desk.ts';

let tdb: TestDb;
let team: Team;
let flagged: number[];

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

/** The first `n` items that head their cluster and are not flagged: a test flags them for itself and restores them. */
const unflaggedOriginals = async (n: number) =>
  (
    await tdb.db
      .selectFrom('classifications as c')
      .innerJoin('items as i', 'i.id', 'c.item_id')
      .select('i.id')
      .where('c.flagged', '=', false)
      .where('i.duplicate_of', 'is', null)
      .orderBy('i.id')
      .limit(n)
      .execute()
  ).map((r) => r.id);

const filter = (f: Partial<QueueFilter> = {}): QueueFilter => ({ modelVersion: version, status: 'terbuka', sort: 'prioritas', page: 1, pageSize: 500, ...f });

describe('case triage roles', () => {
  it('lets only analysts open, decide, prioritise, assign and merge', async () => {
    for (const who of ['humas', 'pimpinan', 'admin'] as const) {
      await expectDeskError(openCase(tdb.db, team[who], flagged[0]!), 'FORBIDDEN', /Analis patroli siber/);
    }
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    for (const who of ['humas', 'pimpinan', 'admin'] as const) {
      await expectDeskError(setVerdict(tdb.db, team[who], k.id, k.version, 'hoaks'), 'FORBIDDEN');
      await expectDeskError(updateCase(tdb.db, team[who], k.id, k.version, { priority: 'tinggi' }), 'FORBIDDEN');
      await expectDeskError(mergeIntoCase(tdb.db, team[who], k.id, k.version, [flagged[1]!]), 'FORBIDDEN');
    }
    await expectDeskError(addNote(tdb.db, team.pimpinan, k.id, 'catatan'), 'FORBIDDEN');
    await expectDeskError(addNote(tdb.db, team.admin, k.id, 'catatan'), 'FORBIDDEN');
    await expect(addNote(tdb.db, team.humas, k.id, 'Humas: sudah dicek ke Satreskrim')).resolves.toMatchObject({ id: 1 });
    expect((await getCase(tdb.db, k.id))!.version).toBe(1); // refusals changed nothing
  });
});

describe('triage', () => {
  it('opens one case per item, sets a verdict with history and audit, and times the decision', async () => {
    const itemId = flagged[0]!;
    const first = await openCase(tdb.db, team.analis, itemId);
    expect(first.created).toBe(true);
    expect((await openCase(tdb.db, team.analis2, itemId)).case.id).toBe(first.case.id); // no second case
    const v1 = await setVerdict(tdb.db, team.analis, first.case.id, 1, 'perlu_verifikasi', 'tunggu konfirmasi Polsek');
    expect(v1.decided_at).toBeNull();
    const v2 = await setVerdict(tdb.db, team.analis, first.case.id, v1.version, 'hoaks', 'dibantah Humas Polda');
    expect(v2).toMatchObject({ verdict: 'hoaks', version: 3 });
    expect(v2.decided_at).toBeInstanceOf(Date);
    const history = await caseReviews(tdb.db, first.case.id);
    expect(history.map((h) => [h.verdict, h.comment, h.reviewer_name])).toEqual([
      ['perlu_verifikasi', 'tunggu konfirmasi Polsek', 'Bripka Rina Analis'],
      ['hoaks', 'dibantah Humas Polda', 'Bripka Rina Analis'],
    ]);
    const audit = await listAudit(tdb.db, { entity: 'case', entityId: String(first.case.id) });
    expect(audit.map((a) => a.action)).toEqual(['case.verdict', 'case.verdict', 'case.opened']);
    expect(audit[0]).toMatchObject({ username: 'rina', before: { verdict: 'perlu_verifikasi' }, after: { verdict: 'hoaks', comment: 'dibantah Humas Polda' } });
  });

  it('gives criticism of the police a hoax verdict only with an override reason, kept in the audit log', async () => {
    // A complaint about the police, as a tip, classified by the real models. (The guard is the desk's; the
    // triage's reading of real complaints is measured by npm run eval and asserted in police-triage.test.ts.)
    const text = 'Laporan saya di Polsek tidak ditindaklanjuti, malah oknum polisi minta uang damai 2 juta biar cepat. Percuma lapor polisi.';
    const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger };
    const run = await recordRun(ingest, 'tips', async () => ({ items: [tipToItem({ text })], rejected: [] }));
    await runClassify({ db: tdb.db, log: silentLogger, ctx: { ...loadModels(), lexicon: { units: [] }, places: [] } });
    const itemId = run.storedIds[0]!;
    const row = await tdb.db.selectFrom('classifications').select(['police_flags', 'hoax', 'reasons']).where('item_id', '=', itemId).executeTakeFirstOrThrow();
    expect(row.police_flags).toMatchObject({ kritik_keluhan: { flagged: true }, hoaks_tentang_polisi: { flagged: false } });
    expect(row.hoax).toBe(false);
    expect(row.reasons.find((r) => r.code === 'kritik')?.label).toMatch(/^Kritik\/keluhan terhadap polisi, bukan hoaks: teruskan ke pengaduan masyarakat/);

    const { case: k } = await openCase(tdb.db, team.analis, itemId);
    await expectDeskError(setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks'), 'INVALID_STATE', /berisi kritik\/keluhan terhadap polisi, bukan hoaks/);
    await expectDeskError(setVerdict(tdb.db, team.analis, k.id, k.version, 'disinformasi', 'tetap', '   '), 'INVALID_STATE');
    expect((await getCase(tdb.db, k.id))!.verdict).toBeNull();
    const ok = await setVerdict(tdb.db, team.analis, k.id, k.version, 'bukan_hoaks', 'kritik, diteruskan ke Propam');
    const over = await setVerdict(
      tdb.db,
      team.analis,
      k.id,
      ok.version,
      'hoaks',
      'tangkapan layar palsu',
      'Berita aslinya tidak pernah terbit; konfirmasi Humas Polda Jatim',
    );
    expect(over.verdict).toBe('hoaks');
    const [audit] = await listAudit(tdb.db, { entity: 'case', entityId: String(k.id) });
    expect(audit).toMatchObject({
      action: 'case.verdict',
      after: { verdict: 'hoaks', criticism_override: 'Berita aslinya tidak pernah terbit; konfirmasi Humas Polda Jatim' },
    });
  });

  it('refuses the second of two concurrent changes, naming who changed the case, and overwrites nothing', async () => {
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    await updateCase(tdb.db, team.analis, k.id, k.version, { priority: 'tinggi', assigneeId: team.analis.id });
    await expectDeskError(setVerdict(tdb.db, team.analis2, k.id, k.version, 'bukan_hoaks'), 'CONFLICT', /sudah diubah oleh Bripka Rina Analis/);
    await expectDeskError(updateCase(tdb.db, team.analis2, k.id, k.version, { priority: 'rendah' }), 'CONFLICT');
    expect(await getCase(tdb.db, k.id)).toMatchObject({
      priority: 'tinggi',
      verdict: null,
      assignee_id: team.analis.id,
      assignee_name: 'Bripka Rina Analis',
      version: 2,
    });
    expect(await caseReviews(tdb.db, k.id)).toEqual([]);
    await expectDeskError(updateCase(tdb.db, team.analis, 9999, 1, { priority: 'rendah' }), 'NOT_FOUND', /Kasus #9999/);
  });

  it('assigns only to active analysts and refuses an empty title', async () => {
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    await expectDeskError(updateCase(tdb.db, team.analis, k.id, k.version, { assigneeId: team.humas.id }), 'INVALID_INPUT', /bukan analis aktif/);
    await expectDeskError(updateCase(tdb.db, team.analis, k.id, k.version, { title: '   ' }), 'INVALID_INPUT');
    const renamed = await updateCase(tdb.db, team.analis, k.id, k.version, { title: 'Isu penculikan anak di Manggar', assigneeId: team.analis2.id });
    expect(renamed).toMatchObject({ title: 'Isu penculikan anak di Manggar', assignee_id: team.analis2.id });
    const unassigned = await updateCase(tdb.db, team.analis, k.id, renamed.version, { assigneeId: null });
    expect(unassigned.assignee_id).toBeNull();
  });

  it('keeps notes with http(s) evidence links only', async () => {
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    await addNote(tdb.db, team.analis, k.id, 'Unggahan asli di Facebook', 'https://www.facebook.com/groups/123/posts/456');
    await expectDeskError(addNote(tdb.db, team.analis, k.id, 'x', 'javascript:alert(1)'), 'INVALID_INPUT', /hanya tautan http/);
    await expectDeskError(addNote(tdb.db, team.analis, k.id, '   '), 'INVALID_INPUT');
    await expectDeskError(addNote(tdb.db, team.analis, 4242, 'catatan'), 'NOT_FOUND');
    expect((await caseNotes(tdb.db, k.id)).map((n) => [n.body, n.evidence_url, n.author_name])).toEqual([
      ['Unggahan asli di Facebook', 'https://www.facebook.com/groups/123/posts/456', 'Bripka Rina Analis'],
    ]);
  });

  it('merges items of the same claim into one case, bringing another case along', async () => {
    const [a, b, c] = flagged as [number, number, number];
    const ka = (await openCase(tdb.db, team.analis, a)).case;
    const kb = (await openCase(tdb.db, team.analis2, b)).case;
    await addNote(tdb.db, team.analis2, kb.id, 'catatan di kasus B');
    const kbv = await setVerdict(tdb.db, team.analis2, kb.id, kb.version, 'perlu_verifikasi');
    expect(kbv.version).toBe(2);
    const merged = await mergeIntoCase(tdb.db, team.analis, ka.id, ka.version, [b, c]);
    expect(merged.version).toBe(2);
    expect((await caseItems(tdb.db, ka.id, version)).map((i) => i.id).sort((x, y) => x - y)).toEqual([a, b, c].sort((x, y) => x - y));
    expect(await getCase(tdb.db, kb.id)).toBeUndefined();
    expect((await caseNotes(tdb.db, ka.id)).map((n) => n.body)).toEqual(['catatan di kasus B']);
    expect((await caseReviews(tdb.db, ka.id)).map((r) => r.verdict)).toEqual(['perlu_verifikasi']);
    expect((await listAudit(tdb.db, { entity: 'case', entityId: String(kb.id) }))[0]).toMatchObject({
      action: 'case.merged_away',
      after: { merged_into: ka.id },
    });
    await expectDeskError(mergeIntoCase(tdb.db, team.analis, ka.id, merged.version, [987654]), 'INVALID_INPUT', /#987654 tidak ditemukan/);
    await expectDeskError(mergeIntoCase(tdb.db, team.analis, ka.id, 1, [b]), 'CONFLICT');
  });
});

describe('complaints never become confirmed hoaxes', () => {
  it('gives a case sent to Propam a hoax verdict only with an override reason, which takes it out of complaint handling', async () => {
    const { case: k } = await openCase(tdb.db, team.analis, flagged[0]!);
    const routed = await routeComplaint(tdb.db, team.analis, k.id, k.version, 'propam', 'keluhan terhadap anggota');
    for (const verdict of ['hoaks', 'disinformasi', 'misinformasi'] as const) {
      await expectDeskError(
        setVerdict(tdb.db, team.analis, k.id, routed.version, verdict),
        'INVALID_STATE',
        /sudah diteruskan ke Propam .*alasan pengecualian/,
      );
    }
    await expectDeskError(setVerdict(tdb.db, team.analis, k.id, routed.version, 'hoaks', 'x', '  '), 'INVALID_STATE');
    expect(await getCase(tdb.db, k.id)).toMatchObject({ verdict: null, complaint_route: 'propam', version: routed.version });
    // Verdicts that are no hoax need no reason and keep the route.
    const other = await setVerdict(tdb.db, team.analis, k.id, routed.version, 'belum_terbukti');
    expect(other).toMatchObject({ verdict: 'belum_terbukti', complaint_route: 'propam' });
    const over = await setVerdict(
      tdb.db,
      team.analis,
      k.id,
      other.version,
      'hoaks',
      'tangkapan layar palsu',
      'Surat Propam yang beredar palsu; konfirmasi Kasi Propam',
    );
    expect(over).toMatchObject({ verdict: 'hoaks', complaint_route: null, complaint_routed_at: null });
    expect((await listAudit(tdb.db, { entity: 'case', entityId: String(k.id) }))[0]).toMatchObject({
      action: 'case.verdict',
      before: { verdict: 'belum_terbukti', complaint_route: 'propam' },
      after: { verdict: 'hoaks', complaint_override: 'Surat Propam yang beredar palsu; konfirmasi Kasi Propam', complaint_route: null },
    });
  });

  it('merges complaints into a confirmed case only with an override reason, and never a confirmed case into a complaint', async () => {
    const [a, b, c, d] = flagged as [number, number, number, number];
    const hoax = await setVerdict(tdb.db, team.analis, (await openCase(tdb.db, team.analis, a)).case.id, 1, 'hoaks');
    const kb = (await openCase(tdb.db, team.analis, b)).case;
    const routed = await routeComplaint(tdb.db, team.analis, kb.id, kb.version, 'dumas');
    // The routed case into the hoax case: refused without a reason, nothing moved.
    await expectDeskError(
      mergeIntoCase(tdb.db, team.analis, hoax.id, hoax.version, [b]),
      'INVALID_STATE',
      new RegExp(`kasus #${kb.id} diteruskan ke Pengaduan masyarakat`),
    );
    expect(await getCase(tdb.db, kb.id)).toMatchObject({ complaint_route: 'dumas' });
    // The hoax case into the routed one: refused, whatever the reason.
    await expectDeskError(
      mergeIntoCase(tdb.db, team.analis, kb.id, routed.version, [a], 'alasan'),
      'INVALID_STATE',
      new RegExp(`Kasus #${hoax.id} sudah dinyatakan Hoaks`),
    );
    expect((await caseItems(tdb.db, hoax.id, version)).map((i) => i.id)).toEqual([a]);
    // A criticism item into the hoax case: refused without a reason.
    const lbh = await seedCriticism(tdb.db);
    await expectDeskError(mergeIntoCase(tdb.db, team.analis, hoax.id, hoax.version, [lbh]), 'INVALID_STATE', new RegExp(`butir #${lbh} berisi kritik/keluhan`));
    expect((await caseItems(tdb.db, hoax.id, version)).map((i) => i.id)).toEqual([a]);
    // With a reason both go in, and the audit log keeps it.
    const merged = await mergeIntoCase(tdb.db, team.analis, hoax.id, hoax.version, [b, lbh], 'Sama-sama menyebar surat palsu yang sama');
    expect(merged).toMatchObject({ verdict: 'hoaks', complaint_route: null });
    expect((await listAudit(tdb.db, { entity: 'case', entityId: String(hoax.id) }))[0]).toMatchObject({
      action: 'case.merged',
      after: { complaint_override: 'Sama-sama menyebar surat palsu yang sama', complaint_items: [lbh], complaint_cases: [kb.id] },
    });
    // A routed case absorbed by an undecided one hands on its route: the verdict guard still holds.
    const kc = (await openCase(tdb.db, team.analis, c)).case;
    const kd = (await openCase(tdb.db, team.analis, d)).case;
    await routeComplaint(tdb.db, team.analis, kd.id, kd.version, 'propam');
    const took = await mergeIntoCase(tdb.db, team.analis, kc.id, kc.version, [d]);
    expect(took.complaint_route).toBe('propam');
    await expectDeskError(setVerdict(tdb.db, team.analis, kc.id, took.version, 'hoaks'), 'INVALID_STATE', /diteruskan ke Propam/);
  });
});

describe('queue', () => {
  it('lists flagged items by priority, one per duplicate cluster, and drops decided ones from the open view', async () => {
    const open = await queue(tdb.db, filter()).list();
    expect(open.map((r) => r.id)).toEqual(flagged);
    expect(await queue(tdb.db, filter()).count()).toBe(flagged.length);
    for (const r of open) expect(r.reasons.length).toBeGreaterThan(0);
    const top = open[0]!;
    const { case: k } = await openCase(tdb.db, team.analis, top.id);
    await updateCase(tdb.db, team.analis, k.id, k.version, { priority: 'rendah' });
    const after = await queue(tdb.db, filter()).list();
    // Analysts' "rendah" sinks below every "sedang" item and heads the "rendah" ones (by its score).
    expect(after.map((r) => r.id).indexOf(top.id)).toBe(after.filter((r) => r.case_priority !== 'rendah').length);
    await setVerdict(tdb.db, team.analis, k.id, k.version + 1, 'hoaks');
    expect((await queue(tdb.db, filter()).list()).map((r) => r.id)).not.toContain(top.id);
    expect((await queue(tdb.db, filter({ status: 'diputuskan' })).list()).map((r) => [r.id, r.verdict])).toEqual([[top.id, 'hoaks']]);
    expect(await queue(tdb.db, filter({ status: 'semua' })).count()).toBe(flagged.length);
  });

  it("pages through priorities in order: tinggi, sedang, rendah, an unopened item's by its score as its case would start", async () => {
    const set = async (id: number, priority: 'tinggi' | 'sedang' | 'rendah') => {
      const { case: k } = await openCase(tdb.db, team.analis, id);
      await updateCase(tdb.db, team.analis, k.id, k.version, { priority });
    };
    expect(flagged.length).toBeGreaterThanOrEqual(6);
    const [a, c, d] = [flagged[3]!, flagged[0]!, flagged[1]!];
    await set(a, 'tinggi');
    await set(c, 'rendah');
    await set(d, 'sedang');
    // Which bucket the recorded narratives' scores fall in depends on the shipped model; set three
    // unopened items' scores (one per bucket: 0.86 as in the demo, where such items showed "Sedang",
    // 0.6 and 0.4) so that every bucket holds something unopened whatever the model. Restored below.
    const placed: Array<[number, number]> = [
      [flagged[5]!, 0.86],
      [flagged[2]!, 0.6],
      [flagged[4]!, 0.4],
    ];
    const raised = placed[0]![0];
    const stored = await tdb.db
      .selectFrom('classifications')
      .select(['item_id', 'priority'])
      .where(
        'item_id',
        'in',
        placed.map(([id]) => id),
      )
      .execute();
    for (const [id, priority] of placed) await tdb.db.updateTable('classifications').set({ priority }).where('item_id', '=', id).execute();
    try {
      const scores = new Map((await queue(tdb.db, filter()).list()).map((r) => [r.id, r.score!]));
      const set_: Record<number, CasePriority> = { [a]: 'tinggi', [c]: 'rendah', [d]: 'sedang' };
      const bucket = (id: number) => set_[id] ?? priorityForScore(scores.get(id));
      const rank = { tinggi: 0, sedang: 1, rendah: 2 };
      const expected = [...flagged].sort((x, y) => rank[bucket(x)] - rank[bucket(y)] || scores.get(y)! - scores.get(x)! || y - x);
      // The scores give all three buckets something unopened: tinggi alone would hide the bug.
      const unopened = flagged.filter((x) => !(x in set_)).map(bucket);
      expect(new Set(unopened)).toEqual(new Set(['tinggi', 'sedang', 'rendah']));
      const pages: number[] = [];
      for (let page = 1; page <= Math.ceil(flagged.length / 3); page++)
        pages.push(...(await queue(tdb.db, filter({ pageSize: 3, page })).list()).map((r) => r.id));
      expect(pages).toEqual(expected);
      for (const p of ['tinggi', 'sedang', 'rendah'] as const) {
        const rows = await queue(tdb.db, filter({ priority: p })).list();
        expect(rows.map((r) => r.id)).toEqual(expected.filter((x) => bucket(x) === p));
        expect(rows.every((r) => r.case_priority === p)).toBe(true); // the label shown agrees with the filter
        expect(await queue(tdb.db, filter({ priority: p })).count()).toBe(rows.length);
      }
      // An unopened item's label is the priority its case opens with.
      const top = flagged.find((x) => !(x in set_) && bucket(x) === 'tinggi')!;
      expect(top).toBe(raised);
      expect((await openCase(tdb.db, team.analis, top)).case.priority).toBe('tinggi');
    } finally {
      for (const r of stored) await tdb.db.updateTable('classifications').set({ priority: r.priority }).where('item_id', '=', r.item_id).execute();
    }
    expect(await queue(tdb.db, filter({ assigneeId: team.analis2.id })).list()).toEqual([]);
  });

  it('agrees, for every status, analyst and priority, with the cases, verdicts, routes and corrections it is given', async () => {
    // A desk in use: most flagged items in a case of each priority, assigned to one analyst, the other
    // or no one, undecided, waiting, decided either way or routed to Dumas; some corrected by hand.
    const verdicts = [null, 'perlu_verifikasi', 'hoaks', 'bukan_hoaks', 'dumas'] as const;
    // Twenty-four more items flagged for this test (restored below), so each kind of row occurs.
    const extra = await unflaggedOriginals(24);
    expect(extra.length).toBe(24);
    await tdb.db.updateTable('classifications').set({ flagged: true }).where('item_id', 'in', extra).execute();
    const all = [...flagged, ...extra];
    for (const [n, id] of all.entries()) {
      if (n % 7 === 6) continue;
      let { case: k } = await openCase(tdb.db, team.analis, id);
      k = await updateCase(tdb.db, team.analis, k.id, k.version, {
        priority: PRIORITIES[n % 3]!,
        assigneeId: [team.analis.id, team.analis2.id, null][(n % 4) % 3] ?? null,
      });
      const v = verdicts[n % 5]!;
      if (v === 'dumas') await routeComplaint(tdb.db, team.analis, k.id, k.version, 'dumas');
      else if (v) await setVerdict(tdb.db, team.analis, k.id, k.version, v);
      // Some joined their case by claim matching (HLBK).
      if (n % 6 === 0) await tdb.db.updateTable('case_items').set({ link: 'hlbk' }).where('item_id', '=', id).execute();
    }
    // Some unopened items repeat a decided case's claim (HLBK suggestions). Restored below.
    const suggested = all.filter((_, n) => n % 14 === 6);
    const match: CaseMatch[] = [{ case_id: 1, title: null, score: 0.9, auto: false }];
    await tdb.db
      .updateTable('classifications')
      .set({ case_matches: JSON.stringify(match) })
      .where('item_id', 'in', suggested)
      .execute();
    const corrected = all.filter((_, n) => n % 4 === 1);
    for (const [n, id] of corrected.entries())
      await tdb.db
        .insertInto('item_labels')
        .values({ item_id: id, user_id: team.analis2.id, kind: 'class', value: ['kritik', 'mengatasnamakan', 'bukan_hoaks'][n % 3]!, heldout: false })
        .execute();
    try {
      // Every classification of original items: the queue's rows, and the unflagged criticism complaint handling sees too.
      const rows = await tdb.db
        .selectFrom('classifications as c')
        .innerJoin('items as i', 'i.id', 'c.item_id')
        .leftJoin('case_items as ci', 'ci.item_id', 'c.item_id')
        .leftJoin('cases as k', 'k.id', 'ci.case_id')
        .leftJoin('item_labels as l', (j) => j.onRef('l.item_id', '=', 'c.item_id').on('l.current', '=', true).on('l.kind', '=', 'class'))
        .select([
          'c.item_id as id',
          'c.priority as score',
          'c.flagged',
          'k.priority',
          'k.verdict',
          'k.complaint_route',
          'k.assignee_id',
          'l.value as label',
          'ci.link',
        ])
        .select([sql<number>`jsonb_array_length(c.case_matches)`.as('matches'), CRITICISM_ONLY.as('criticism')])
        .where('c.model_version', '=', version)
        .where('i.duplicate_of', 'is', null)
        .execute();
      expect(
        rows
          .filter((r) => r.flagged)
          .map((r) => r.id)
          .sort(),
      ).toEqual([...all].sort());
      const bucket = (r: (typeof rows)[number]) => r.priority ?? priorityForScore(r.score);
      const rank = (r: (typeof rows)[number]) => PRIORITIES.indexOf(bucket(r));
      const ordered = [...rows].sort((a, b) => rank(a) - rank(b) || b.score - a.score || b.id - a.id);
      const decided = (r: (typeof rows)[number]) => !!r.verdict && r.verdict !== 'perlu_verifikasi';
      const dismissed = (r: (typeof rows)[number]) => (DISMISSING_LABELS as readonly (string | null)[]).includes(r.label);
      const statuses = {
        terbuka: (r) => r.flagged && !decided(r) && !r.complaint_route && !dismissed(r),
        baru: (r) => r.flagged && !r.verdict && !dismissed(r),
        perlu_verifikasi: (r) => r.flagged && r.verdict === 'perlu_verifikasi',
        diputuskan: (r) => r.flagged && decided(r),
        hlbk: (r) => r.flagged && (r.link === 'hlbk' || (!r.priority && r.matches > 0)),
        pengaduan: (r) => r.criticism || !!r.complaint_route || r.label === 'kritik',
        semua: (r) => r.flagged,
      } satisfies Record<QueueFilter['status'], (r: (typeof rows)[number]) => boolean>;
      // Each kind of row is there, or the comparison says little.
      expect(new Set(rows.filter((r) => r.flagged).map((r) => `${r.priority}/${r.verdict}/${!!r.complaint_route}`)).size).toBeGreaterThan(8);
      for (const [status, admits] of Object.entries(statuses)) expect(rows.filter(admits).length, status).toBeGreaterThan(2);
      for (const [status, admits] of Object.entries(statuses))
        for (const assigneeId of [undefined, team.analis.id, team.analis2.id])
          for (const priority of [undefined, ...PRIORITIES]) {
            const expected = ordered
              .filter((r) => admits(r) && (!assigneeId || r.assignee_id === assigneeId) && (!priority || bucket(r) === priority))
              .map((r) => r.id);
            const f = filter({ status: status as QueueFilter['status'], assigneeId, priority });
            const name = `${status} ${assigneeId ?? '-'} ${priority ?? '-'}`;
            expect(
              (await queue(tdb.db, f).list()).map((r) => r.id),
              name,
            ).toEqual(expected);
            expect(await queue(tdb.db, f).count(), name).toBe(expected.length);
            if (!assigneeId) expect(await keysetPages({ ...f, pageSize: 3 }), name).toEqual(expected);
          }
      // A text search, through the walks or (on PGlite, few matches) read by its items' ids, in either order.
      const lexemes = (
        await sql<{
          word: string;
          ndoc: number;
        }>`select word, ndoc from ts_stat(${`select queue_search from classifications where item_id in (${all.join(',')})`}) order by ndoc desc, word`.execute(
          tdb.db,
        )
      ).rows;
      // A phrase: two words side by side in one of the items.
      const sample = await tdb.db.selectFrom('items').select('text').where('id', '=', all[3]!).executeTakeFirstOrThrow();
      const pair = /([a-z]{4,}) ([a-z]{4,})/i.exec(sample.text)!;
      const words = [lexemes[0]!.word, lexemes.find((l) => l.ndoc === 2)!.word, `"${pair[1]} ${pair[2]}"`, 'kata-yang-tidak-ada'];
      for (const q of words) {
        const hits = new Set(
          (
            await tdb.db
              .selectFrom('classifications')
              .select('item_id')
              .where('item_id', 'in', all)
              .where(sql<boolean>`queue_search @@ websearch_to_tsquery('indonesian', ${q})`)
              .execute()
          ).map((r) => r.item_id),
        );
        for (const [status, admits] of [
          ['terbuka', statuses.terbuka],
          ['semua', statuses.semua],
        ] as const)
          for (const opts of [{}, { embedded: true }, { embedded: true, listUpTo: QUEUE_COUNT_CAP }, { embedded: true, listUpTo: 0 }]) {
            const expected = ordered.filter((r) => admits(r) && hits.has(r.id)).map((r) => r.id);
            const f = filter({ status, q, pageSize: 2 });
            const name = `${status} ${q} ${JSON.stringify(opts)}`;
            expect(await keysetPages(f, opts), name).toEqual(expected);
            expect(await queue(tdb.db, f, opts).count(), name).toBe(expected.length);
            const byDate = await queue(tdb.db, { ...f, sort: 'terbaru', pageSize: 50 }, opts).list();
            expect(byDate.map((r) => r.id).sort(), name).toEqual([...expected].sort());
          }
        if (q !== 'kata-yang-tidak-ada') expect(hits.size, q).toBeGreaterThan(0);
      }
    } finally {
      await tdb.db.deleteFrom('item_labels').where('item_id', 'in', corrected).execute();
      await tdb.db.updateTable('classifications').set({ case_matches: '[]' }).where('item_id', 'in', suggested).execute();
      await tdb.db.updateTable('classifications').set({ flagged: false }).where('item_id', 'in', extra).execute();
    }
  });

  it('filters by source, police unit, topic, score and full text', async () => {
    const tips = await queue(tdb.db, filter({ source: 'tips' })).list();
    expect(tips.length).toBe(1); // three identical tips: one cluster
    expect(tips[0]!.police_units).toContain('Polres Belitung Timur');
    expect((await queue(tdb.db, filter({ unit: 'Polres Belitung Timur' })).list()).map((r) => r.id)).toEqual([tips[0]!.id]);
    const topic = tips[0]!.topics[0]!;
    for (const r of await queue(tdb.db, filter({ topic })).list()) expect(r.topics).toContain(topic);
    for (const r of await queue(tdb.db, filter({ minScore: 0.6 })).list()) expect(r.score).toBeGreaterThanOrEqual(0.6);
    const hits = await queue(tdb.db, filter({ q: 'penculikan Manggar' })).list();
    expect(hits.map((h) => h.id)).toEqual([tips[0]!.id]);
    const all = await queue(tdb.db, filter({ pageSize: 5, page: 2 })).list();
    expect(all.map((r) => r.id)).toEqual(flagged.slice(5, 10));
  });

  it('filters by topic and unit together: each combination shown, a rare one, an empty one, after a reclassification', async () => {
    // Analysts' priorities reorder a combination as they reorder the queue: the lowest-scoring items
    // raised to tinggi, the highest lowered to rendah (a rare combination reads these from its cases).
    const byScore = await queue(tdb.db, filter({ status: 'semua' })).list();
    const prioritise = async (id: number, priority: CasePriority) => {
      const { case: k } = await openCase(tdb.db, team.analis, id);
      await updateCase(tdb.db, team.analis, k.id, k.version, { priority });
    };
    for (const r of byScore.slice(-3)) await prioritise(r.id, 'tinggi');
    await prioritise(byScore[0]!.id, 'rendah');
    const all = await queue(tdb.db, filter({ status: 'semua' })).list();
    expect(all.slice(0, 3).map((r) => r.id)).toEqual(expect.arrayContaining(byScore.slice(-3).map((r) => r.id)));
    const matching = (topic: string, unit: string) => all.filter((r) => r.topics.includes(topic) && r.police_units.includes(unit)).map((r) => r.id);
    // As the desk asks it: the probe of which items have the combination reused until data changes
    // (on PGlite; PostgreSQL reads it each time), so the reclassification below must be seen through it.
    const cached = (key: string, load: () => Promise<unknown>) => cachedRead(tdb, key, load);
    // As the desk reads it (listThroughIndexUpTo), through the GIN index and walked: the same answer.
    const pick = async (topic: string, unit: string, sort: QueueFilter['sort'] = 'prioritas') => {
      const read = async (o: QueueOptions) => {
        const q = queue(tdb.db, filter({ status: 'semua', topic, unit, sort }), { cached: cached as CachedRead, ...o });
        return { ids: (await q.list()).map((r) => r.id), count: await q.count() };
      };
      const got = await read({});
      for (const listUpTo of [QUEUE_COUNT_CAP, 0]) expect(await read({ listUpTo }), `${topic} + ${unit}, listUpTo ${listUpTo}`).toEqual(got);
      return got;
    };
    const combos = new Set(all.flatMap((r) => r.topics.flatMap((t) => r.police_units.map((u) => JSON.stringify([t, u])))));
    expect(combos.size).toBeGreaterThan(0);
    for (const combo of combos) {
      const [topic, unit] = JSON.parse(combo) as [string, string];
      const got = await pick(topic, unit);
      expect(got.ids).toEqual(matching(topic, unit));
      expect(got.count).toBe(got.ids.length);
      // Paged by cursor and by offset, and one priority at a time: the same rows in the same order.
      const f = filter({ status: 'semua', topic, unit, pageSize: 2 });
      expect(await keysetPages(f)).toEqual(got.ids);
      expect((await queue(tdb.db, { ...f, page: 2 }).list()).map((r) => r.id)).toEqual(got.ids.slice(2, 4));
      for (const priority of PRIORITIES) {
        const shown = all.filter((r) => got.ids.includes(r.id) && r.case_priority === priority).map((r) => r.id);
        const rows = await queue(tdb.db, { ...f, pageSize: 50, priority }).list();
        expect(rows.map((r) => r.id)).toEqual(shown);
        expect(await queue(tdb.db, { ...f, priority }).count()).toBe(shown.length);
        expect(await keysetPages({ ...f, priority, pageSize: 1 })).toEqual(shown);
      }
    }
    // The combinations above must reach both kinds of row in more than one bucket, or the paging says little.
    expect(new Set(all.filter((r) => r.police_units.length).map((r) => r.case_priority)).size).toBeGreaterThan(1);
    // A combination no flagged item has: an empty page and a zero count, in either order.
    expect(await pick('SARA', 'Polsek Tanpa Laporan')).toEqual({ ids: [], count: 0 });
    expect(await pick('SARA', 'Polsek Tanpa Laporan', 'terbaru')).toEqual({ ids: [], count: 0 });
    // Reclassified to a combination of its own: found by it alone, and no longer by its old one.
    const id = all.at(-1)!.id;
    const stored = await tdb.db.selectFrom('classifications').select(['topics', 'police_units']).where('item_id', '=', id).executeTakeFirstOrThrow();
    try {
      await tdb.db
        .updateTable('classifications')
        .set({ topics: ['SARA'], police_units: ['Polsek Tanpa Laporan'] })
        .where('item_id', '=', id)
        .execute();
      expect(await pick('SARA', 'Polsek Tanpa Laporan')).toEqual({ ids: [id], count: 1 });
      expect(await pick('SARA', 'Polsek Tanpa Laporan', 'terbaru')).toEqual({ ids: [id], count: 1 });
      for (const t of stored.topics) for (const u of stored.police_units) expect((await pick(t, u)).ids).not.toContain(id);
      // Unflagged, it leaves the filter, and its row carries no copy of its arrays.
      await tdb.db.updateTable('classifications').set({ flagged: false }).where('item_id', '=', id).execute();
      expect(await pick('SARA', 'Polsek Tanpa Laporan')).toEqual({ ids: [], count: 0 });
      const copy = await tdb.db.selectFrom('classifications').select(['queue_topics', 'queue_units']).where('item_id', '=', id).executeTakeFirstOrThrow();
      expect(copy).toEqual({ queue_topics: null, queue_units: null });
    } finally {
      await tdb.db
        .updateTable('classifications')
        .set({ ...stored, flagged: true })
        .where('item_id', '=', id)
        .execute();
    }
  });

  /** Every page after the first found through the previous page's keyset cursor, until there is none. */
  const keysetPages = async (f: QueueFilter, opts: QueueOptions = {}) => {
    const ids: number[] = [];
    let after: QueueCursor | null | undefined;
    for (let page = 1; page <= 1000; page++) {
      const rows = await queue(tdb.db, { ...f, page, after: after ?? undefined }, opts).list();
      ids.push(...rows.map((r) => r.id));
      after = nextQueueCursor(f, rows);
      if (!after) return ids;
    }
    throw new Error('the cursor never ran out');
  };

  it('pages by keyset cursor through tied scores and bucket ends, skipping and repeating nothing', async () => {
    // Twelve more items flagged for this test (restored below), so each tie spans several pages.
    const extra = await unflaggedOriginals(12);
    const all = [...flagged, ...extra];
    const stored = await tdb.db.selectFrom('classifications').select(['item_id', 'priority', 'flagged']).where('item_id', 'in', all).execute();
    expect(extra.length).toBe(12);
    try {
      await tdb.db.updateTable('classifications').set({ flagged: true }).where('item_id', 'in', extra).execute();
      // Three tied scores, one per bucket, plus analysts' priorities on a few: page boundaries fall inside ties.
      const tie = [0.9, 0.5, 0.1];
      for (const [n, id] of all.entries())
        await tdb.db
          .updateTable('classifications')
          .set({ priority: tie[n % 3]! })
          .where('item_id', '=', id)
          .execute();
      for (const [id, priority] of [
        [flagged[0]!, 'rendah'],
        [flagged[1]!, 'tinggi'],
        [flagged[2]!, 'tinggi'],
      ] as const) {
        const { case: k } = await openCase(tdb.db, team.analis, id);
        await updateCase(tdb.db, team.analis, k.id, k.version, { priority });
      }
      const whole = (await queue(tdb.db, filter()).list()).map((r) => r.id);
      expect(whole.length).toBe(all.length);
      for (const pageSize of [1, 2, 3, 7]) {
        const paged = await keysetPages(filter({ pageSize }));
        expect(paged).toEqual(whole);
        expect(new Set(paged).size).toBe(paged.length);
      }
      // One bucket alone, and the cursor of the other order is not taken for this one.
      const tinggi = (await queue(tdb.db, filter({ priority: 'tinggi' })).list()).map((r) => r.id);
      expect(await keysetPages(filter({ priority: 'tinggi', pageSize: 2 }))).toEqual(tinggi);
    } finally {
      for (const r of stored)
        await tdb.db.updateTable('classifications').set({ priority: r.priority, flagged: r.flagged }).where('item_id', '=', r.item_id).execute();
    }
  });

  it('pages by date with a cursor exact to the microsecond, ties by id', async () => {
    const stored = await tdb.db.selectFrom('items').select(['id', 'published_at']).where('id', 'in', flagged).execute();
    try {
      // Four items in one millisecond (a Date cannot tell them apart), four at one instant, the rest as they were.
      for (const [n, id] of flagged.slice(0, 8).entries()) {
        const at = n < 4 ? `2030-01-01 00:00:00.0001${n}+00` : '2030-01-01 00:00:00+00';
        await tdb.db.updateTable('items').set({ published_at: at }).where('id', '=', id).execute();
      }
      const f = filter({ sort: 'terbaru', status: 'semua' });
      const whole = (await queue(tdb.db, f).list()).map((r) => r.id);
      expect(whole.slice(0, 8)).toEqual([...flagged.slice(0, 4)].reverse().concat([...flagged.slice(4, 8)].sort((x, y) => y - x)));
      for (const pageSize of [1, 3, 5]) expect(await keysetPages({ ...f, pageSize })).toEqual(whole);
    } finally {
      for (const r of stored) await tdb.db.updateTable('items').set({ published_at: r.published_at }).where('id', '=', r.id).execute();
    }
  });

  it("keeps the queue's search copy in step with the item's text and its flag", async () => {
    const id = flagged[0]!;
    const before = await tdb.db.selectFrom('items').select(['text', 'title']).where('id', '=', id).executeTakeFirstOrThrow();
    const found = async (q: string) => (await queue(tdb.db, filter({ status: 'semua', q })).list()).map((r) => r.id);
    try {
      await tdb.db.updateTable('items').set({ text: 'Kabar zebrakuda melintas di Manggar, sebarkan!' }).where('id', '=', id).execute();
      expect(await found('zebrakuda')).toEqual([id]);
      await tdb.db.updateTable('classifications').set({ flagged: false }).where('item_id', '=', id).execute();
      expect(await found('zebrakuda')).toEqual([]);
      const copy = await tdb.db.selectFrom('classifications').select('queue_search').where('item_id', '=', id).executeTakeFirstOrThrow();
      expect(copy.queue_search).toBeNull(); // unflagged rows carry no copy
      await tdb.db.updateTable('classifications').set({ flagged: true }).where('item_id', '=', id).execute();
      expect(await found('zebrakuda')).toEqual([id]);
    } finally {
      await tdb.db.updateTable('items').set(before).where('id', '=', id).execute();
      await tdb.db.updateTable('classifications').set({ flagged: true }).where('item_id', '=', id).execute();
    }
    expect(await found('zebrakuda')).toEqual([]);
  });

  it("keeps the queue's copy of the item's cluster and date in step, and leaves unflagged rows without one", async () => {
    const [id, head] = [flagged[0]!, flagged[1]!];
    const before = await tdb.db.selectFrom('items').select(['duplicate_of', 'duplicate_kind', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const ids = async (f: Partial<QueueFilter> = {}) => (await queue(tdb.db, filter({ status: 'semua', ...f })).list()).map((r) => r.id);
    const total = async () => queue(tdb.db, filter({ status: 'semua' })).count();
    const shown = await total();
    try {
      // Relinked as a repost of another item: it leaves the queue, its cluster's head stands for it.
      await tdb.db.updateTable('items').set({ duplicate_of: head, duplicate_kind: 'exact' }).where('id', '=', id).execute();
      expect(await ids()).not.toContain(id);
      expect(await ids({ sort: 'terbaru' })).not.toContain(id);
      expect(await total()).toBe(shown - 1);
      await tdb.db.updateTable('items').set({ duplicate_of: null, duplicate_kind: null }).where('id', '=', id).execute();
      expect(await ids()).toContain(id);
      // Published later than everything else (an edited article's new date): first by date, and within a date range.
      await tdb.db
        .updateTable('items')
        .set({ published_at: new Date('2031-05-01T00:00:00Z') })
        .where('id', '=', id)
        .execute();
      expect((await ids({ sort: 'terbaru' }))[0]).toBe(id);
      expect(await ids({ from: new Date('2031-04-30T00:00:00Z'), to: new Date('2031-05-02T00:00:00Z') })).toEqual([id]);
      // Unflagged, the row carries no copies; flagged again, it has them back.
      await tdb.db.updateTable('classifications').set({ flagged: false }).where('item_id', '=', id).execute();
      const copy = await tdb.db.selectFrom('classifications').select(['queue_original', 'queue_seen_at']).where('item_id', '=', id).executeTakeFirstOrThrow();
      expect(copy).toEqual({ queue_original: null, queue_seen_at: null });
      await tdb.db.updateTable('classifications').set({ flagged: true }).where('item_id', '=', id).execute();
      expect((await ids({ sort: 'terbaru' }))[0]).toBe(id);
    } finally {
      await tdb.db.updateTable('items').set(before).where('id', '=', id).execute();
      await tdb.db.updateTable('classifications').set({ flagged: true }).where('item_id', '=', id).execute();
    }
    expect(await total()).toBe(shown);
  });

  it('shows an item with its classification, case and reposts', async () => {
    const tip = (await queue(tdb.db, filter({ source: 'tips' })).list())[0]!;
    const d = (await itemDetail(tdb.db, tip.id, version))!;
    expect(d.police_mentions!.map((m) => m.text)).toContain('Kapolres Beltim');
    expect(d.case_id).toBeNull();
    const copies = await reposts(tdb.db, d);
    expect(copies.length).toBe(2);
    expect(copies.every((c) => c.source_id === 'tips' && c.duplicate_kind === 'exact')).toBe(true);
  });
});

/**
 * Rows whose copies disagree with the case, link, current class label and item their item has now. A
 * row carries copies when it is flagged or complaint handling's (criticism of the police, a routed
 * case, corrected to `kritik`: 0025), and none otherwise; `queue_complaint` says which heading rows
 * complaint handling shows.
 */
async function outOfStep(): Promise<unknown[]> {
  const r = await sql`
    with s as (
      select c.*, k.priority as case_priority, k.verdict, k.complaint_route, k.assignee_id, ci.link, l.value as label, i.duplicate_of is null as original,
        (c.flagged or criticism_only(c.police_flags) or k.complaint_route is not null or l.value = 'kritik') as carries
      from classifications c
      join items i on i.id = c.item_id
      left join case_items ci on ci.item_id = c.item_id
      left join cases k on k.id = ci.case_id
      left join lateral (select value from item_labels l where l.item_id = c.item_id and l.current and l.kind = 'class' order by created_at desc, id desc limit 1) l on true
    )
    select item_id, model_version, flagged, carries, queue_original, queue_complaint, queue_case_priority, queue_verdict, queue_complaint_route,
      queue_assignee_id, queue_link, queue_label, case_priority, verdict, complaint_route, assignee_id, link, label
    from s
    where case when carries then
        queue_case_priority is distinct from case_priority or queue_verdict is distinct from verdict
        or queue_complaint_route is distinct from complaint_route or queue_assignee_id is distinct from assignee_id
        or queue_link is distinct from link or queue_label is distinct from label or queue_original is distinct from original
        or queue_complaint is distinct from (case when original then criticism_only(police_flags) or complaint_route is not null or label = 'kritik' end)
      else
        queue_original is not null or queue_seen_at is not null or queue_search is not null or queue_case_priority is not null
        or queue_verdict is not null or queue_complaint_route is not null or queue_assignee_id is not null or queue_link is not null
        or queue_label is not null or queue_complaint is not null or queue_bucket is not null
      end`.execute(tdb.db);
  return r.rows;
}

/** What a queue row says of an item (the current model version's). */
const row = (id: number) =>
  tdb.db
    .selectFrom('classifications')
    .select([
      'queue_case_priority',
      'queue_verdict',
      'queue_complaint_route',
      'queue_assignee_id',
      'queue_link',
      'queue_label',
      'queue_bucket',
      'queue_complaint',
    ])
    .where('item_id', '=', id)
    .where('model_version', '=', version)
    .executeTakeFirstOrThrow();

describe("a queue row's copy of its case (sql/0024)", () => {
  // A flagged row carries its item's case state and correction, kept by triggers on cases, case_items
  // and item_labels, and the priority it is shown under. These tests change the desk through its
  // services and check every flagged row against the source tables after each step.
  beforeEach(async () => {
    await truncateWithAudit(tdb.db, sql`truncate item_labels`);
  });

  it('follows cases opened, reprioritised, assigned, decided, routed and merged', async () => {
    const [a, b, c] = flagged as [number, number, number];
    let { case: ka } = await openCase(tdb.db, team.analis, a);
    expect(await row(a)).toMatchObject({ queue_case_priority: ka.priority, queue_verdict: null, queue_link: 'manual' });
    ka = await updateCase(tdb.db, team.analis, ka.id, ka.version, { priority: 'rendah', assigneeId: team.analis2.id });
    expect(await row(a)).toMatchObject({ queue_case_priority: 'rendah', queue_assignee_id: team.analis2.id, queue_bucket: 3 });
    ka = await setVerdict(tdb.db, team.analis, ka.id, ka.version, 'perlu_verifikasi');
    expect(await row(a)).toMatchObject({ queue_verdict: 'perlu_verifikasi' });
    const { case: kb } = await openCase(tdb.db, team.analis, b);
    await routeComplaint(tdb.db, team.analis, kb.id, kb.version, 'propam');
    expect(await row(b)).toMatchObject({ queue_complaint_route: 'propam' });
    expect(await outOfStep()).toEqual([]);
    // A merge moves b's case (and its route) into a's, and deletes b's case.
    const { case: kc } = await openCase(tdb.db, team.analis, c);
    ka = await mergeIntoCase(tdb.db, team.analis, ka.id, ka.version, [b, c], 'gabung: klaim yang sama');
    for (const id of [a, b, c]) expect((await row(id)).queue_case_priority).toBe('rendah');
    expect(await tdb.db.selectFrom('cases').select('id').where('id', 'in', [kb.id, kc.id]).execute()).toEqual([]);
    await setVerdict(tdb.db, team.analis, ka.id, ka.version, 'bukan_hoaks', 'keluhan warga, bukan hoaks');
    expect(await row(a)).toMatchObject({ queue_verdict: 'bukan_hoaks', queue_complaint_route: 'propam' }); // the route came with b's case
    expect(await outOfStep()).toEqual([]);
    // A case removed by hand takes its items out of it.
    await tdb.db.deleteFrom('case_items').where('item_id', '=', c).execute();
    expect(await row(c)).toMatchObject({ queue_case_priority: null, queue_verdict: null, queue_link: null });
    expect(await outOfStep()).toEqual([]);
  });

  it("follows an item's class corrections: given, replaced by another analyst's, removed", async () => {
    const [a] = flagged as [number];
    await correctItems(tdb.db, team.analis, [a], { kind: 'class', value: 'kritik' });
    expect((await row(a)).queue_label).toBe('kritik');
    await correctItems(tdb.db, team.analis2, [a], { kind: 'class', value: 'mengatasnamakan' });
    expect((await row(a)).queue_label).toBe('mengatasnamakan');
    expect(await outOfStep()).toEqual([]);
    await tdb.db.deleteFrom('item_labels').where('item_id', '=', a).where('current', '=', true).execute();
    expect((await row(a)).queue_label).toBeNull(); // the earlier label is no longer current
    expect(await outOfStep()).toEqual([]);
  });

  it('is read when a row is flagged or classified again, and emptied with the desk tables', async () => {
    const [a, b] = flagged as [number, number];
    const { case: k } = await openCase(tdb.db, team.analis, a);
    await updateCase(tdb.db, team.analis, k.id, k.version, { priority: 'tinggi' });
    await correctItems(tdb.db, team.analis, [a], { kind: 'class', value: 'bukan_hoaks' });
    // Unflagged, the row holds nothing; flagged again, it reads the case and the label.
    await tdb.db.updateTable('classifications').set({ flagged: false }).where('item_id', '=', a).execute();
    expect(await row(a)).toMatchObject({ queue_case_priority: null, queue_label: null, queue_bucket: null });
    await tdb.db.updateTable('classifications').set({ flagged: true }).where('item_id', '=', a).execute();
    expect(await row(a)).toMatchObject({ queue_case_priority: 'tinggi', queue_label: 'bukan_hoaks', queue_bucket: 1 });
    // A new model version's row of an item in a case starts with it.
    const next = `${version}-uji`;
    await sql`insert into classifications (item_id, model_version, hoax_score, hoax, police_mentions, police_units, topics, claim_matches, priority, flagged, reasons)
      select item_id, ${next}, hoax_score, hoax, police_mentions, police_units, topics, claim_matches, priority, true, reasons
      from classifications where model_version = ${version} and item_id in (${a}, ${b})`.execute(tdb.db);
    try {
      expect(await outOfStep()).toEqual([]);
      const rows = await queue(tdb.db, { modelVersion: next, status: 'semua', sort: 'prioritas', page: 1, pageSize: 10 }).list();
      expect(rows.find((r) => r.id === a)).toMatchObject({ case_priority: 'tinggi', case_id: k.id });
      // Emptied as the tests and a restore empty them: TRUNCATE, with ordinary triggers off.
      await resetDesk(tdb.db);
      await truncateWithAudit(tdb.db, sql`truncate item_labels`);
      expect(await outOfStep()).toEqual([]);
      expect(await row(a)).toMatchObject({ queue_case_priority: null, queue_label: null });
    } finally {
      await tdb.db.deleteFrom('classifications').where('model_version', '=', next).execute();
    }
  });

  it("shows an unopened row under the priority its score stands for (vocabulary's thresholds), and its case opens there", async () => {
    const id = flagged[0]!;
    const stored = (
      await tdb.db.selectFrom('classifications').select('priority').where('item_id', '=', id).where('model_version', '=', version).executeTakeFirstOrThrow()
    ).priority;
    try {
      for (const score of [0.99, 0.7001, 0.7, 0.6999, 0.4501, 0.45, 0.4499, 0.01]) {
        await tdb.db.updateTable('classifications').set({ priority: score }).where('item_id', '=', id).where('model_version', '=', version).execute();
        // As stored (real) and read back.
        const { priority: stored } = await tdb.db
          .selectFrom('classifications')
          .select('priority')
          .where('item_id', '=', id)
          .where('model_version', '=', version)
          .executeTakeFirstOrThrow();
        expect((await row(id)).queue_bucket, String(score)).toBe(PRIORITIES.indexOf(priorityForScore(stored)) + 1);
        expect(priorityForScore(stored), String(score)).toBe(priorityForScore(score));
      }
      // A case opened on it starts at the priority the queue showed.
      await tdb.db.updateTable('classifications').set({ priority: 0.7 }).where('item_id', '=', id).where('model_version', '=', version).execute();
      expect(
        (await queue(tdb.db, { modelVersion: version, status: 'semua', sort: 'prioritas', page: 1, pageSize: 500 }).list()).find((r) => r.id === id)
          ?.case_priority,
      ).toBe('tinggi');
      expect((await openCase(tdb.db, team.analis, id)).case.priority).toBe('tinggi');
    } finally {
      await tdb.db.updateTable('classifications').set({ priority: stored }).where('item_id', '=', id).where('model_version', '=', version).execute();
    }
  });

  it("carries complaint handling's rows, flagged or not: criticism, a routed case's items, corrected to kritik", async () => {
    const [u, v] = await unflaggedOriginals(2);
    const complaints = async () => (await queue(tdb.db, filter({ status: 'pengaduan' })).list()).map((r) => r.id);
    const original = await tdb.db.selectFrom('classifications').select('police_flags').where('item_id', '=', v!).executeTakeFirstOrThrow();
    try {
      expect(await row(u!)).toMatchObject({ queue_case_priority: null, queue_label: null, queue_complaint: null });
      expect(await complaints()).not.toContain(u);
      // Corrected to kritik: complaint handling's; corrected again by another analyst: no longer.
      await correctItems(tdb.db, team.analis, [u!], { kind: 'class', value: 'kritik' });
      expect(await row(u!)).toMatchObject({ queue_label: 'kritik', queue_complaint: true, queue_bucket: 3 });
      expect(await complaints()).toContain(u);
      expect(await outOfStep()).toEqual([]);
      await correctItems(tdb.db, team.analis2, [u!], { kind: 'class', value: 'bukan_hoaks' });
      expect(await row(u!)).toMatchObject({ queue_label: null, queue_complaint: null, queue_bucket: null });
      expect(await complaints()).not.toContain(u);
      // A case opened on it carries nothing until it is routed; then its priority orders the row.
      const { case: k } = await openCase(tdb.db, team.analis, u!);
      expect(await row(u!)).toMatchObject({ queue_case_priority: null, queue_complaint: null });
      const routed = await routeComplaint(tdb.db, team.analis, k.id, k.version, 'dumas');
      await updateCase(tdb.db, team.analis, k.id, routed.version, { priority: 'tinggi', assigneeId: team.analis2.id });
      expect(await row(u!)).toMatchObject({ queue_complaint_route: 'dumas', queue_case_priority: 'tinggi', queue_complaint: true, queue_bucket: 1 });
      expect(await queue(tdb.db, filter({ status: 'pengaduan', assigneeId: team.analis2.id })).list()).toMatchObject([{ id: u, case_priority: 'tinggi' }]);
      expect(await outOfStep()).toEqual([]);
      // Classified as criticism: complaint handling's without a case or a correction; reclassified, no longer.
      const criticism = { ...original.police_flags!, kritik_keluhan: { score: 0.9, flagged: true, reasons: ['keluhan'] } };
      await tdb.db
        .updateTable('classifications')
        .set({ police_flags: JSON.stringify(criticism) })
        .where('item_id', '=', v!)
        .execute();
      expect(await row(v!)).toMatchObject({ queue_complaint: true });
      expect(await complaints()).toContain(v);
      expect(await outOfStep()).toEqual([]);
      await tdb.db
        .updateTable('classifications')
        .set({ police_flags: JSON.stringify(original.police_flags) })
        .where('item_id', '=', v!)
        .execute();
      expect(await row(v!)).toMatchObject({ queue_complaint: null });
      // Emptied desk tables take the routed item out again.
      await resetDesk(tdb.db);
      expect(await row(u!)).toMatchObject({ queue_complaint_route: null, queue_complaint: null });
      expect(await outOfStep()).toEqual([]);
    } finally {
      await tdb.db
        .updateTable('classifications')
        .set({ police_flags: JSON.stringify(original.police_flags) })
        .where('item_id', '=', v!)
        .execute();
    }
  });

  it('walks complaint handling in its own index', async () => {
    const plan = await tdb.db.transaction().execute(async (tx) => {
      // With sequential scans priced out, the planner takes the partial index if and only if the
      // query's predicate implies the index's.
      await sql`set local enable_seqscan = off`.execute(tx);
      // The queue's condition, as it asks it (a parameter on PostgreSQL, a literal on PGlite: pglite-dialect.ts).
      const r = await sql<{
        'QUERY PLAN': string;
      }>`explain select c.item_id from classifications c where c.model_version = ${version} and c.queue_complaint = ${true}
        order by c.queue_bucket, c.priority desc, c.item_id desc limit 50`.execute(tx);
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('classifications_complaints');
  });
});

describe('audit_log', () => {
  it('is append-only', async () => {
    await openCase(tdb.db, team.analis, flagged[0]!);
    await expect(sql`update audit_log set action = 'x'`.execute(tdb.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(tdb.db)).rejects.toThrow(/append-only/);
  });

  it('feeds decided verdicts to training as labels', async () => {
    const [a, b, c] = flagged as [number, number, number];
    for (const [id, verdict] of [
      [a, 'hoaks'],
      [b, 'bukan_hoaks'],
      [c, 'perlu_verifikasi'],
    ] as const) {
      const { case: k } = await openCase(tdb.db, team.analis, id);
      await setVerdict(tdb.db, team.analis, k.id, k.version, verdict);
    }
    const labels = await tdb.db.selectFrom('verdict_labels').select(['item_id', 'label', 'verdict']).orderBy('item_id').execute();
    expect(labels).toEqual(
      [
        { item_id: a, label: 1, verdict: 'hoaks' },
        { item_id: b, label: 0, verdict: 'bukan_hoaks' },
      ].sort((x, y) => x.item_id - y.item_id),
    );
  });
});
