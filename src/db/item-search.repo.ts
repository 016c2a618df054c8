import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Search over every stored item, flagged or not, reposts included: the desk's "Cari semua butir"
 * page. The queue (queue.repo.ts) searches flagged items only and is tuned for that; this walks the
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
}

/** The search counts at most this many items; beyond it the page says "lebih dari 1.000". */
export const ITEM_SEARCH_COUNT_CAP = 1000;

export function searchAllItems(db: Kysely<Database>, s: ItemSearch) {
  const tsq = sql`websearch_to_tsquery('indonesian', ${s.q})`;
  let q = db.selectFrom('items as i').where(sql<boolean>`i.search @@ ${tsq}`);
  if (s.sourceId) q = q.where('i.source_id', '=', s.sourceId);
  const list = () => {
    let rows = q
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
      ]);
    rows = s.sort === 'relevan' ? rows.orderBy(sql`ts_rank(i.search, ${tsq})`, 'desc') : rows.orderBy(sql`coalesce(i.published_at, i.fetched_at)`, 'desc');
    return rows
      .orderBy('i.id', 'desc')
      .limit(s.pageSize)
      .offset((s.page - 1) * s.pageSize)
      .execute();
  };
  const count = async () =>
    Number(
      (
        await db
          .selectFrom(
            q
              .select(sql`1`.as('one'))
              .limit(ITEM_SEARCH_COUNT_CAP + 1)
              .as('t'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { count, list };
}
