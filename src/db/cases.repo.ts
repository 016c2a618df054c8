import { sql, type Kysely, type RawBuilder, type Updateable } from 'kysely';
import type { CasePriority, CasesTable, Database, Verdict } from './schema.ts';
import { CONFIRMED_VERDICTS, type CaseLink } from '../vocabulary.ts';

/** isCriticismOnly (police-flags.ts) in SQL (sql/0025 criticism_only), over a classification aliased `c`. */
export const CRITICISM_ONLY = sql<boolean>`criticism_only(c.police_flags)`;

/** One item with its source, its classification by `modelVersion` (if any) and its case id. */
export function itemDetail(db: Kysely<Database>, itemId: number, modelVersion: string) {
  return db
    .selectFrom('items as i')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .leftJoin('classifications as c', (j) => j.onRef('c.item_id', '=', 'i.id').on('c.model_version', '=', modelVersion))
    .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
    .select([
      'i.id',
      'i.source_id',
      's.name as source_name',
      's.kind as source_kind',
      'i.url',
      'i.author',
      'i.title',
      'i.text',
      'i.language',
      // What a tip's form kept beside the text (sources/tip.ts): where it circulates, the note, who typed it.
      sql<string | null>`i.raw->>'channel'`.as('tip_channel'),
      sql<string | null>`i.raw->>'note'`.as('tip_note'),
      sql<string | null>`i.raw->>'recorded_by'`.as('tip_recorded_by'),
      sql<string | null>`i.raw->>'page_author'`.as('page_author'),
      'i.published_at',
      'i.fetched_at',
      'i.duplicate_of',
      'i.duplicate_kind',
      'i.views',
      'i.likes',
      'i.shares',
      'i.replies',
      'c.hoax_score',
      'c.hoax',
      'c.priority as score',
      'c.flagged',
      'c.topics',
      'c.police_units',
      'c.police_mentions',
      'c.police_flags',
      'c.claim_matches',
      'c.reasons',
      'c.case_matches',
      'c.signals',
      'ci.case_id',
      'ci.link',
      'ci.link_score',
    ])
    .where('i.id', '=', itemId)
    .executeTakeFirst();
}

/** Every copy of an item across sources: its duplicate cluster, oldest first, without the item itself. */
export function reposts(db: Kysely<Database>, item: { id: number; duplicate_of: number | null }) {
  const root = item.duplicate_of ?? item.id;
  return db
    .selectFrom('items as i')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
    .select([
      'i.id',
      'i.source_id',
      's.name as source_name',
      'i.title',
      'i.url',
      'i.duplicate_kind',
      sql<Date>`coalesce(i.published_at, i.fetched_at)`.as('seen_at'),
      'ci.case_id',
    ])
    .where((eb) => eb.or([eb('i.id', '=', root), eb('i.duplicate_of', '=', root)]))
    .where('i.id', '<>', item.id)
    .orderBy('i.id')
    .limit(200)
    .execute();
}

export function getCase(db: Kysely<Database>, caseId: number) {
  return db
    .selectFrom('cases as k')
    .leftJoin('users as a', 'a.id', 'k.assignee_id')
    .selectAll('k')
    .select('a.display_name as assignee_name')
    .where('k.id', '=', caseId)
    .executeTakeFirst();
}

export function caseItems(db: Kysely<Database>, caseId: number, modelVersion: string) {
  return db
    .selectFrom('case_items as ci')
    .innerJoin('items as i', 'i.id', 'ci.item_id')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .leftJoin('classifications as c', (j) => j.onRef('c.item_id', '=', 'i.id').on('c.model_version', '=', modelVersion))
    .select([
      'i.id',
      'i.source_id',
      's.name as source_name',
      'i.title',
      sql<string>`left(i.text, 280)`.as('excerpt'),
      'i.url',
      sql<Date>`coalesce(i.published_at, i.fetched_at)`.as('seen_at'),
      'c.priority as score',
      'c.police_flags',
      'c.signals',
      'ci.link',
      'ci.link_score',
    ])
    .where('ci.case_id', '=', caseId)
    .orderBy('ci.added_at')
    .execute();
}

/**
 * Whether every item of a case is criticism of the police and none a hoax about them, by each item's
 * latest classification: such a case takes a hoax verdict only with an override reason.
 */
export async function isCriticismOnlyCase(db: Kysely<Database>, caseId: number): Promise<boolean> {
  const r = await sql<{ total: number; criticism: number }>`
    select count(*)::int as total,
      count(*) filter (where ${CRITICISM_ONLY})::int as criticism
    from case_items ci
    left join lateral (select police_flags from classifications where item_id = ci.item_id order by classified_at desc limit 1) c on true
    where ci.case_id = ${caseId}`.execute(db);
  const row = r.rows[0]!;
  return row.total > 0 && row.criticism === row.total;
}

/**
 * Which items are criticism of the police and no hoax about them, by each one's latest
 * classification: of `itemIds`, and of every item of the cases `caseIds`.
 */
export async function criticismOnlyItems(db: Kysely<Database>, itemIds: readonly number[], caseIds: readonly number[] = []): Promise<number[]> {
  if (!itemIds.length && !caseIds.length) return [];
  const r = await sql<{ id: number }>`
    select i.id from items i
    join lateral (select police_flags from classifications where item_id = i.id order by classified_at desc limit 1) c on true
    where (i.id = any(${[...itemIds]}::bigint[]) or i.id in (select item_id from case_items where case_id = any(${[...caseIds]}::bigint[])))
      and ${CRITICISM_ONLY}
    order by i.id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export function caseReviews(db: Kysely<Database>, caseId: number) {
  return db
    .selectFrom('reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .select(['r.id', 'r.verdict', 'r.comment', 'r.created_at', 'u.display_name as reviewer_name'])
    .where('r.case_id', '=', caseId)
    .orderBy('r.id')
    .execute();
}

export function caseNotes(db: Kysely<Database>, caseId: number) {
  return db
    .selectFrom('case_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.evidence_url', 'n.created_at', 'u.display_name as author_name'])
    .where('n.case_id', '=', caseId)
    .orderBy('n.id')
    .execute();
}

export function insertCase(db: Kysely<Database>, c: { title: string; priority: CasePriority; createdBy: number }) {
  const now = new Date();
  return db
    .insertInto('cases')
    .values({ title: c.title, priority: c.priority, created_by: c.createdBy, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Optimistic update: undefined when `version` is no longer the stored one. */
export function updateCaseRow(
  db: Kysely<Database>,
  caseId: number,
  version: number,
  set: Pick<
    Updateable<CasesTable>,
    'title' | 'priority' | 'assignee_id' | 'verdict' | 'decided_at' | 'content_type' | 'topic' | 'complaint_route' | 'complaint_routed_at'
  >,
) {
  return db
    .updateTable('cases')
    .set({ ...set, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', caseId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function attachItems(db: Kysely<Database>, caseId: number, itemIds: number[], by: number): Promise<void> {
  if (!itemIds.length) return;
  await db
    .insertInto('case_items')
    .values(itemIds.map((id) => ({ item_id: id, case_id: caseId, added_by: by, added_at: new Date() })))
    .onConflict((oc) => oc.column('item_id').doUpdateSet({ case_id: caseId, added_by: by, added_at: new Date() }))
    .execute();
}

/** Moves everything of `fromId` (items, verdicts, notes, clarifications) into `intoId`, then deletes it. */
export async function absorbCase(db: Kysely<Database>, intoId: number, fromId: number): Promise<void> {
  await db.updateTable('case_items').set({ case_id: intoId }).where('case_id', '=', fromId).execute();
  await db.updateTable('reviews').set({ case_id: intoId }).where('case_id', '=', fromId).execute();
  await db.updateTable('case_notes').set({ case_id: intoId }).where('case_id', '=', fromId).execute();
  await db.updateTable('clarifications').set({ case_id: intoId }).where('case_id', '=', fromId).execute();
  await db.deleteFrom('cases').where('id', '=', fromId).execute();
}

export async function insertReview(db: Kysely<Database>, r: { caseId: number; reviewerId: number; verdict: Verdict; comment: string | null }): Promise<void> {
  await db
    .insertInto('reviews')
    .values({ case_id: r.caseId, reviewer_id: r.reviewerId, verdict: r.verdict, comment: r.comment, created_at: new Date() })
    .execute();
}

export function insertNote(db: Kysely<Database>, n: { caseId: number; authorId: number; body: string; evidenceUrl: string | null }) {
  return db
    .insertInto('case_notes')
    .values({ case_id: n.caseId, author_id: n.authorId, body: n.body, evidence_url: n.evidenceUrl, created_at: new Date() })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** Cases of the given items, other than `exceptId`. */
export async function casesOfItems(db: Kysely<Database>, itemIds: number[], exceptId: number): Promise<number[]> {
  if (!itemIds.length) return [];
  const rows = await db.selectFrom('case_items').select('case_id').distinct().where('item_id', 'in', itemIds).where('case_id', '<>', exceptId).execute();
  return rows.map((r) => r.case_id);
}

/**
 * The items of cases decided as hoaks, disinformasi or misinformasi, as claims new items are matched
 * against (HLBK): the case's title (the claim as the analyst wrote it) with each item's text.
 */
export async function decidedCaseClaims(db: Kysely<Database>): Promise<Array<{ caseId: number; url: string | null; title: string; text: string }>> {
  const rows = await db
    .selectFrom('case_items as ci')
    .innerJoin('cases as k', 'k.id', 'ci.case_id')
    .innerJoin('items as i', 'i.id', 'ci.item_id')
    .select(['k.id as caseId', 'k.title', 'i.url', sql<string>`left(coalesce(i.title || ' ', '') || i.text, 4000)`.as('text')])
    .where('k.verdict', 'in', CONFIRMED_VERDICTS)
    .orderBy('ci.item_id')
    .execute();
  return rows;
}

/**
 * Changes with every verdict and every item added to a case: the decided-case index is rebuilt then
 * (scalar subqueries, read with the classifier's other fingerprints in one round trip: classify-context.repo.ts).
 */
export function decidedCasesFingerprint(): RawBuilder<string> {
  return sql<string>`((select count(*) from case_items) || ':' ||
      coalesce((select sum(version) from cases where verdict in (${sql.join(CONFIRMED_VERDICTS)})), 0) || ':' ||
      coalesce((select max(decided_at)::text from cases), ''))`;
}

/** A case's verdict, priority and complaint route, its row locked until the transaction ends (serialises HLBK links to it). */
export function lockCase(db: Kysely<Database>, caseId: number) {
  return db.selectFrom('cases').select(['id', 'verdict', 'priority', 'complaint_route']).where('id', '=', caseId).forUpdate().executeTakeFirst();
}

/** When Saring first stored any item of a case (the report's "first seen"); null for an empty case. */
export async function caseFirstSeen(db: Kysely<Database>, caseId: number): Promise<Date | null> {
  const r = await db
    .selectFrom('case_items as ci')
    .innerJoin('items as i', 'i.id', 'ci.item_id')
    .select((eb) => eb.fn.min('i.fetched_at').as('at'))
    .where('ci.case_id', '=', caseId)
    .executeTakeFirst();
  return r?.at ? new Date(r.at as Date | string) : null;
}

/** Adds an item to a case unless it is in one already; true if it was added. */
export async function insertCaseItem(
  db: Kysely<Database>,
  l: { itemId: number; caseId: number; link: CaseLink; score: number | null; by: number | null },
): Promise<boolean> {
  const added = await db
    .insertInto('case_items')
    .values({ item_id: l.itemId, case_id: l.caseId, added_by: l.by, link: l.link, link_score: l.score })
    .onConflict((oc) => oc.column('item_id').doNothing())
    .returning('item_id')
    .executeTakeFirst();
  return !!added;
}

/** Marks a case as circulating again (one more time), at the priority given. */
export async function markResurfaced(db: Kysely<Database>, caseId: number, priority: CasePriority): Promise<void> {
  await db
    .updateTable('cases')
    .set((eb) => ({
      resurfaced_at: new Date(),
      resurfaced_count: eb('resurfaced_count', '+', 1),
      priority,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', caseId)
    .execute();
}

/**
 * Decided cases as an item page offers them (HLBK): title, verdict and version (to link the item),
 * with the latest published clarification, for humas to publish again.
 */
export async function casesForReuse(db: Kysely<Database>, caseIds: readonly number[]) {
  if (!caseIds.length) return [];
  return db
    .selectFrom('cases as k')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('clarifications')
          .distinctOn('case_id')
          .select(['case_id', 'id', 'body', 'published_at'])
          .where('status', '=', 'published')
          .where('case_id', 'in', [...caseIds])
          .orderBy('case_id')
          .orderBy('published_at', 'desc')
          .as('cl'),
      (j) => j.onRef('cl.case_id', '=', 'k.id'),
    )
    .select([
      'k.id',
      'k.title',
      'k.verdict',
      'k.version',
      'cl.id as clarification_id',
      'cl.body as clarification_body',
      'cl.published_at as clarification_published_at',
    ])
    .where('k.id', 'in', [...caseIds])
    .execute();
}

/** An item as opening a case needs it: title, text, its case if any, and its highest classifier score. */
export function itemForCase(db: Kysely<Database>, itemId: number) {
  return db
    .selectFrom('items as i')
    .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
    .leftJoin('classifications as c', 'c.item_id', 'i.id')
    .select(['i.id', 'i.title', 'i.text', 'ci.case_id'])
    .select((eb) => eb.fn.max('c.priority').as('score'))
    .where('i.id', '=', itemId)
    .groupBy(['i.id', 'ci.case_id'])
    .executeTakeFirst();
}

/** Which of these item ids exist. */
export async function existingItemIds(db: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  return (
    await db
      .selectFrom('items')
      .select('id')
      .where('id', 'in', [...ids])
      .execute()
  ).map((r) => r.id);
}

/** Which of these items belong to no case. */
export async function itemsWithoutCase(db: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('items')
    .leftJoin('case_items as ci', 'ci.item_id', 'items.id')
    .select('items.id')
    .where('items.id', 'in', [...ids])
    .where('ci.case_id', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}
