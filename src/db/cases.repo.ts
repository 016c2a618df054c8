import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Updateable } from 'kysely';
import { appendAudit } from './audit.repo.ts';
import type { CasePriority, CasesTable, Database, Verdict } from './schema.ts';

/**
 * Statuses an analyst filters the queue by; `terbuka` (open) is baru + perlu_verifikasi, less what went
 * to complaint handling. `hlbk`: items repeating a decided claim, linked or suggested. `pengaduan`:
 * criticism of the police (flagged or not) and cases routed to Dumas/Propam.
 */
export const QUEUE_STATUSES = ['terbuka', 'baru', 'perlu_verifikasi', 'diputuskan', 'hlbk', 'pengaduan', 'semua'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const DECISIVE_VERDICTS = ['hoaks', 'disinformasi', 'misinformasi', 'benar', 'belum_terbukti', 'klarifikasi', 'bukan_hoaks'] as const satisfies readonly Verdict[];
/** Verdicts that confirm a false claim: the cases humas writes clarifications for. */
export const CONFIRMED_VERDICTS = ['hoaks', 'disinformasi', 'misinformasi'] as const satisfies readonly Verdict[];

export interface QueueFilter {
  modelVersion: string;
  status: QueueStatus;
  topic?: string | undefined;
  source?: string | undefined;
  unit?: string | undefined;
  priority?: CasePriority | undefined;
  assigneeId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  minScore?: number | undefined;
  q?: string | undefined;
  sort: 'prioritas' | 'terbaru';
  page: number;
  pageSize: number;
}

/** isCriticismOnly (police-flags.ts) in SQL, over a classification aliased `c`. */
export const CRITICISM_ONLY = sql<boolean>`(coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false))`;

/** The queue counts at most this many rows; beyond it the page says "1000+" (counting 50,000 costs ~0.5 s). */
export const QUEUE_COUNT_CAP = 1000;
const PRIORITY_BUCKETS = ['tinggi', 'sedang', 'rendah'] as const;

/**
 * The review queue: flagged items of the current model version, one per duplicate cluster (the
 * first copy stands for its reposts), with the case each belongs to. Analysts' priority comes
 * first, then the classifier's; items no one has opened count as "sedang".
 *
 * Sorting by "analysts' priority, then score" in one ORDER BY would make PostgreSQL join and sort
 * every flagged row (0.6 s at 50,000). Instead each priority is its own query that walks the
 * `classifications_queue` index in score order and stops after a page, and the buckets are
 * concatenated; only a page that crosses a bucket's end needs that bucket's count.
 */
export function queue(db: Kysely<Database>, f: QueueFilter) {
  let q = db
    .selectFrom('classifications as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
    .leftJoin('cases as k', 'k.id', 'ci.case_id')
    .where('c.model_version', '=', f.modelVersion)
    .where('i.duplicate_of', 'is', null);
  // Criticism is held apart from hoaxes and mostly not flagged: complaint handling sees all of it.
  q = f.status === 'pengaduan' ? q.where((eb) => eb.or([CRITICISM_ONLY, eb('k.complaint_route', 'is not', null)])) : q.where('c.flagged', '=', true);
  // Case conditions as EXISTS over (case_items, cases) rather than filters on the outer-joined k:
  // PostgreSQL estimates "k.verdict is null" after a left join as nearly nothing, gives up the
  // index walk and sorts every flagged row; anti/semi joins it estimates well.
  const inCase = (cond: (eb: ExpressionBuilder<Database & { k2: Database['cases'] }, 'k2'>) => Expression<SqlBool>) =>
    sql<boolean>`exists (${db
      .selectFrom('case_items as ci2')
      .innerJoin('cases as k2', 'k2.id', 'ci2.case_id')
      .select(sql`1`.as('one'))
      .whereRef('ci2.item_id', '=', sql.ref('i.id'))
      .where((eb) => cond(eb as never))})`;
  const notInCase = (cond: Parameters<typeof inCase>[0]) => sql<boolean>`not ${inCase(cond)}`;
  if (f.status === 'baru') q = q.where(notInCase((eb) => eb('k2.verdict', 'is not', null)));
  if (f.status === 'perlu_verifikasi') q = q.where(inCase((eb) => eb('k2.verdict', '=', 'perlu_verifikasi')));
  if (f.status === 'terbuka') q = q.where(notInCase((eb) => eb.or([eb('k2.verdict', 'in', DECISIVE_VERDICTS), eb('k2.complaint_route', 'is not', null)])));
  if (f.status === 'hlbk') q = q.where((eb) => eb.or([eb('ci.link', '=', 'hlbk'), eb.and([eb('ci.case_id', 'is', null), sql<boolean>`jsonb_array_length(c.case_matches) > 0`])]));
  if (f.status === 'diputuskan') q = q.where(inCase((eb) => eb('k2.verdict', 'in', DECISIVE_VERDICTS)));
  if (f.topic) q = q.where(sql<boolean>`${f.topic} = any(c.topics)`);
  if (f.unit) q = q.where(sql<boolean>`${f.unit} = any(c.police_units)`);
  if (f.source) q = q.where('i.source_id', '=', f.source);
  if (f.assigneeId) q = q.where(inCase((eb) => eb('k2.assignee_id', '=', f.assigneeId!)));
  if (f.from) q = q.where(sql<Date>`coalesce(i.published_at, i.fetched_at)`, '>=', f.from);
  if (f.to) q = q.where(sql<Date>`coalesce(i.published_at, i.fetched_at)`, '<', f.to);
  if (f.minScore !== undefined) q = q.where('c.priority', '>=', f.minScore);
  if (f.q?.trim()) q = q.where(sql<boolean>`i.search @@ websearch_to_tsquery('indonesian', ${f.q})`);

  const rows = (base: typeof q) =>
    base
      .leftJoin('users as u', 'u.id', 'k.assignee_id')
      .innerJoin('sources as s', 's.id', 'i.source_id')
      .select([
        'i.id',
        'i.source_id',
        's.name as source_name',
        's.kind as source_kind',
        'i.title',
        sql<string>`left(i.text, 280)`.as('excerpt'),
        'i.url',
        'i.author',
        sql<Date>`coalesce(i.published_at, i.fetched_at)`.as('seen_at'),
        'c.priority as score',
        'c.hoax_score',
        'c.topics',
        'c.police_units',
        'c.reasons',
        'c.signals',
        'ci.link',
        'k.id as case_id',
        'k.complaint_route',
        'k.verdict',
        sql<CasePriority>`coalesce(k.priority, 'sedang')`.as('case_priority'),
        'u.display_name as assignee_name',
      ]);
  // "tinggi" and "rendah" are few and start from their cases; "sedang" (and every unopened item) walks the index.
  const inBucket = (b: CasePriority) => (b === 'sedang' ? q.where(notInCase((eb) => eb('k2.priority', '<>', 'sedang'))) : q.where('k.priority', '=', b));
  const countOf = async (base: typeof q, cap: number) =>
    Number((await db.selectFrom(base.select(sql`1`.as('one')).limit(cap).as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  async function list() {
    const offset = (f.page - 1) * f.pageSize;
    if (f.sort === 'terbaru') {
      return rows(q).orderBy(sql`coalesce(i.published_at, i.fetched_at)`, 'desc').orderBy('i.id', 'desc').limit(f.pageSize).offset(offset).execute();
    }
    const out: Awaited<ReturnType<ReturnType<typeof rows>['execute']>> = [];
    let skip = offset;
    for (const b of f.priority ? [f.priority] : PRIORITY_BUCKETS) {
      const need = f.pageSize - out.length;
      if (need <= 0) break;
      const got = await rows(inBucket(b)).orderBy('c.priority', 'desc').orderBy('i.id', 'desc').limit(need).offset(skip).execute();
      out.push(...got);
      // This bucket ran out before the page filled: the next bucket starts after what this one held.
      skip = got.length ? 0 : Math.max(0, skip - (skip ? await countOf(inBucket(b), skip) : 0));
    }
    return out;
  }

  return {
    /** Matching rows, up to QUEUE_COUNT_CAP + 1 (more means "over the cap"). */
    count: () => (f.priority ? countOf(inBucket(f.priority), QUEUE_COUNT_CAP + 1) : countOf(q, QUEUE_COUNT_CAP + 1)),
    list,
  };
}

/** One item with its source, its classification by `modelVersion` (if any) and its case id. */
export function itemDetail(db: Kysely<Database>, itemId: number, modelVersion: string) {
  return db
    .selectFrom('items as i')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .leftJoin('classifications as c', (j) => j.onRef('c.item_id', '=', 'i.id').on('c.model_version', '=', modelVersion))
    .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
    .select([
      'i.id', 'i.source_id', 's.name as source_name', 's.kind as source_kind', 'i.url', 'i.author', 'i.title', 'i.text', 'i.language',
      'i.published_at', 'i.fetched_at', 'i.duplicate_of', 'i.duplicate_kind', 'i.views', 'i.likes', 'i.shares', 'i.replies',
      'c.hoax_score', 'c.hoax', 'c.priority as score', 'c.flagged', 'c.topics', 'c.police_units', 'c.police_mentions', 'c.police_flags', 'c.claim_matches', 'c.reasons',
      'c.case_matches', 'c.signals', 'ci.case_id', 'ci.link', 'ci.link_score',
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
    .select(['i.id', 'i.source_id', 's.name as source_name', 'i.title', 'i.url', 'i.duplicate_kind', sql<Date>`coalesce(i.published_at, i.fetched_at)`.as('seen_at'), 'ci.case_id'])
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
    .select(['i.id', 'i.source_id', 's.name as source_name', 'i.title', sql<string>`left(i.text, 280)`.as('excerpt'), 'i.url', sql<Date>`coalesce(i.published_at, i.fetched_at)`.as('seen_at'), 'c.priority as score', 'c.police_flags', 'c.signals', 'ci.link', 'ci.link_score'])
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
  set: Pick<Updateable<CasesTable>, 'title' | 'priority' | 'assignee_id' | 'verdict' | 'decided_at' | 'content_type' | 'topic' | 'complaint_route' | 'complaint_routed_at'>,
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
  await db.insertInto('reviews').values({ case_id: r.caseId, reviewer_id: r.reviewerId, verdict: r.verdict, comment: r.comment, created_at: new Date() }).execute();
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

/** Changes with every verdict and every item added to a case: the decided-case index is rebuilt then. */
export async function decidedCasesState(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ n: number; v: number | null; at: string | null }>`
    select (select count(*)::int from case_items) as n,
      (select sum(version)::int from cases where verdict in ('hoaks', 'disinformasi', 'misinformasi')) as v,
      (select max(decided_at)::text from cases) as at`.execute(db);
  const row = r.rows[0]!;
  return `${row.n}:${row.v}:${row.at}`;
}

const RAISED: Record<CasePriority, CasePriority> = { rendah: 'sedang', sedang: 'tinggi', tinggi: 'tinggi' };

/**
 * Links items to the decided cases they repeat (HLBK, above the automatic threshold): each item joins
 * the case unless it is already in one, the case is marked as circulating again and its priority
 * raised a step, with an audit entry by the system. Cases no longer decided as a hoax are skipped.
 */
export async function linkResurfaced(db: Kysely<Database>, links: ReadonlyArray<{ itemId: number; caseId: number; score: number }>): Promise<number> {
  let linked = 0;
  for (const l of links) {
    const done = await db.transaction().execute(async (tx) => {
      const k = await tx.selectFrom('cases').select(['id', 'verdict', 'priority']).where('id', '=', l.caseId).forUpdate().executeTakeFirst();
      if (!k?.verdict || !(CONFIRMED_VERDICTS as readonly string[]).includes(k.verdict)) return false;
      const added = await tx
        .insertInto('case_items')
        .values({ item_id: l.itemId, case_id: l.caseId, added_by: null, link: 'hlbk', link_score: l.score })
        .onConflict((oc) => oc.column('item_id').doNothing())
        .returning('item_id')
        .executeTakeFirst();
      if (!added) return false;
      const priority = RAISED[k.priority];
      await tx
        .updateTable('cases')
        .set((eb) => ({ resurfaced_at: new Date(), resurfaced_count: eb('resurfaced_count', '+', 1), priority, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', '=', l.caseId)
        .execute();
      await appendAudit(tx, {
        userId: null,
        action: 'case.hlbk_linked',
        entity: 'case',
        entityId: l.caseId,
        before: { priority: k.priority },
        after: { items: [l.itemId], link_score: l.score, priority },
      });
      return true;
    });
    if (done) linked++;
  }
  return linked;
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
    .select(['k.id', 'k.title', 'k.verdict', 'k.version', 'cl.id as clarification_id', 'cl.body as clarification_body', 'cl.published_at as clarification_published_at'])
    .where('k.id', 'in', [...caseIds])
    .execute();
}
