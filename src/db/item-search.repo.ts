import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Search over every stored item, flagged or not, reposts included: the desk's "Cari semua butir"
 * page. The queue (queue.repo.ts) searches flagged items only and is tuned for that; this asks the
 * items_search GIN index (sql/0001) and joins what a result row shows.
 */
export interface ItemSearch {
  /** websearch syntax: kata, "frasa", -kecuali, or; Indonesian stemming */
  q: string;
  /** the classifications shown (flag, score) are this version's */
  modelVersion: string;
  sourceId?: string | undefined;
  sort: 'terbaru' | 'relevan';
  page: number;
  pageSize: number;
  /** A search of at most this many matches is read by them (default ITEM_SEARCH_COUNT_CAP; 0 always walks): tests read both ways. */
  byMatchesUpTo?: number | undefined;
}

/** The search counts at most this many items; beyond it the page says "lebih dari 1.000". */
export const ITEM_SEARCH_COUNT_CAP = 1000;

/** How many items a search matches, up to a cap + 1 (more means "over the cap"), and their ids when at most the cap. */
export interface Matches {
  count: number;
  ids: number[] | null;
}

/**
 * The items a search matches, from the GIN index: its count up to `cap` + 1, and their ids when there
 * are at most `idsUpTo` (≤ cap). One row: a row per id cost PGlite 5–9 ms for a thousand of them.
 */
export async function matchingItems(
  db: Kysely<Database>,
  tsq: RawBuilder<unknown>,
  sourceId: string | undefined,
  cap: number,
  idsUpTo = cap,
): Promise<Matches> {
  const matches = db
    .selectFrom('items as i')
    .select('i.id')
    .where(sql<boolean>`i.search @@ ${tsq}`)
    .$if(!!sourceId, (q) => q.where('i.source_id', '=', sourceId!))
    .limit(cap + 1)
    .as('m');
  const row = await db
    .selectFrom(matches)
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<Array<number | string> | null>`case when count(*) <= ${Math.min(idsUpTo, cap)} then array_agg(m.id) end`.as('ids'),
    ])
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), ids: row.ids ? row.ids.map(Number) : null };
}

/**
 * The items a search matches (in `sourceId`): by their ids when matchingItems found few, else by the search itself. A
 * page in date order is then read by its matches and sorted, or walked newest first. A walk tests
 * items until it has a page, which is quick for a common word and, for a rare one, reads every item:
 * the planner walks whenever it expects a few thousand matches, and that is what it expects of a word
 * it has no statistics for (a name, a typo): 3.0 s for a word no item has at 1,000,000 items on
 * PostgreSQL, 0.5 s at 100,000 on PGlite. A phrase is tested on every row walked (60 ms on PGlite at
 * 100,000 items for "bantuan sosial", 9 ms read by its 357 matches).
 */
export function matchedItems(db: Kysely<Database>, tsq: RawBuilder<unknown>, sourceId: string | undefined, m: Matches) {
  const items = db.selectFrom('items as i');
  if (m.ids) return items.where(sql<boolean>`i.id = any(${`{${m.ids.join(',')}}`}::bigint[])`);
  return items.where(sql<boolean>`i.search @@ ${tsq}`).$if(!!sourceId, (q) => q.where('i.source_id', '=', sourceId!));
}

export function searchAllItems(db: Kysely<Database>, s: ItemSearch) {
  const tsq = sql`websearch_to_tsquery('indonesian', ${s.q})`;
  let matching: Promise<Matches> | undefined;
  const matches = () => (matching ??= matchingItems(db, tsq, s.sourceId, ITEM_SEARCH_COUNT_CAP, s.byMatchesUpTo));
  const list = async () => {
    const m = await matches();
    if (!m.count) return [];
    // The page's keys first, then what its rows show: joined and cut for the page's rows only, not for
    // every match sorted (717 matches read whole and joined took PGlite 14 ms).
    const rank = s.sort === 'relevan' ? sql<number | Date>`ts_rank(i.search, ${tsq})` : sql<number | Date>`coalesce(i.published_at, i.fetched_at)`;
    const keys = matchedItems(db, tsq, s.sourceId, m)
      .select(['i.id', rank.as('rank')])
      .orderBy(rank, 'desc')
      .orderBy('i.id', 'desc')
      .limit(s.pageSize)
      .offset((s.page - 1) * s.pageSize)
      .as('p');
    return db
      .selectFrom(keys)
      .innerJoin('items as i', 'i.id', 'p.id')
      .innerJoin('sources as src', 'src.id', 'i.source_id')
      .leftJoin('classifications as c', (j) => j.onRef('c.item_id', '=', 'i.id').on('c.model_version', '=', s.modelVersion))
      .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
      .leftJoin('cases as k', 'k.id', 'ci.case_id')
      .select([
        'i.id',
        'i.source_id',
        'src.name as source_name',
        'i.title',
        sql<string>`left(i.text, 280)`.as('excerpt'),
        'i.url',
        'i.duplicate_of',
        sql<Date>`coalesce(i.published_at, i.fetched_at)`.as('seen_at'),
        'c.flagged',
        'c.priority as score',
        'ci.case_id',
        'k.verdict',
      ])
      .orderBy('p.rank', 'desc')
      .orderBy('p.id', 'desc')
      .execute();
  };
  /** At most ITEM_SEARCH_COUNT_CAP + 1. */
  const count = async () => (await matches()).count;
  return { count, list };
}
