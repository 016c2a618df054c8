import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ClassifyResult } from '../classify/classifier.ts';
import type { ClassifyContextState } from './classify-context.repo.ts';
import type { Database } from './schema.ts';

export interface ItemToClassify {
  id: number;
  source_id: string;
  language: string | null;
  title: string | null;
  text: string;
  published_at: Date | null;
  views: number | null;
  likes: number | null;
  shares: number | null;
  replies: number | null;
  reposts: number;
  /** The case the item is in, if any: it is not matched against its own case (HLBK). */
  case_id: number | null;
  author: string | null;
  /** The text OCR read in the item's images, in their order; null when none has any. */
  image_text: string | null;
}

/**
 * The next items after `afterId`, in id order: those without a classification by `version`, or all
 * of them with `all` (reclassify). Each comes with its repost count (the size of its duplicate cluster),
 * and with `context`, the classifier context's fingerprints (classify-context.repo.ts).
 */
export function itemsToClassify(
  db: Kysely<Database>,
  opts: { version: string; afterId: number; limit: number; all?: boolean; ids?: readonly number[]; context?: RawBuilder<ClassifyContextState> },
): Promise<Array<ItemToClassify & { context?: ClassifyContextState }>> {
  let q = db
    .selectFrom('items as i')
    .select(['i.id', 'i.source_id', 'i.language', 'i.title', 'i.text', 'i.published_at', 'i.views', 'i.likes', 'i.shares', 'i.replies', 'i.author'])
    .select(sql<number>`(select count(*)::int from items d where d.duplicate_of = coalesce(i.duplicate_of, i.id))`.as('reposts'))
    .select(sql<number | null>`(select ci.case_id from case_items ci where ci.item_id = i.id)`.as('case_id'))
    .select(
      sql<
        string | null
      >`(select string_agg(im.ocr_text, e'\n\n' order by ii.position) from item_images ii join images im on im.sha256 = ii.sha256 where ii.item_id = i.id and im.ocr_text <> '')`.as(
        'image_text',
      ),
    )
    // The classifier context's fingerprints, on every row (uncorrelated: computed once per statement).
    .$if(opts.context !== undefined, (qb) => qb.select(opts.context!.as('context')))
    .where('i.id', '>', opts.afterId)
    .orderBy('i.id')
    .limit(opts.limit);
  if (opts.ids) q = q.where('i.id', 'in', opts.ids.length ? [...opts.ids] : [0]);
  if (!opts.all) {
    q = q.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('classifications as c').select('c.item_id').whereRef('c.item_id', '=', 'i.id').where('c.model_version', '=', opts.version))),
    );
  }
  return q.execute();
}

/** Upserts on (item, model version): re-running after a crash or with --force reaches the same rows. */
export async function saveClassifications(db: Kysely<Database>, rows: Array<{ itemId: number; result: ClassifyResult }>): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('classifications')
    .values(
      rows.map(({ itemId, result: r }) => ({
        item_id: itemId,
        model_version: r.model_version,
        hoax_score: r.hoax_score,
        hoax: r.hoax,
        police_mentions: JSON.stringify(r.police_mentions),
        police_units: r.police_units,
        police_flags: r.police_flags ? JSON.stringify(r.police_flags) : null,
        topics: r.topics,
        claim_matches: JSON.stringify(r.claim_matches),
        case_matches: JSON.stringify(r.case_matches),
        signals: JSON.stringify(r.signals),
        source_trust: r.source_trust,
        priority: r.priority,
        flagged: r.flagged,
        reasons: JSON.stringify(r.reasons),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['item_id', 'model_version']).doUpdateSet((eb) => ({
        classified_at: sql`now()`,
        hoax_score: eb.ref('excluded.hoax_score'),
        hoax: eb.ref('excluded.hoax'),
        police_mentions: eb.ref('excluded.police_mentions'),
        police_units: eb.ref('excluded.police_units'),
        police_flags: eb.ref('excluded.police_flags'),
        topics: eb.ref('excluded.topics'),
        claim_matches: eb.ref('excluded.claim_matches'),
        case_matches: eb.ref('excluded.case_matches'),
        signals: eb.ref('excluded.signals'),
        source_trust: eb.ref('excluded.source_trust'),
        priority: eb.ref('excluded.priority'),
        flagged: eb.ref('excluded.flagged'),
        reasons: eb.ref('excluded.reasons'),
      })),
    )
    .execute();
}

/** Flagged items of a model version, highest priority first (the future review queue). */
export function flaggedItems(db: Kysely<Database>, version: string, limit = 50) {
  return db
    .selectFrom('classifications as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .select(['i.id', 'i.source_id', 'i.title', 'i.text', 'i.url', 'c.priority', 'c.hoax_score', 'c.police_units', 'c.topics', 'c.reasons'])
    .where('c.model_version', '=', version)
    .where('c.flagged', '=', true)
    .orderBy('c.priority', 'desc')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

/** Items of the fact-check sources: the corpus of debunked claims. Newest first, bounded. */
export function debunkItems(db: Kysely<Database>, sourceIds: string[], limit = 50_000) {
  if (!sourceIds.length) return Promise.resolve([]);
  return db
    .selectFrom('items')
    .select(['id', 'url', 'title', 'text'])
    .where('source_id', 'in', sourceIds)
    .where('duplicate_of', 'is', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * A cheap fingerprint of the corpus: it changes when a fact-check item is added or edited away (a
 * scalar subquery, read with the classifier's other fingerprints in one round trip: classify-context.repo.ts).
 */
export function debunkCorpusFingerprint(sourceIds: readonly string[]): RawBuilder<string> {
  if (!sourceIds.length) return sql<string>`'none'`;
  return sql<string>`(select count(*) || ':' || coalesce(max(id), 0) from items where source_id in (${sql.join([...sourceIds])}))`;
}

/** Stores item vectors for one embedding model; re-running for the same items changes nothing. */
export async function saveEmbeddings(db: Kysely<Database>, modelId: string, rows: Array<{ itemId: number; vector: Float32Array }>): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('item_embeddings')
    .values(rows.map((r) => ({ item_id: r.itemId, model_id: modelId, vector: Array.from(r.vector) })))
    .onConflict((oc) => oc.columns(['item_id', 'model_id']).doNothing())
    .execute();
}
