import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { CasePriority, Database } from './schema.ts';
import { DECISIVE_VERDICTS, DISMISSING_LABELS, PRIORITIES, PRIORITY_THRESHOLDS } from '../vocabulary.ts';
import { CRITICISM_ONLY } from './cases.repo.ts';
import type { CachedRead } from './read-cache.ts';

/**
 * Statuses an analyst filters the queue by; `terbuka` (open) is baru + perlu_verifikasi, less what went
 * to complaint handling. `hlbk`: items repeating a decided claim, linked or suggested. `pengaduan`:
 * criticism of the police (flagged or not) and cases routed to Dumas/Propam.
 */
export const QUEUE_STATUSES = ['terbuka', 'baru', 'perlu_verifikasi', 'diputuskan', 'hlbk', 'pengaduan', 'semua'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

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
  /** Only items carrying images (screenshots, posters, photos). */
  images?: boolean | undefined;
  sort: 'prioritas' | 'terbaru';
  page: number;
  pageSize: number;
  /** Keyset cursor: the page starts after this row (see nextQueueCursor); `page` then only labels it. */
  after?: QueueCursor | undefined;
}

/** Where the last page ended, in the page's own order: bucket, score and id, or seen-at (µs) and id. */
export type QueueCursor = { sort: 'prioritas'; bucket: CasePriority; score: number; id: number } | { sort: 'terbaru'; seenUs: string; id: number };

/** The cursor of the page after `rows` (null when this page was not full: there is none). */
export function nextQueueCursor(
  f: Pick<QueueFilter, 'sort' | 'pageSize'>,
  rows: ReadonlyArray<{ id: number; score: number; case_priority: CasePriority; seen_us: string }>,
): QueueCursor | null {
  const last = rows.at(-1);
  if (!last || rows.length < f.pageSize) return null;
  return f.sort === 'terbaru'
    ? { sort: 'terbaru', seenUs: last.seen_us, id: last.id }
    : { sort: 'prioritas', bucket: last.case_priority, score: last.score, id: last.id };
}

/** priorityForScore (vocabulary.ts) in SQL, over a classification aliased `c`: an unopened item's priority. */
const UNOPENED_PRIORITY = sql<CasePriority>`(case when c.priority >= ${PRIORITY_THRESHOLDS.tinggi} then 'tinggi' when c.priority >= ${PRIORITY_THRESHOLDS.sedang} then 'sedang' else 'rendah' end)`;

/** The queue counts at most this many rows; beyond it the page says "1000+" (counting 50,000 costs ~0.5 s). */
export const QUEUE_COUNT_CAP = 1000;

/**
 * The review queue: flagged items of the current model version, one per duplicate cluster (the
 * first copy stands for its reposts), with the case each belongs to. Analysts' priority comes
 * first, then the classifier's; an item no one has opened has the priority its score stands for
 * (priorityForScore), the one its case would start with.
 *
 * Sorting by "analysts' priority, then score" in one ORDER BY would make PostgreSQL join and sort
 * every flagged row (0.6 s at 50,000). Instead each priority is its own query that walks the
 * `classifications_queue` index in score order and stops after a page, and the buckets are
 * concatenated; only a page that crosses a bucket's end needs that bucket's count.
 */
export interface QueueOptions {
  /** Reuses a result until data changes (read-cache.ts; PGlite): the probe of a topic, unit or text filter. */
  cached?: CachedRead | undefined;
  /**
   * The embedded database (PGlite), where each row a plan touches costs many times what it costs
   * PostgreSQL (WebAssembly, one thread for every request) and statements may keep generic plans: a
   * bucket's cases part walks the score order for every status (walkCases) and a text search asks its
   * GIN index first (anyMatch). On PostgreSQL its own plans were cheaper; both shapes are tested on both.
   */
  embedded?: boolean | undefined;
  /** Filters matching at most this many queue rows are read by id (anyMatch); tests lower it to walk. */
  listUpTo?: number | undefined;
}

export function queue(db: Kysely<Database>, f: QueueFilter, opts: QueueOptions = {}) {
  // Every status but complaints shows flagged rows only, and those carry what the queue asks of their
  // item (sql/0020: heads its cluster, seen at, search text) under indexes over exactly those rows: a
  // page or a count is then a walk of one small index. `items` is joined for the source filter alone
  // (PostgreSQL drops the left join when nothing reads it). Complaints include unflagged criticism,
  // which carries no copies: they ask the items themselves.
  const flaggedOnly = f.status !== 'pengaduan';
  // The queue's rows, or (a rare topic + unit combination or search, see anyMatch) only those of the
  // given items: read by primary key behind OFFSET 0, a fence the planner plans on its own, so it
  // cannot take a priority walk through every queue row and filter it by the list instead.
  // A bucket's cases part (casesAt) puts its case condition inside the fence too: outside, the part read
  // every listed item by key and sorted them to find none or a few in a case (7 ms of PGlite's thread at
  // 357 items), where the cases at one priority are a handful of rows to start from.
  const fromIds = (ids: readonly number[], casesAt: CasePriority | null) =>
    db.selectFrom(
      db
        .selectFrom('classifications')
        .selectAll()
        .where('item_id', 'in', ids)
        .where('model_version', '=', f.modelVersion)
        .$if(casesAt !== null, (w) => w.where('item_id', 'in', inCasesAt(casesAt!)))
        .offset(0)
        .as('c'),
    ) as unknown as ReturnType<typeof plainFrom>;
  /**
   * The items in a case of priority `b` that the filter's case conditions admit (an item is in at most
   * one case, so these are the conditions the outer query tests too; here they let `cases_open` find
   * the open statuses' cases).
   */
  const inCasesAt = (b: CasePriority) =>
    db
      .selectFrom('case_items as cp')
      .innerJoin('cases as kp', 'kp.id', 'cp.case_id')
      .select('cp.item_id')
      .where('kp.priority', '=', b)
      .$if(f.status === 'terbuka', (w) =>
        // Not decided (cases_open's own predicate: every verdict but perlu_verifikasi is decisive) and not routed.
        w.where((eb) => eb.or([eb('kp.verdict', 'is', null), eb('kp.verdict', '=', 'perlu_verifikasi')])).where('kp.complaint_route', 'is', null),
      )
      .$if(f.status === 'baru', (w) => w.where('kp.verdict', 'is', null))
      .$if(f.status === 'perlu_verifikasi', (w) => w.where('kp.verdict', '=', 'perlu_verifikasi'))
      .$if(f.status === 'diputuskan', (w) => w.where('kp.verdict', 'in', DECISIVE_VERDICTS))
      .$if(!!f.assigneeId, (w) => w.where('kp.assignee_id', '=', f.assigneeId!));
  /** A text search over queue rows' copy of their item's text (0018). */
  const text = f.q?.trim() ? sql<boolean>`c.queue_search @@ websearch_to_tsquery('indonesian', ${f.q})` : null;
  const plainFrom = () => db.selectFrom('classifications as c');
  const build = (ids: readonly number[] | null, casesAt: CasePriority | null = null) => {
    let q = (ids ? fromIds(ids, casesAt) : plainFrom())
      .leftJoin('items as i', 'i.id', 'c.item_id')
      .leftJoin('case_items as ci', 'ci.item_id', 'c.item_id')
      .leftJoin('cases as k', 'k.id', 'ci.case_id')
      .where('c.model_version', '=', f.modelVersion);
    const seen = flaggedOnly ? sql<Date>`c.queue_seen_at` : sql<Date>`coalesce(i.published_at, i.fetched_at)`;
    // The item's latest class label (sql/0017), when an analyst corrected it: `kritik` sends it to complaint handling.
    const labelled = (values: readonly string[]) =>
      sql<boolean>`exists (select 1 from item_labels l where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in (${sql.join(values)}))`;
    // Criticism is held apart from hoaxes and mostly not flagged: complaint handling sees all of it.
    q = flaggedOnly
      ? q.where('c.flagged', '=', true).where('c.queue_original', '=', true)
      : q.where('i.duplicate_of', 'is', null).where((eb) => eb.or([CRITICISM_ONLY, eb('k.complaint_route', 'is not', null), labelled(['kritik'])]));
    // Corrected as not a hoax (bukan hoaks, resmi/netral, kritik): closed for the open queue, no case needed.
    if (f.status === 'terbuka' || f.status === 'baru') q = q.where(sql<boolean>`not ${labelled(DISMISSING_LABELS)}`);
    // Case conditions as EXISTS over (case_items, cases) rather than filters on the outer-joined k:
    // PostgreSQL estimates "k.verdict is null" after a left join as nearly nothing, gives up the
    // index walk and sorts every flagged row; anti/semi joins it estimates well.
    const inCase = (cond: (eb: ExpressionBuilder<Database & { k2: Database['cases'] }, 'k2'>) => Expression<SqlBool>) =>
      sql<boolean>`exists (${db
        .selectFrom('case_items as ci2')
        .innerJoin('cases as k2', 'k2.id', 'ci2.case_id')
        .select(sql`1`.as('one'))
        .whereRef('ci2.item_id', '=', sql.ref('c.item_id'))
        .where((eb) => cond(eb as never))})`;
    const notInCase = (cond: Parameters<typeof inCase>[0]) => sql<boolean>`not ${inCase(cond)}`;
    if (f.status === 'baru') q = q.where(notInCase((eb) => eb('k2.verdict', 'is not', null)));
    if (f.status === 'perlu_verifikasi') q = q.where(inCase((eb) => eb('k2.verdict', '=', 'perlu_verifikasi')));
    if (f.status === 'terbuka') q = q.where(notInCase((eb) => eb.or([eb('k2.verdict', 'in', DECISIVE_VERDICTS), eb('k2.complaint_route', 'is not', null)])));
    if (f.status === 'hlbk')
      q = q.where((eb) => eb.or([eb('ci.link', '=', 'hlbk'), eb.and([eb('ci.case_id', 'is', null), sql<boolean>`jsonb_array_length(c.case_matches) > 0`])]));
    if (f.status === 'diputuskan') q = q.where(inCase((eb) => eb('k2.verdict', 'in', DECISIVE_VERDICTS)));
    // Queue rows carry their arrays in copies with the queue's own statistics and a GIN index (0022):
    // `@>` lets the planner take that index for a rare or empty combination instead of walking the
    // score order through every queue row, and keep the walk for a common one.
    if (f.topic) q = q.where(flaggedOnly ? sql<boolean>`c.queue_topics @> array[${f.topic}]::text[]` : sql<boolean>`${f.topic} = any(c.topics)`);
    if (f.unit) q = q.where(flaggedOnly ? sql<boolean>`c.queue_units @> array[${f.unit}]::text[]` : sql<boolean>`${f.unit} = any(c.police_units)`);
    if (f.source) q = q.where('i.source_id', '=', f.source);
    if (f.assigneeId) q = q.where(inCase((eb) => eb('k2.assignee_id', '=', f.assigneeId!)));
    if (f.from) q = q.where(seen, '>=', f.from);
    if (f.to) q = q.where(seen, '<', f.to);
    if (f.minScore !== undefined) q = q.where('c.priority', '>=', f.minScore);
    if (text) q = q.where(flaggedOnly ? text : sql<boolean>`i.search @@ websearch_to_tsquery('indonesian', ${f.q})`);
    if (f.images) q = q.where(sql<boolean>`exists (select 1 from item_images ii where ii.item_id = c.item_id)`);
    return { q, seen, notInCase };
  };
  const built = build(null);
  let q = built.q;
  const { seen, notInCase } = built;
  /** The items of a rare topic + unit combination (anyMatch), when the query reads them by id. */
  let listed: readonly number[] | null = null;

  // A page is found in two steps. The keys (ids and sort keys) come from index-only scans over the
  // flagged classifications of original items (0020); only the ≤ pageSize rows found are then
  // read in full with their source, case and assignee. Reading whole rows while walking made every
  // candidate cost a read of `items` (1 GB at 1M items), most of them for rows the page never shows.
  const show = (keys: ReturnType<typeof keyRows>, by: 'score' | 'seen' | 'rank') =>
    db
      .selectFrom(keys.as('p'))
      .innerJoin('classifications as c', (j) => j.onRef('c.item_id', '=', 'p.id').on('c.model_version', '=', f.modelVersion))
      .innerJoin('items as i', 'i.id', 'p.id')
      .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
      .leftJoin('cases as k', 'k.id', 'ci.case_id')
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
        // seen_at to the microsecond (a Date keeps milliseconds): the date order's keyset cursor.
        sql<string>`(extract(epoch from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text`.as('seen_us'),
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
        sql<CasePriority>`coalesce(k.priority, ${UNOPENED_PRIORITY})`.as('case_priority'),
        'u.display_name as assignee_name',
      ])
      .$if(by === 'rank', (o) => o.orderBy(sql`p.rank`))
      .orderBy(by === 'seen' ? 'p.seen' : 'p.score', 'desc')
      .orderBy('p.id', 'desc');
  /** The keys of matching rows: index-only where the filters allow. */
  const keyRows = (base: typeof q) => base.select(['c.item_id as id', 'c.priority as score', seen.as('seen')]);
  const after = f.after;
  // A bucket is two parts: its cases at that priority (few; the plan starts from them) and the unopened
  // items whose score stands for it (priorityForScore), a range of the index walked in score order.
  // One OR over both would make PostgreSQL give up the index walk (0.3 s instead of 7 ms at 300,000).
  // A bucket's cases part, on PGlite and for the open statuses, tests each row of its score walk against
  // the set of cases at that priority the filter admits (inCasesAt, hashed once): inside coalesce() the
  // planner keeps it a subplan rather than a join. As a join, it expects queue rows and case items to
  // match a few in a hundred (it cannot know that case items are queue rows), and joined and sorted
  // every queue row rather than walking until a page was found: with a year of cases beside 5,000
  // flagged items (bench:web) the open queue's rows took 9–10 ms of PGlite's thread, 3 ms walking, and
  // `semua` 8 → 3 ms. On PostgreSQL at 1M items its own plan walks, and building the set costs 2 ms
  // (open cases) to 6 ms (every case at a priority) more, so it is built for the open statuses only,
  // whose cases `cases_open` finds. A text search has its GIN index.
  // With a topic or unit filter, the walk is the combination's own (see anyMatch): on PGlite building
  // every case's set there cost more than it saved (list 5.7 → 6.6 ms for the common combination).
  const walkCases =
    !f.q?.trim() && ((opts.embedded && !f.topic && !f.unit) || f.status === 'terbuka' || f.status === 'baru' || f.status === 'perlu_verifikasi');
  const bucketParts = (b: CasePriority): [typeof q, typeof q] => {
    const low = b === 'tinggi' ? PRIORITY_THRESHOLDS.tinggi : b === 'sedang' ? PRIORITY_THRESHOLDS.sedang : null;
    const high = b === 'sedang' ? PRIORITY_THRESHOLDS.tinggi : b === 'rendah' ? PRIORITY_THRESHOLDS.sedang : null;
    let unopened = q.where(notInCase(() => sql<SqlBool>`true`));
    if (low !== null) unopened = unopened.where('c.priority', '>=', low);
    if (high !== null) unopened = unopened.where('c.priority', '<', high);
    if (listed) return [build(listed, b).q, unopened];
    if (walkCases) return [q.where(sql<boolean>`coalesce(c.item_id in (${inCasesAt(b)}), false)`), unopened];
    return [q.where('k.priority', '=', b), unopened];
  };
  /** Rows after the cursor within its bucket: (priority, item_id) is the index's own order, so the walk starts there. */
  const afterInBucket = (part: typeof q, b: CasePriority) =>
    after?.sort === 'prioritas' && after.bucket === b
      ? part
          .where('c.priority', '<=', sql<number>`cast(${after.score} as real)`)
          .where(sql<boolean>`(c.priority, c.item_id) < (cast(${after.score} as real), ${after.id}::bigint)`)
      : part;
  /** A page of a bucket: each part's first offset + limit keys in score order, merged, then shown. */
  const bucketPage = (b: CasePriority, limit: number, offset: number) => {
    const [cases, unopened] = bucketParts(b).map((part) =>
      keyRows(afterInBucket(part, b))
        .orderBy('c.priority', 'desc')
        .orderBy('c.item_id', 'desc')
        .limit(offset + limit),
    ) as [ReturnType<typeof keyRows>, ReturnType<typeof keyRows>];
    const keys = db
      .selectFrom(cases.as('a'))
      .selectAll()
      .unionAll(db.selectFrom(unopened.as('b')).selectAll())
      .orderBy('score', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset);
    return show(keys as unknown as ReturnType<typeof keyRows>, 'score');
  };
  const bucketCount = async (b: CasePriority, cap: number) => {
    const [cases, unopened] = bucketParts(b);
    return Math.min(cap, (await countOf(cases, cap)) + (await countOf(unopened, cap)));
  };
  const countOf = async (base: typeof q, cap: number) =>
    Number(
      (
        await db
          .selectFrom(
            base
              .select(sql`1`.as('one'))
              .limit(cap)
              .as('t'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  // A topic or unit filter first asks the GIN index alone (0022) which queue rows have the combination,
  // up to the count's cap. The priority walks are costed from statistics that cannot see that flagged
  // rows are the high-scoring ones, so PostgreSQL walks them for a rare or empty combination too:
  // ~45,000 entries in the count and again in each priority bucket at 1M items. An empty combination
  // is answered without them; a rare one is read by its items' ids (fromIds); a common one (over the
  // cap) keeps the walks, which then find a page within a few entries. On PGlite (opts.embedded) a text
  // search asks its GIN index the same way: there a statement may keep a generic plan, made without the words
  // (pglite-statements.ts), which walked each bucket's whole score range testing every row's text for
  // a rare word or phrase (7–21 ms for a page of 23 rows; 1.6–2.9 ms read by id). PostgreSQL plans with
  // the words, and at 1M items reading up to a thousand matches by id cost it more than its own plan.
  const narrowed = flaggedOnly && (f.topic || f.unit || (opts.embedded && text));
  // On PGlite the answer is reused until data changes (opts.cached), as the count is: a common
  // combination's probe reads a thousand entries for nothing but "more than the cap".
  let matching: Promise<boolean> | undefined;
  const probe = () =>
    db
      .selectFrom('classifications as c')
      .select('c.item_id')
      .where('c.model_version', '=', f.modelVersion)
      .where('c.flagged', '=', true)
      .where('c.queue_original', '=', true)
      .$if(!!f.topic, (w) => w.where(sql<boolean>`c.queue_topics @> array[${f.topic!}]::text[]`))
      .$if(!!f.unit, (w) => w.where(sql<boolean>`c.queue_units @> array[${f.unit!}]::text[]`))
      .$if(!!(opts.embedded && text), (w) => w.where(text!))
      .limit(QUEUE_COUNT_CAP + 1)
      .execute()
      .then((rows) => rows.map((r) => r.item_id));
  const anyMatch = () =>
    (matching ??= !narrowed
      ? Promise.resolve(true)
      : (opts.cached
          ? opts.cached(`queue.match ${JSON.stringify([f.modelVersion, f.topic ?? null, f.unit ?? null, opts.embedded && text ? f.q : null])}`, probe)
          : probe()
        ).then((ids) => {
          if (ids.length && ids.length <= (opts.listUpTo ?? QUEUE_COUNT_CAP)) q = build((listed = ids)).q;
          return ids.length > 0;
        }));

  // A rare combination's or search's rows (listed: at most the count's cap) are read once and sorted
  // whole by bucket, score and id, in one statement: the buckets' walks would each read every listed
  // row by key again (9.3 → 4.5 ms of PGlite's thread for 357 rows with a year of cases beside them).
  const rank = sql<number>`array_position(array[${sql.join(PRIORITIES)}]::text[], coalesce(k.priority, ${UNOPENED_PRIORITY})::text)`;
  const listedPage = (offset: number) => {
    let base = q;
    if (f.priority) base = base.where(sql<boolean>`coalesce(k.priority, ${UNOPENED_PRIORITY}) = ${f.priority}`);
    if (after?.sort === 'prioritas') {
      const at = PRIORITIES.indexOf(after.bucket) + 1;
      base = base.where(sql<boolean>`(${rank} > ${at} or (${rank} = ${at} and (c.priority, c.item_id) < (cast(${after.score} as real), ${after.id}::bigint)))`);
    }
    const keys = keyRows(base)
      .select(rank.as('rank'))
      .orderBy(rank)
      .orderBy('c.priority', 'desc')
      .orderBy('c.item_id', 'desc')
      .limit(f.pageSize)
      .offset(offset);
    return show(keys as unknown as ReturnType<typeof keyRows>, 'rank').execute();
  };

  async function list() {
    if (!(await anyMatch())) return [];
    // With a cursor the page starts after it (keyset); without one, at an offset (a page typed by hand).
    const offset = after ? 0 : (f.page - 1) * f.pageSize;
    if (f.sort === 'terbaru') {
      let base = q;
      if (after?.sort === 'terbaru') {
        const at = sql<Date>`(timestamptz 'epoch' + ${after.seenUs}::bigint * interval '1 microsecond')`;
        // The first bound lets the index walk start at the cursor; the row comparison settles ties.
        base = base.where(seen, '<=', at).where(sql<boolean>`(${seen}, c.item_id) < (${at}, ${after.id}::bigint)`);
      }
      const keys = keyRows(base).orderBy(seen, 'desc').orderBy('c.item_id', 'desc').limit(f.pageSize).offset(offset);
      return show(keys, 'seen').execute();
    }
    if (listed) return listedPage(offset);
    const out: Awaited<ReturnType<ReturnType<typeof show>['execute']>> = [];
    let skip = offset;
    let buckets: readonly CasePriority[] = f.priority ? [f.priority] : PRIORITIES;
    // Buckets before the cursor's are done.
    if (after?.sort === 'prioritas') buckets = buckets.slice(Math.max(0, buckets.indexOf(after.bucket)));
    for (const b of buckets) {
      const need = f.pageSize - out.length;
      if (need <= 0) break;
      const got = await bucketPage(b, need, skip).execute();
      out.push(...got);
      // This bucket ran out before the page filled: the next bucket starts after what this one held.
      skip = got.length ? 0 : Math.max(0, skip - (skip ? await bucketCount(b, skip) : 0));
    }
    return out;
  }

  return {
    /** Matching rows, up to QUEUE_COUNT_CAP + 1 (more means "over the cap"). */
    count: async () => ((await anyMatch()) ? (f.priority ? bucketCount(f.priority, QUEUE_COUNT_CAP + 1) : countOf(q, QUEUE_COUNT_CAP + 1)) : 0),
    list,
  };
}
