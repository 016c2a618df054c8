import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CRITICISM_ONLY } from '../../src/db/cases.repo.ts';
import { queue } from '../../src/db/queue.repo.ts';
import { correctItems } from '../../src/review/labels.service.ts';
import { mergeIntoCase, openCase, routeComplaint, setVerdict, updateCase } from '../../src/review/cases.service.ts';
import { priorityForScore, PRIORITIES } from '../../src/vocabulary.ts';
import { createTestDb, truncateWithAudit, type TestDb } from '../helpers/db.ts';
import { flaggedIds, resetDesk, seedItems, seedTeam, version, type Team } from '../helpers/desk.ts';

// sql/0024: a queue row carries its item's case state and correction, kept by triggers on cases,
// case_items and item_labels, and the priority it is shown under. These tests change the desk through
// its services and check every flagged row against the source tables after each step.

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
  await truncateWithAudit(tdb.db, sql`truncate item_labels`);
});

/** Flagged rows whose copies disagree with the case, link and current class label their item has now. */
async function outOfStep(): Promise<unknown[]> {
  const r = await sql`
    select c.item_id, c.model_version,
      c.queue_case_priority, c.queue_verdict, c.queue_complaint_route, c.queue_assignee_id, c.queue_link, c.queue_label,
      k.priority, k.verdict, k.complaint_route, k.assignee_id, ci.link, l.value as label
    from classifications c
    left join case_items ci on ci.item_id = c.item_id
    left join cases k on k.id = ci.case_id
    left join lateral (select value from item_labels l where l.item_id = c.item_id and l.current and l.kind = 'class' order by created_at desc, id desc limit 1) l on true
    where c.flagged and (
      c.queue_case_priority is distinct from k.priority or c.queue_verdict is distinct from k.verdict
      or c.queue_complaint_route is distinct from k.complaint_route or c.queue_assignee_id is distinct from k.assignee_id
      or c.queue_link is distinct from ci.link or c.queue_label is distinct from l.value)`.execute(tdb.db);
  return r.rows;
}

/** What a queue row says of an item (the current model version's). */
const row = (id: number) =>
  tdb.db
    .selectFrom('classifications')
    .select(['queue_case_priority', 'queue_verdict', 'queue_complaint_route', 'queue_assignee_id', 'queue_link', 'queue_label', 'queue_bucket'])
    .where('item_id', '=', id)
    .where('model_version', '=', version)
    .executeTakeFirstOrThrow();

describe("a queue row's copy of its case", () => {
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

  it("finds complaint handling's criticism by its own index (the migration's predicate is CRITICISM_ONLY's)", async () => {
    const plan = await tdb.db.transaction().execute(async (tx) => {
      // With sequential scans priced out, the planner takes the partial index if and only if the
      // query's predicate implies the index's.
      await sql`set local enable_seqscan = off`.execute(tx);
      const r = await sql<{
        'QUERY PLAN': string;
      }>`explain select c.item_id from classifications c where c.model_version = ${version} and ${CRITICISM_ONLY}`.execute(tx);
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('classifications_criticism');
  });
});
