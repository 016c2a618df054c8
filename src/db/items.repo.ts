import { sql, type Kysely, type Transaction } from 'kysely';
import { NEAR_DUPLICATE_JACCARD, similarity } from '../ingest/fingerprint.ts';
import type { PreparedItem } from '../ingest/prepare.ts';
import type { Database, Item, NewItem } from './schema.ts';

export interface StoreCounts {
  new: number;
  updated: number;
  duplicate: number;
  unchanged: number;
  /** Items inserted or changed by this batch: what the classify stage has to look at. */
  ids: number[];
}

interface DupTarget {
  id: number;
  root: number;
}

/**
 * Stores one source's items in one transaction. Per item, by its key within the source:
 * - already stored with the same content: nothing (engagement counts refreshed);
 * - already stored with other content (an edited article): updated in place;
 * - new: inserted; if the same text is already stored (exact hash, or MinHash similarity ≥ 0.6), from any
 *   source or earlier in this batch, the new row is linked to the first item of that cluster.
 */
export async function storeItems(db: Kysely<Database>, sourceId: string, items: PreparedItem[]): Promise<StoreCounts> {
  const counts: StoreCounts = { new: 0, updated: 0, duplicate: 0, unchanged: 0, ids: [] };
  // Within one batch the last version of a key wins (a feed listing an entry twice).
  const byKey = new Map(items.map((i) => [i.key, i]));
  if (!byKey.size) return counts;

  await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('items')
      .select(['id', 'item_key', 'content_hash'])
      .where('source_id', '=', sourceId)
      .where('item_key', 'in', [...byKey.keys()])
      .execute();
    const stored = new Map(existing.map((r) => [r.item_key, r]));

    const fresh: PreparedItem[] = [];
    for (const item of byKey.values()) {
      const row = stored.get(item.key);
      if (!row) fresh.push(item);
      else if (row.content_hash !== item.contentHash) {
        await updateContent(tx, row.id, item);
        counts.updated++;
        counts.ids.push(row.id);
      } else {
        await refreshEngagement(tx, row.id, item);
        counts.unchanged++;
      }
    }
    if (!fresh.length) return;

    const targets = await findDuplicateTargets(tx, fresh);
    // Stored items are older, so they win; otherwise an item repeating one earlier in this batch is
    // inserted after it, linked to it.
    const firsts: PreparedItem[] = [];
    const batch = new BatchIndex();
    const later: Array<{ item: PreparedItem; kind: 'exact' | 'near'; of: PreparedItem | DupTarget }> = [];
    for (const item of fresh) {
      const found = targets.get(item.key);
      const inBatch = found ? null : batch.find(item);
      if (found) later.push({ item, kind: found.kind, of: found.target });
      else if (inBatch) later.push({ item, kind: inBatch.kind, of: inBatch.first });
      else {
        firsts.push(item);
        batch.add(item);
      }
    }

    const ids = new Map<string, number>();
    for (const chunk of chunks(firsts, 500)) {
      const rows = await tx.insertInto('items').values(chunk.map((i) => toRow(sourceId, i, null, null))).returning(['id', 'item_key']).execute();
      for (const r of rows) ids.set(r.item_key, r.id);
    }
    counts.new += firsts.length;

    const dupRows = later.map(({ item, kind, of }) => {
      const root = 'root' in of ? of.root : ids.get(of.key)!;
      return toRow(sourceId, item, root, kind);
    });
    for (const chunk of chunks(dupRows, 500)) {
      const rows = await tx.insertInto('items').values(chunk).returning(['id', 'item_key']).execute();
      for (const r of rows) ids.set(r.item_key, r.id);
    }
    counts.duplicate += dupRows.length;
    counts.ids.push(...ids.values());
    await insertBands(tx, fresh.map((i) => ({ id: ids.get(i.key)!, bands: i.bands })));
  });
  return counts;
}

/** The first items of a batch, by hash and by LSH band, to find what a later item repeats. */
class BatchIndex {
  private readonly byHash = new Map<string, PreparedItem>();
  private readonly byBand = new Map<number, PreparedItem[]>();

  add(item: PreparedItem): void {
    this.byHash.set(item.contentHash, item);
    for (const b of item.bands ?? []) {
      const list = this.byBand.get(b);
      if (list) list.push(item);
      else this.byBand.set(b, [item]);
    }
  }

  find(item: PreparedItem): { first: PreparedItem; kind: 'exact' | 'near' } | null {
    const exact = this.byHash.get(item.contentHash);
    if (exact) return { first: exact, kind: 'exact' };
    for (const b of item.bands ?? []) {
      const near = this.byBand.get(b)?.find((f) => similarity(f.minhash!, item.minhash!) >= NEAR_DUPLICATE_JACCARD);
      if (near) return { first: near, kind: 'near' };
    }
    return null;
  }
}

/** Already-stored items that fresh items repeat, keyed by the fresh item's key. */
async function findDuplicateTargets(
  tx: Transaction<Database>,
  fresh: PreparedItem[],
): Promise<Map<string, { kind: 'exact' | 'near'; target: DupTarget }>> {
  const out = new Map<string, { kind: 'exact' | 'near'; target: DupTarget }>();
  const hashes = [...new Set(fresh.map((i) => i.contentHash))];
  const exact = await tx
    .selectFrom('items')
    .select(['id', 'content_hash', 'duplicate_of'])
    .where('content_hash', 'in', hashes)
    .orderBy('id')
    .execute();
  const firstByHash = new Map<string, DupTarget>();
  for (const r of exact) if (!firstByHash.has(r.content_hash)) firstByHash.set(r.content_hash, { id: r.id, root: r.duplicate_of ?? r.id });
  for (const item of fresh) {
    const t = firstByHash.get(item.contentHash);
    if (t) out.set(item.key, { kind: 'exact', target: t });
  }

  const needNear = fresh.filter((i) => !out.has(i.key) && i.bands);
  if (!needNear.length) return out;
  const bands = [...new Set(needNear.flatMap((i) => i.bands!))];
  const candidates = await tx
    .selectFrom('items')
    .select(['id', 'minhash', 'duplicate_of'])
    .where('id', 'in', (eb) => eb.selectFrom('item_bands').select('item_id').where(sql<boolean>`key = any(${sql.val(bands)}::int[])`))
    .orderBy('id')
    .execute();
  for (const item of needNear) {
    let best: { sim: number; t: DupTarget } | undefined;
    for (const c of candidates) {
      const sim = similarity(c.minhash!, item.minhash!);
      if (sim >= NEAR_DUPLICATE_JACCARD && (!best || sim > best.sim)) best = { sim, t: { id: c.id, root: c.duplicate_of ?? c.id } };
    }
    if (best) out.set(item.key, { kind: 'near', target: best.t });
  }
  return out;
}

function toRow(sourceId: string, i: PreparedItem, duplicateOf: number | null, kind: 'exact' | 'near' | null): NewItem {
  return {
    source_id: sourceId,
    item_key: i.key,
    external_id: i.externalId,
    url: i.url,
    author: i.author,
    title: i.title,
    text: i.text,
    language: i.language,
    published_at: i.publishedAt,
    content_hash: i.contentHash,
    minhash: i.minhash,
    duplicate_of: duplicateOf,
    duplicate_kind: kind,
    ...i.engagement,
    raw: JSON.stringify(i.raw),
  };
}

async function updateContent(tx: Transaction<Database>, id: number, i: PreparedItem): Promise<void> {
  await tx
    .updateTable('items')
    .set({
      title: i.title,
      text: i.text,
      author: i.author,
      published_at: i.publishedAt,
      content_hash: i.contentHash,
      minhash: i.minhash,
      fetched_at: new Date(),
      raw: JSON.stringify(i.raw),
      ...i.engagement,
    })
    .where('id', '=', id)
    .execute();
  await tx.deleteFrom('item_bands').where('item_id', '=', id).execute();
  await insertBands(tx, [{ id, bands: i.bands }]);
}

async function insertBands(tx: Transaction<Database>, items: Array<{ id: number; bands: number[] | null }>): Promise<void> {
  const rows = items.flatMap((i) => (i.bands ?? []).map((key) => ({ key, item_id: i.id })));
  // 16 rows per item; chunks keep each statement under PostgreSQL's 65,535 parameters.
  for (const chunk of chunks(rows, 4_000)) await tx.insertInto('item_bands').values(chunk).onConflict((oc) => oc.doNothing()).execute();
}

/** Views and likes grow after publication; keep the latest counts the source reports. */
async function refreshEngagement(tx: Transaction<Database>, id: number, i: PreparedItem): Promise<void> {
  const e = i.engagement;
  if (e.views === null && e.likes === null && e.shares === null && e.replies === null) return;
  await tx
    .updateTable('items')
    .set((eb) => ({
      views: eb.fn.coalesce(eb.val(e.views), 'views'),
      likes: eb.fn.coalesce(eb.val(e.likes), 'likes'),
      shares: eb.fn.coalesce(eb.val(e.shares), 'shares'),
      replies: eb.fn.coalesce(eb.val(e.replies), 'replies'),
    }))
    .where('id', '=', id)
    .execute();
}

function* chunks<T>(xs: T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

export async function knownUrls(db: Kysely<Database>, sourceId: string, urls: string[]): Promise<Set<string>> {
  if (!urls.length) return new Set();
  const rows = await db.selectFrom('items').select('url').where('source_id', '=', sourceId).where('url', 'in', urls).execute();
  return new Set(rows.map((r) => r.url!));
}

export async function knownExternalIds(db: Kysely<Database>, sourceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('items').select('external_id').where('source_id', '=', sourceId).where('external_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.external_id!));
}

export interface SearchOptions {
  limit?: number;
  sourceId?: string;
}

/** Full-text search (Indonesian stemming; websearch syntax: "frasa", -kata, atau). Empty query: everything. */
export function searchItems(db: Kysely<Database>, query: string, opts: SearchOptions = {}) {
  let q = db.selectFrom('items');
  if (query.trim()) q = q.where(sql<boolean>`search @@ websearch_to_tsquery('indonesian', ${query})`);
  if (opts.sourceId) q = q.where('source_id', '=', opts.sourceId);
  return {
    count: async () => (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    list: (): Promise<Item[]> =>
      q
        .selectAll()
        .orderBy(sql`coalesce(published_at, fetched_at)`, 'desc')
        .orderBy('id', 'desc')
        .limit(opts.limit ?? 20)
        .execute(),
  };
}

/** How many stored items repeat this one (its cluster minus itself). */
export async function repostCount(db: Kysely<Database>, itemId: number): Promise<number> {
  const row = await db.selectFrom('items').select(['id', 'duplicate_of']).where('id', '=', itemId).executeTakeFirstOrThrow();
  const root = row.duplicate_of ?? row.id;
  const n = await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => eb.or([eb('id', '=', root), eb('duplicate_of', '=', root)])).executeTakeFirstOrThrow();
  return n.n - 1;
}
