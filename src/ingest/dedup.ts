import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  deleteItemBands,
  insertItemBands,
  duplicateCandidates,
  insertItems,
  itemsByKeys,
  lockDuplicateLinking,
  MAX_LINKING_KEYS,
  refreshEngagement,
  type LinkingKey,
  updateItem,
} from '../db/items.repo.ts';
import type { Database, NewItem } from '../db/schema.ts';
import { NEAR_DUPLICATE_JACCARD, similarity } from './fingerprint.ts';
import type { PreparedItem } from './prepare.ts';

export interface StoreCounts {
  new: number;
  updated: number;
  duplicate: number;
  unchanged: number;
  /** Items inserted or changed by this batch: what the classify stage has to look at. */
  ids: number[];
}

/** A stored item a new one repeats, and the first item of its cluster (what `duplicate_of` names). */
export interface DupTarget {
  id: number;
  root: number;
}

export type DupKind = 'exact' | 'near';

/** Rows per insert: 500 items × ~20 columns stays under PostgreSQL's 65,535 parameters. */
export const ITEM_CHUNK = 500;
/** 16 band rows per item; 4,000 rows is 8,000 parameters. */
const BAND_CHUNK = 4_000;

/**
 * Stores one source's items. Per item, by its key within the source:
 * - already stored with the same content: nothing (engagement counts refreshed);
 * - already stored with other content (an edited article): updated in place;
 * - new: inserted; if the same text is already stored (exact hash, or MinHash similarity ≥ 0.6), from any
 *   source or earlier in this batch, the new row is linked to the first item of that cluster.
 * Transactions storing the same texts take turns (lockDuplicateLinking on linkingKeys), so two
 * workers carrying the same posts link them to each other as one worker would. A batch is stored in
 * groups of at most MAX_LINKING_KEYS keys (~30 entries), a transaction each: a key lock per
 * fingerprint is an entry in PostgreSQL's shared lock table, and a large feed locking the whole store
 * instead made every other worker wait for it (issue 21). A later group finds an earlier one's items
 * stored, so it links to them as one transaction would; a run that fails half-way keeps the groups
 * stored before, which the next run finds unchanged and the classify sweep classifies.
 * `maxLockKeys: Infinity` stores the batch in one transaction, which then locks the whole store if it
 * has more than MAX_LINKING_KEYS keys (PGlite, where nothing runs beside it).
 */
export async function storeItems(db: Kysely<Database>, sourceId: string, items: PreparedItem[], opts: { maxLockKeys?: number } = {}): Promise<StoreCounts> {
  const counts: StoreCounts = { new: 0, updated: 0, duplicate: 0, unchanged: 0, ids: [] };
  // Within one batch the last version of a key wins (a feed listing an entry twice).
  const byKey = new Map(items.map((i) => [i.key, i]));
  for (const group of linkingGroups(sourceId, [...byKey.values()], opts.maxLockKeys)) {
    await db.transaction().execute(async (tx) => {
      // First, before reading anything: what this transaction reads must include what the previous
      // holder committed (READ COMMITTED takes a snapshot per statement).
      await lockDuplicateLinking(tx, group.keys);
      await storeGroup(tx, sourceId, group.items, counts);
    });
  }
  return counts;
}

/** One group of a batch, in the caller's transaction, its fingerprints locked; adds to `counts`. */
async function storeGroup(tx: Kysely<Database>, sourceId: string, items: PreparedItem[], counts: StoreCounts): Promise<void> {
  const stored = new Map(
    (
      await itemsByKeys(
        tx,
        sourceId,
        items.map((i) => i.key),
      )
    ).map((r) => [r.item_key, r]),
  );

  const fresh: PreparedItem[] = [];
  const engagement: Array<{ id: number } & PreparedItem['engagement']> = [];
  for (const item of items) {
    const row = stored.get(item.key);
    if (!row) fresh.push(item);
    else if (row.content_hash !== item.contentHash) {
      await replaceContent(tx, row.id, item);
      counts.updated++;
      counts.ids.push(row.id);
    } else {
      if (hasEngagement(item)) engagement.push({ id: row.id, ...item.engagement });
      counts.unchanged++;
    }
  }
  await refreshEngagement(tx, engagement);
  if (!fresh.length) return;

  const targets = await storedTargets(tx, fresh);
  const { firsts, later } = planInserts(fresh, targets);

  const ids = new Map<string, number>();
  for (const chunk of chunks(firsts, ITEM_CHUNK)) {
    for (const r of await insertItems(
      tx,
      chunk.map((i) => toRow(sourceId, i, null, null)),
      bandRows(chunk),
    ))
      ids.set(r.item_key, r.id);
  }
  counts.new += firsts.length;

  const dups = later.map(({ item, kind, of }) => ({ item, row: toRow(sourceId, item, 'root' in of ? of.root : ids.get(of.key)!, kind) }));
  for (const chunk of chunks(dups, ITEM_CHUNK)) {
    for (const r of await insertItems(
      tx,
      chunk.map((d) => d.row),
      bandRows(chunk.map((d) => d.item)),
    ))
      ids.set(r.item_key, r.id);
  }
  counts.duplicate += dups.length;
  counts.ids.push(...ids.values());
}

/** Advisory lock spaces (the first of the two keys; users.repo.ts has 7301 and 7302). */
const LOCK_SPACE = { contentHash: 7401, band: 7402, source: 7403 } as const;

/**
 * What a store locks so that stores which could link to each other's items take turns: every
 * fingerprint the candidate query matches on (each item's content hash and LSH band keys: two texts
 * that can be linked share at least one), and the source, whose item keys are unique (its jobs run
 * one at a time anyway; tips and imports may not).
 */
export function linkingKeys(sourceId: string, items: readonly PreparedItem[]): LinkingKey[] {
  return linkingGroups(sourceId, items, Infinity)[0]?.keys ?? [sourceLock(sourceId)];
}

/**
 * The batch in groups, in order, each with the keys it locks (see linkingKeys): as many items as fit
 * in `max` keys (an item alone never exceeds MAX_LINKING_KEYS: 1 source + 1 hash + 16 bands).
 */
export function linkingGroups(sourceId: string, items: readonly PreparedItem[], max = MAX_LINKING_KEYS): Array<{ items: PreparedItem[]; keys: LinkingKey[] }> {
  const groups: Array<{ items: PreparedItem[]; keys: LinkingKey[] }> = [];
  const source = sourceLock(sourceId);
  let current: PreparedItem[] = [];
  let keys = new Map<string, LinkingKey>();
  const flush = () => groups.push({ items: current, keys: [...keys.values()] });
  for (const item of items) {
    const own = [{ space: LOCK_SPACE.contentHash, key: int32Of(item.contentHash) }, ...(item.bands ?? []).map((key) => ({ space: LOCK_SPACE.band, key }))];
    const added = own.filter((k) => !keys.has(`${k.space}:${k.key}`));
    if (current.length && keys.size + new Set(added.map((k) => `${k.space}:${k.key}`)).size > max) {
      flush();
      current = [];
      keys = new Map();
    }
    if (!current.length) keys.set(`${source.space}:${source.key}`, source);
    current.push(item);
    for (const k of own) keys.set(`${k.space}:${k.key}`, k);
  }
  if (current.length) flush();
  return groups;
}

function sourceLock(sourceId: string): LinkingKey {
  return { space: LOCK_SPACE.source, key: int32Of(createHash('sha256').update(sourceId).digest('hex')) };
}

/** The first 32 bits of a hex digest, as a signed int (what an int4 advisory key takes). */
function int32Of(hex: string): number {
  return Number.parseInt(hex.slice(0, 8), 16) | 0;
}

/**
 * Which fresh items are inserted as the first of their cluster, and which repeat something: a stored
 * item (older, so it wins) or an item earlier in this batch, which is then inserted first.
 */
export function planInserts(
  fresh: PreparedItem[],
  stored: ReadonlyMap<string, { kind: DupKind; target: DupTarget }>,
): { firsts: PreparedItem[]; later: Array<{ item: PreparedItem; kind: DupKind; of: PreparedItem | DupTarget }> } {
  const firsts: PreparedItem[] = [];
  const later: Array<{ item: PreparedItem; kind: DupKind; of: PreparedItem | DupTarget }> = [];
  const batch = new BatchIndex();
  for (const item of fresh) {
    const found = stored.get(item.key);
    const inBatch = found ? null : batch.find(item);
    if (found) later.push({ item, kind: found.kind, of: found.target });
    else if (inBatch) later.push({ item, kind: inBatch.kind, of: inBatch.first });
    else {
      firsts.push(item);
      batch.add(item);
    }
  }
  return { firsts, later };
}

/** The first items of a batch, by hash and by LSH band, to find what a later item repeats. */
export class BatchIndex {
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

  find(item: PreparedItem): { first: PreparedItem; kind: DupKind } | null {
    const exact = this.byHash.get(item.contentHash);
    if (exact) return { first: exact, kind: 'exact' };
    for (const b of item.bands ?? []) {
      const near = this.byBand.get(b)?.find((f) => similarity(f.minhash!, item.minhash!) >= NEAR_DUPLICATE_JACCARD);
      if (near) return { first: near, kind: 'near' };
    }
    return null;
  }
}

/**
 * Already-stored items that fresh items repeat, keyed by the fresh item's key: an exact repeat first,
 * else the most similar near-duplicate. Both kinds of candidate are read in one query (the near ones
 * only for items without an exact repeat, as before): one round trip less under the lock.
 */
async function storedTargets(db: Kysely<Database>, fresh: PreparedItem[]): Promise<Map<string, { kind: DupKind; target: DupTarget }>> {
  const bands = fresh.flatMap((i) => (i.bands ?? []).map((key) => [i.contentHash, key] as const));
  const rows = await duplicateCandidates(db, [...new Set(fresh.map((i) => i.contentHash))], {
    hashes: bands.map((b) => b[0]),
    keys: bands.map((b) => b[1]),
  });
  const out = exactTargets(
    fresh,
    rows.filter((r) => r.via === 'exact'),
  );
  const needNear = fresh.filter((i) => !out.has(i.key) && i.bands);
  if (!needNear.length) return out;
  const candidates = rows.filter((r) => r.via === 'near');
  for (const [key, t] of nearTargets(needNear, candidates)) out.set(key, { kind: 'near', target: t });
  return out;
}

/** Each item whose hash is stored, linked to the oldest stored item with that hash. `rows` are oldest first. */
export function exactTargets(
  fresh: PreparedItem[],
  rows: ReadonlyArray<{ id: number; content_hash: string; duplicate_of: number | null }>,
): Map<string, { kind: DupKind; target: DupTarget }> {
  const firstByHash = new Map<string, DupTarget>();
  for (const r of rows) if (!firstByHash.has(r.content_hash)) firstByHash.set(r.content_hash, { id: r.id, root: r.duplicate_of ?? r.id });
  const out = new Map<string, { kind: DupKind; target: DupTarget }>();
  for (const item of fresh) {
    const t = firstByHash.get(item.contentHash);
    if (t) out.set(item.key, { kind: 'exact', target: t });
  }
  return out;
}

/** Each item's most similar candidate at or above NEAR_DUPLICATE_JACCARD (the oldest on a tie). */
export function nearTargets(
  items: PreparedItem[],
  candidates: ReadonlyArray<{ id: number; minhash: number[] | null; duplicate_of: number | null }>,
): Map<string, DupTarget> {
  const out = new Map<string, DupTarget>();
  for (const item of items) {
    let best: { sim: number; t: DupTarget } | undefined;
    for (const c of candidates) {
      const sim = similarity(c.minhash!, item.minhash!);
      if (sim >= NEAR_DUPLICATE_JACCARD && (!best || sim > best.sim)) best = { sim, t: { id: c.id, root: c.duplicate_of ?? c.id } };
    }
    if (best) out.set(item.key, best.t);
  }
  return out;
}

/** The `items` row of a prepared entry (bench:ingest's bare reference inserts the same rows). */
export function toRow(sourceId: string, i: PreparedItem, duplicateOf: number | null, kind: DupKind | null): NewItem {
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

/** An edited article: new content in place, and its bands replaced. */
async function replaceContent(db: Kysely<Database>, id: number, i: PreparedItem): Promise<void> {
  await updateItem(db, id, {
    title: i.title,
    text: i.text,
    author: i.author,
    published_at: i.publishedAt,
    content_hash: i.contentHash,
    minhash: i.minhash,
    fetched_at: new Date(),
    raw: JSON.stringify(i.raw),
    ...i.engagement,
  });
  await deleteItemBands(db, id);
  await storeBands(db, [{ id, bands: i.bands }]);
}

async function storeBands(db: Kysely<Database>, items: Array<{ id: number; bands: number[] | null }>): Promise<void> {
  const rows = items.flatMap((i) => (i.bands ?? []).map((key) => ({ key, item_id: i.id })));
  for (const chunk of chunks(rows, BAND_CHUNK)) await insertItemBands(db, chunk);
}

/** The band rows of items about to be inserted, keyed by item_key (their ids come from the same insert). */
function bandRows(items: PreparedItem[]): { itemKeys: string[]; keys: number[] } {
  const pairs = items.flatMap((i) => (i.bands ?? []).map((key) => [i.key, key] as const));
  return { itemKeys: pairs.map((p) => p[0]), keys: pairs.map((p) => p[1]) };
}

function hasEngagement(i: PreparedItem): boolean {
  const e = i.engagement;
  return e.views !== null || e.likes !== null || e.shares !== null || e.replies !== null;
}

function* chunks<T>(xs: T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}
