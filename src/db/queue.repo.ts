import { sql, type Kysely } from 'kysely';
import type { CasePriority, Database } from './schema.ts';
import { DECISIVE_VERDICTS, DISMISSING_LABELS, PRIORITIES, PRIORITY_THRESHOLDS } from '../vocabulary.ts';
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

/** What the queue's conditions and keys read of a queue row (a rare combination's rows are read by id with these). */
const QUEUE_COLUMNS = [
  'item_id',
  'model_version',
  'flagged',
  'priority',
  'queue_original',
  'queue_seen_at',
  'queue_topics',
  'queue_units',
  'queue_bucket',
  'queue_case_priority',
  'queue_verdict',
  'queue_complaint_route',
  'queue_assignee_id',
  'queue_link',
  'queue_label',
  'queue_matched',
] as const;

/** A priority as the queue's bucket number (classifications.queue_bucket, 0024): its place in PRIORITIES, from 1. */
const bucketOf = (p: CasePriority) => PRIORITIES.indexOf(p) + 1;

/**
 * Up to how many matches a page of a rare topic + unit combination (or, on PGlite, a text search) is
 * read by its matches alone (fromMatches: through the GIN index, or by the probe's ids) rather than
 * by walking the queue in the page's order. Reading the matches costs each a heap row (~4.5 µs on
 * PGlite); the walk reads about `through` (the rows up to the page's end) × queue rows / matches
 * index entries (~0.8 µs each), so it wins when the matches are dense: penipuan online + Polri, 357
 * of 5,000 queue rows, took 5.5 ms read by its matches and 4.4 ms walked. The two meet where
 * matches² ≈ through × queue rows / 6. `queueRows` is the planner's count (reltuples); without one
 * (never analysed: -1, or 0) the matches, which the count's cap bounds.
 * @example listThroughIndexUpTo(5000, 50) // 204
 */
export function listThroughIndexUpTo(queueRows: number, through: number): number {
  return queueRows > 0 ? Math.min(QUEUE_COUNT_CAP, Math.floor(Math.sqrt((through * queueRows) / 6))) : QUEUE_COUNT_CAP;
}

/** What the probe of a narrowed filter found: the matching queue rows (up to the cap + 1), and how many queue rows there are. */
type Matches = { ids: number[]; queueRows: number };

/** How the queue reads, beside what it is asked (QueueFilter). */
export interface QueueOptions {
  /** Reuses a result until data changes (read-cache.ts; PGlite): the probe of a topic, unit or text filter. */
  cached?: CachedRead | undefined;
  /**
   * The embedded database (PGlite), where statements may keep generic plans made without the words of
   * a search: a text search asks its GIN index first (anyMatch). PostgreSQL's own plan was cheaper
   * there; both shapes are tested on both.
   */
  embedded?: boolean | undefined;
  /** Filters matching at most this many queue rows are read by their matches alone (fromMatches; default listThroughIndexUpTo); 0 walks. */
  listUpTo?: number | undefined;
}

/**
 * The review queue: flagged items of the current model version, one per duplicate cluster (the
 * first copy stands for its reposts), with the case each belongs to. Analysts' priority comes
 * first, then the classifier's; an item no one has opened has the priority its score stands for
 * (priorityForScore), the one its case would start with.
 *
 * A queue row carries its case's state and the priority it is shown under (sql/0024, kept by
 * triggers), so a page of any status is one walk of the `classifications_queue` index in the page's
 * own order, stopped after the page; a capped count, a walk of up to the cap.
 */
export function queue(db: Kysely<Database>, f: QueueFilter, opts: QueueOptions = {}) {
  // Every status reads rows that carry what the queue asks of their item and its case (sql/0020,
  // 0024, 0025: heads its cluster, seen at, search text, case state, bucket) under indexes over exactly
  // those rows: a page or a count is then a walk of one small index. Every status but complaints shows
  // flagged rows; complaint handling its own rows (queue_complaint), criticism of the police among
  // them, flagged or not. `items`, `case_items` and `cases` are joined for the source filter alone
  // (PostgreSQL drops a left join on a key when nothing reads it).
  const flaggedOnly = f.status !== 'pengaduan';
  /** A text search over queue rows' copy of their item's text (0018). */
  const text = f.q?.trim() ? sql<boolean>`c.queue_search @@ websearch_to_tsquery('indonesian', ${f.q})` : null;
  /**
   * What narrows the queue to a rare topic + unit combination or (on PGlite) a text search: the
   * conditions its GIN indexes answer (0018, 0022). The probe (anyMatch) asks them alone; a rare
   * combination's page may then read its rows through them (fromMatches). Only for a narrowed filter:
   * with none of them it is empty.
   */
  const ginMatch = () =>
    sql<boolean>`${sql.join(
      [
        ...(f.topic ? [sql`c.queue_topics @> array[${f.topic}]::text[]`] : []),
        ...(f.unit ? [sql`c.queue_units @> array[${f.unit}]::text[]`] : []),
        ...(opts.embedded && text ? [text] : []),
      ],
      sql` and `,
    )}`;
  // A narrowed filter's queue rows when the probe found few (see listThroughIndexUpTo), behind
  // OFFSET 0, a fence the planner plans on its own: outside it, the page's order and LIMIT would
  // tempt it into walking every queue row in order and testing each. Only the columns the queue's
  // conditions and keys read: behind the fence every column selected is taken apart for every row,
  // and the wide ones (reasons, signals, mentions) cost PGlite 6 ms for 357 rows.
  // A topic + unit combination is read through its GIN index again: the bitmap of 357 rows took
  // PGlite 1.4 ms where looking up the probe's ids by primary key took 2.5–3.8. A text search (on
  // PGlite) is read by the probe's ids, which the desk reuses until data changes: its GIN index
  // cannot tell a phrase, so each search would test the text of every row with both words again.
  // The ids go as one array parameter, so the statement is the same whatever their number (one
  // parameter per id made a statement PGlite prepared again for each count of ids).
  const fromMatches = (ids: readonly number[]) =>
    db.selectFrom(
      db
        .selectFrom('classifications as c')
        .select(QUEUE_COLUMNS)
        .$if(!!text, (s) => s.select('queue_search'))
        .where('c.model_version', '=', f.modelVersion)
        .where('c.flagged', '=', true)
        .where('c.queue_original', '=', true)
        .where(opts.embedded && text ? sql<boolean>`c.item_id = any(${`{${ids.join(',')}}`}::bigint[])` : ginMatch())
        .offset(0)
        .as('c'),
    ) as unknown as ReturnType<typeof plainFrom>;
  /** The priority a row is shown under, as a bucket number (its case's, else the one its score stands for). */
  const bucket = sql<number>`c.queue_bucket`;
  const plainFrom = () => db.selectFrom('classifications as c');
  const build = (listed: readonly number[] | null) => {
    let q = (listed ? fromMatches(listed) : plainFrom())
      .leftJoin('items as i', 'i.id', 'c.item_id')
      .leftJoin('case_items as ci', 'ci.item_id', 'c.item_id')
      .leftJoin('cases as k', 'k.id', 'ci.case_id')
      .where('c.model_version', '=', f.modelVersion);
    if (flaggedOnly) {
      q = q.where('c.flagged', '=', true).where('c.queue_original', '=', true);
      // Corrected as not a hoax (bukan hoaks, resmi/netral, kritik): closed for the open queue, no case needed.
      const kept = sql<boolean>`(c.queue_label is null or c.queue_label not in (${sql.join(DISMISSING_LABELS)}))`;
      if (f.status === 'terbuka')
        // Not decided (perlu_verifikasi waits: every other verdict is decisive) and not routed to complaint handling.
        q = q
          .where(kept)
          .where((eb) => eb.or([eb('c.queue_verdict', 'is', null), eb('c.queue_verdict', 'not in', DECISIVE_VERDICTS)]))
          .where('c.queue_complaint_route', 'is', null);
      if (f.status === 'baru') q = q.where(kept).where('c.queue_verdict', 'is', null);
      if (f.status === 'perlu_verifikasi') q = q.where('c.queue_verdict', '=', 'perlu_verifikasi');
      if (f.status === 'diputuskan') q = q.where('c.queue_verdict', 'in', DECISIVE_VERDICTS);
      if (f.status === 'hlbk')
        // Linked to a case by claim matching, or in no case yet with a decided case's claim matched.
        q = q.where((eb) => eb.or([eb('c.queue_link', '=', 'hlbk'), eb.and([eb('c.queue_case_priority', 'is', null), eb('c.queue_matched', '=', true)])]));
      if (f.assigneeId) q = q.where('c.queue_assignee_id', '=', f.assigneeId);
    } else {
      // Criticism is held apart from hoaxes and mostly not flagged: complaint handling sees all of it,
      // what went to Dumas/Propam, and what an analyst corrected to `kritik` (0025).
      q = q.where('c.queue_complaint', '=', true);
      if (f.assigneeId) q = q.where('c.queue_assignee_id', '=', f.assigneeId);
    }
    if (f.priority) q = q.where(bucket, '=', bucketOf(f.priority));
    // Queue rows carry their arrays in copies the queue's indexes hold (0022, 0024). A rare or empty
    // combination has been found by its GIN index already (anyMatch); here the walk tests them. Written
    // as `= any`, not `@>`, so the planner cannot take that index instead: it estimates a combination
    // of two common values as a handful of rows (it multiplies their frequencies and the flag's), and
    // sorted 25,000 rows it read through the index for a page of 50 (155 ms at 1M items).
    if (f.topic) q = q.where(sql<boolean>`${f.topic} = any(${flaggedOnly ? sql`c.queue_topics` : sql`c.topics`})`);
    if (f.unit) q = q.where(sql<boolean>`${f.unit} = any(${flaggedOnly ? sql`c.queue_units` : sql`c.police_units`})`);
    if (f.source) q = q.where('i.source_id', '=', f.source);
    if (f.from) q = q.where(seen, '>=', f.from);
    if (f.to) q = q.where(seen, '<', f.to);
    if (f.minScore !== undefined) q = q.where('c.priority', '>=', f.minScore);
    if (text) q = q.where(text);
    if (f.images) q = q.where(sql<boolean>`exists (select 1 from item_images ii where ii.item_id = c.item_id)`);
    return q;
  };
  const seen = sql<Date>`c.queue_seen_at`;
  const walked = build(null);

  // A page is found in two steps. The keys (ids and sort keys) come from index-only scans over the
  // flagged classifications of original items (0020); only the ≤ pageSize rows found are then
  // read in full with their source, case and assignee. Reading whole rows while walking made every
  // candidate cost a read of `items` (1 GB at 1M items), most of them for rows the page never shows.
  const show = (keys: ReturnType<typeof keyRows>, by: 'seen' | 'bucket') =>
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
      .$if(by === 'bucket', (o) => o.orderBy('p.bucket').orderBy('p.score', 'desc'))
      .$if(by === 'seen', (o) => o.orderBy('p.seen', 'desc'))
      .orderBy('p.id', 'desc');
  /** The keys of matching rows: index-only where the filters allow. */
  const keyRows = (base: typeof walked) => base.select(['c.item_id as id', 'c.priority as score', seen.as('seen'), bucket.as('bucket')]);
  /** Keys in the priority order: bucket, then score, then item (the index's own order for queue rows). */
  const byPriority = (base: typeof walked) => keyRows(base).orderBy(bucket).orderBy('c.priority', 'desc').orderBy('c.item_id', 'desc');
  const after = f.after;
  const countOf = async (base: typeof walked, cap: number) =>
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
  // up to the count's cap. The walk tests a combination row by row (see build), so for a rare or empty
  // one it would read every queue row: ~50,000 entries at 1M items. An empty combination is answered
  // without it; a rare one is read by its matches alone (fromMatches) and sorted, or walked when its
  // matches are dense enough (listThroughIndexUpTo); a common one (over the cap) keeps the walk, which
  // then finds a page within a few entries. On PGlite (opts.embedded) a text search asks its GIN index
  // the same way: there a statement may keep a generic plan, made without the words
  // (pglite-statements.ts), which walked the queue testing every row's text for a rare word or phrase
  // (7–21 ms for a page of 23 rows; 1.6–2.9 ms read by id). PostgreSQL plans with the words, and at 1M
  // items reading up to a thousand matches by id cost it more than its own plan.
  const narrowed = flaggedOnly && (f.topic || f.unit || (opts.embedded && text));
  // On PGlite the answer is reused until data changes (opts.cached), as the count is: a common
  // combination's probe reads a thousand entries for nothing but "more than the cap".
  let matching: Promise<Matches | null> | undefined;
  // Which queue rows have the combination, up to the cap + 1 (enough to tell "over the cap"), and
  // how many queue rows there are in all, as the planner's statistics have it (listThroughIndexUpTo).
  const probe = async (): Promise<Matches> => {
    const rows = await db
      .selectFrom('classifications as c')
      .select(['c.item_id', sql<number>`(select reltuples from pg_class where oid = 'classifications_queue'::regclass)`.as('queue_rows')])
      .where('c.model_version', '=', f.modelVersion)
      .where('c.flagged', '=', true)
      .where('c.queue_original', '=', true)
      .where(ginMatch())
      .limit(QUEUE_COUNT_CAP + 1)
      .execute();
    // No row, no statistics: none are needed to read nothing.
    return { ids: rows.map((r) => r.item_id), queueRows: Number(rows[0]?.queue_rows ?? -1) };
  };
  const anyMatch = () =>
    (matching ??= !narrowed
      ? Promise.resolve(null)
      : opts.cached
        ? opts.cached(`queue.match ${JSON.stringify([f.modelVersion, f.topic ?? null, f.unit ?? null, opts.embedded && text ? f.q : null])}`, probe)
        : probe());
  /** The rows a page or count reads: the probe's matches alone when it found at most `upTo` (not narrowed: null), else the walk. */
  const source = (m: Matches | null, upTo: number) => (m && m.ids.length <= (opts.listUpTo ?? upTo) ? build(m.ids) : walked);
  async function list() {
    const m = await anyMatch();
    if (m?.ids.length === 0) return [];
    // With a cursor the page starts after it (keyset); without one, at an offset (a page typed by hand).
    const offset = after ? 0 : (f.page - 1) * f.pageSize;
    const q = source(m, m ? listThroughIndexUpTo(m.queueRows, offset + f.pageSize) : 0);
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
    if (after?.sort !== 'prioritas') return show(byPriority(q).limit(f.pageSize).offset(offset), 'bucket').execute();
    // After a cursor: the rest of its bucket, walked from the cursor down (the first bound lets the walk
    // start there; the row comparison settles ties), then the buckets below it, each stopped after a
    // page and merged. One condition over both would not say where in the index to start.
    const at = bucketOf(after.bucket);
    const rest = byPriority(
      q
        .where(bucket, '=', at)
        .where('c.priority', '<=', sql<number>`cast(${after.score} as real)`)
        .where(sql<boolean>`(c.priority, c.item_id) < (cast(${after.score} as real), ${after.id}::bigint)`),
    ).limit(f.pageSize);
    const below = byPriority(q.where(bucket, '>', at)).limit(f.pageSize);
    const keys = db
      .selectFrom(rest.as('a'))
      .selectAll()
      .unionAll(db.selectFrom(below.as('b')).selectAll())
      .orderBy('bucket')
      .orderBy('score', 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize);
    return show(keys as unknown as ReturnType<typeof keyRows>, 'bucket').execute();
  }

  return {
    /**
     * Matching rows, up to QUEUE_COUNT_CAP + 1 (more means "over the cap"). Counting walks until the
     * cap or the end, every queue row for a rare combination: counted by its matches instead.
     */
    count: async () => {
      const m = await anyMatch();
      if (m?.ids.length === 0) return 0;
      return countOf(source(m, QUEUE_COUNT_CAP), QUEUE_COUNT_CAP + 1);
    },
    list,
  };
}
