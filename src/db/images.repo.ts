import { sql, type Kysely } from 'kysely';
import type { Database, ImageRow, OcrStatus } from './schema.ts';

/** Queries of images and item_images (sql/0019). One query per function. */

/**
 * item_images rows for the image URLs parsers keep in `raw.images` (feeds' enclosures, Telegram
 * photos, an import's `images` column), for these items; rows already there are left alone, so a
 * re-run adds nothing. Returns the ids of items that got new rows.
 */
export async function registerImageUrls(db: Kysely<Database>, itemIds: readonly number[]): Promise<number[]> {
  if (!itemIds.length) return [];
  const rows = await sql<{ item_id: number }>`
    insert into item_images (item_id, position, url)
    select i.id, (u.n - 1)::smallint, u.url
    from items i
    cross join lateral jsonb_array_elements_text(case when jsonb_typeof(i.raw -> 'images') = 'array' then i.raw -> 'images' else '[]'::jsonb end)
      with ordinality as u(url, n)
    where i.id in (${sql.join(itemIds.map((id) => sql`${id}`))}) and u.n <= 4
    on conflict (item_id, position) do nothing
    returning item_id`.execute(db);
  return [...new Set(rows.rows.map((r) => Number(r.item_id)))];
}

/** An image's row, created when its bytes are first stored (first_seen_at stays the first time). */
export async function insertImage(
  db: Kysely<Database>,
  img: { sha256: string; format: ImageRow['format']; width: number; height: number; bytes: number },
): Promise<void> {
  await db
    .insertInto('images')
    .values(img)
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** Attaches stored images to an item in order (an upload); idempotent on (item, position). */
export async function attachImages(db: Kysely<Database>, itemId: number, shas: readonly string[]): Promise<void> {
  if (!shas.length) return;
  await db
    .insertInto('item_images')
    .values(shas.map((sha256, position) => ({ item_id: itemId, position, sha256, status: 'stored' as const })))
    .onConflict((oc) => oc.columns(['item_id', 'position']).doNothing())
    .execute();
}

export interface PendingImageUrl {
  item_id: number;
  position: number;
  url: string;
  source_id: string;
}

/** Image URLs not fetched yet, of these items (or all items), oldest first. */
export function pendingImageUrls(db: Kysely<Database>, opts: { itemIds?: readonly number[]; limit: number }): Promise<PendingImageUrl[]> {
  let q = db
    .selectFrom('item_images as ii')
    .innerJoin('items as i', 'i.id', 'ii.item_id')
    .select(['ii.item_id', 'ii.position', 'i.source_id'])
    .select(sql<string>`ii.url`.as('url'))
    .where('ii.status', '=', 'pending')
    .where('ii.url', 'is not', null)
    .orderBy('ii.item_id')
    .orderBy('ii.position')
    .limit(opts.limit);
  if (opts.itemIds) q = q.where('ii.item_id', 'in', opts.itemIds.length ? [...opts.itemIds] : [0]);
  return q.execute();
}

/** Records what fetching an item's image gave: the stored image, or why it failed. */
export async function settleImageUrl(db: Kysely<Database>, itemId: number, position: number, outcome: { sha256: string } | { error: string }): Promise<void> {
  await db
    .updateTable('item_images')
    .set('sha256' in outcome ? { sha256: outcome.sha256, status: 'stored', error: null } : { status: 'failed', error: outcome.error })
    .where('item_id', '=', itemId)
    .where('position', '=', position)
    .execute();
}

/** Stored images not processed yet (no hashes, no OCR), oldest first; of these items when given. */
export function unprocessedImages(db: Kysely<Database>, opts: { itemIds?: readonly number[]; limit: number }): Promise<ImageRow[]> {
  let q = db.selectFrom('images').selectAll().where('processed_at', 'is', null).orderBy('first_seen_at').orderBy('sha256').limit(opts.limit);
  if (opts.itemIds) {
    const ids = opts.itemIds.length ? [...opts.itemIds] : [0];
    q = q.where('sha256', 'in', (eb) =>
      eb.selectFrom('item_images').select('sha256').where('item_id', 'in', ids).where('sha256', 'is not', null).$narrowType<{ sha256: string }>(),
    );
  }
  return q.execute();
}

export interface ProcessedImage {
  sha256: string;
  hashes: string[] | null;
  ocr_status: OcrStatus;
  ocr_text: string | null;
  ocr_error: string | null;
  ocr_ms: number | null;
  error: string | null;
  cluster_id: string | null;
}

/** Saves what the images stage found (hashes, text, cluster, or why it could not decode). */
export async function saveProcessedImage(db: Kysely<Database>, p: ProcessedImage): Promise<void> {
  await db
    .updateTable('images')
    .set({ ...p, sha256: undefined, processed_at: new Date() } as never)
    .where('sha256', '=', p.sha256)
    .execute();
}

export interface ClusterCandidate {
  sha256: string;
  cluster_id: string;
  hashes: string[];
  ocr_text: string | null;
  first_seen_at: Date;
}

/**
 * Every processed image with its hashes, for matching a new one against (a linear scan in process:
 * 64-bit hashes of 100,000 images are a few megabytes and milliseconds). First seen first, so the
 * earliest copy is found first.
 */
export function clusterCandidates(db: Kysely<Database>, exceptSha: string): Promise<ClusterCandidate[]> {
  return db
    .selectFrom('images')
    .select(['sha256', 'hashes', 'ocr_text', 'first_seen_at'])
    .select(sql<string>`coalesce(cluster_id, sha256)`.as('cluster_id'))
    .where('hashes', 'is not', null)
    .where('sha256', '<>', exceptSha)
    .orderBy('first_seen_at')
    .orderBy('sha256')
    .$narrowType<{ hashes: string[] }>()
    .execute();
}

/** Items carrying an image of one of these clusters, with the decided hoax case each is in (HLBK for images). */
export function decidedCasesOfClusters(
  db: Kysely<Database>,
  clusterIds: readonly string[],
): Promise<Array<{ cluster_id: string; case_id: number; item_id: number }>> {
  if (!clusterIds.length) return Promise.resolve([]);
  return db
    .selectFrom('images as im')
    .innerJoin('item_images as ii', 'ii.sha256', 'im.sha256')
    .innerJoin('case_items as ci', 'ci.item_id', 'ii.item_id')
    .innerJoin('cases as c', 'c.id', 'ci.case_id')
    .select(['ci.case_id', 'ii.item_id'])
    .select(sql<string>`coalesce(im.cluster_id, im.sha256)`.as('cluster_id'))
    .where(sql<boolean>`coalesce(im.cluster_id, im.sha256) in (${sql.join(clusterIds.map((c) => sql`${c}`))})`)
    .where('c.verdict', 'in', ['hoaks', 'disinformasi', 'misinformasi'])
    .where('c.complaint_route', 'is', null)
    .orderBy('c.decided_at')
    .execute();
}

/** Items (without a case) carrying images of these shas: the ones a match may link. */
export function itemsWithImages(
  db: Kysely<Database>,
  shas: readonly string[],
): Promise<Array<{ item_id: number; sha256: string; cluster_id: string; case_id: number | null }>> {
  if (!shas.length) return Promise.resolve([]);
  return db
    .selectFrom('item_images as ii')
    .innerJoin('images as im', 'im.sha256', 'ii.sha256')
    .leftJoin('case_items as ci', 'ci.item_id', 'ii.item_id')
    .select(['ii.item_id', 'im.sha256', 'ci.case_id'])
    .select(sql<string>`coalesce(im.cluster_id, im.sha256)`.as('cluster_id'))
    .where('im.sha256', 'in', [...shas])
    .execute();
}

/** Forgets these items' classifications, so the classify stage reads them again with their images' text. */
export async function forgetClassifications(db: Kysely<Database>, itemIds: readonly number[]): Promise<void> {
  if (!itemIds.length) return;
  await db
    .deleteFrom('classifications')
    .where('item_id', 'in', [...itemIds])
    .execute();
}

export interface ItemImageView {
  position: number;
  url: string | null;
  status: 'pending' | 'stored' | 'failed';
  error: string | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
  processed_at: Date | null;
  ocr_status: OcrStatus | null;
  ocr_text: string | null;
  image_error: string | null;
  cluster_id: string | null;
  first_seen_at: Date | null;
}

/** An item's images for its page, in order. */
export function imagesOfItem(db: Kysely<Database>, itemId: number): Promise<ItemImageView[]> {
  return db
    .selectFrom('item_images as ii')
    .leftJoin('images as im', 'im.sha256', 'ii.sha256')
    .select([
      'ii.position',
      'ii.url',
      'ii.status',
      'ii.error',
      'ii.sha256',
      'im.width',
      'im.height',
      'im.processed_at',
      'im.ocr_status',
      'im.ocr_text',
      'im.first_seen_at',
    ])
    .select(['im.error as image_error'])
    .select(sql<string | null>`coalesce(im.cluster_id, im.sha256)`.as('cluster_id'))
    .where('ii.item_id', '=', itemId)
    .orderBy('ii.position')
    .execute();
}

export interface ClusterCopy {
  cluster_id: string;
  sha256: string;
  item_id: number;
  source_id: string;
  source_name: string;
  url: string | null;
  seen_at: Date;
  case_id: number | null;
  verdict: string | null;
}

/** The other items carrying copies of these clusters, first seen first (at most `limit`). */
export function clusterCopies(db: Kysely<Database>, clusterIds: readonly string[], exceptItem: number, limit = 20): Promise<ClusterCopy[]> {
  if (!clusterIds.length) return Promise.resolve([]);
  return db
    .selectFrom('images as im')
    .innerJoin('item_images as ii', 'ii.sha256', 'im.sha256')
    .innerJoin('items as i', 'i.id', 'ii.item_id')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .leftJoin('case_items as ci', 'ci.item_id', 'i.id')
    .leftJoin('cases as c', 'c.id', 'ci.case_id')
    .select(['im.sha256', 'i.id as item_id', 'i.source_id', 's.name as source_name', 'i.url', 'ci.case_id', 'c.verdict'])
    .select(sql<string>`coalesce(im.cluster_id, im.sha256)`.as('cluster_id'))
    .select(sql<Date>`coalesce(i.published_at, i.fetched_at)`.as('seen_at'))
    .where(sql<boolean>`coalesce(im.cluster_id, im.sha256) in (${sql.join(clusterIds.map((c) => sql`${c}`))})`)
    .where('i.id', '<>', exceptItem)
    .orderBy(sql`coalesce(i.published_at, i.fetched_at)`)
    .limit(limit)
    .execute();
}

/** The view a stored image is served from: its sha must be known (never a path from the request). */
export function imageForView(db: Kysely<Database>, sha: string): Promise<{ sha256: string; processed_at: Date | null } | undefined> {
  return db.selectFrom('images').select(['sha256', 'processed_at']).where('sha256', '=', sha).executeTakeFirst();
}

/** The first processed image of a case's items (the one a clarification shares), or undefined. */
export function caseImage(db: Kysely<Database>, caseId: number): Promise<{ sha256: string; verdict: string | null } | undefined> {
  return db
    .selectFrom('case_items as ci')
    .innerJoin('cases as k', 'k.id', 'ci.case_id')
    .innerJoin('item_images as ii', 'ii.item_id', 'ci.item_id')
    .innerJoin('images as im', 'im.sha256', 'ii.sha256')
    .select(['im.sha256', 'k.verdict'])
    .where('ci.case_id', '=', caseId)
    .where('im.processed_at', 'is not', null)
    .where('im.error', 'is', null)
    .orderBy('ci.added_at')
    .orderBy('ci.item_id')
    .orderBy('ii.position')
    .limit(1)
    .executeTakeFirst();
}
