import { sql, type Kysely } from 'kysely';
import type { Database, Item, ItemUpdate, NewItem } from './schema.ts';
import { ITEM_SEARCH_COUNT_CAP, matchedItems, matchingItems } from './item-search.repo.ts';

// One query per function. The rules that decide what is a repost, and when these run, live in
// src/ingest/dedup.ts.

/** The whole store (any constant shared by every Saring process: "SDUP"): see lockDuplicateLinking. */
const DUPLICATE_LINKING_LOCK = 0x5344_5550;

/**
 * Keys one transaction locks one by one (storeItems stores a batch in groups under it). Each key is
 * an entry in PostgreSQL's shared lock table, which the whole server shares (64 × max_connections by
 * default; ~11,000 advisory locks measured on a default PostgreSQL 15), and a 5,000-item import has
 * 85,000 keys. 512 is ~30 entries; 8 stores at once hold ~4,000.
 */
export const MAX_LINKING_KEYS = 512;

/** A content fingerprint a store locks: `space` names its kind (advisory locks' first key: see dedup.ts). */
export interface LinkingKey {
  space: number;
  key: number;
}

/**
 * Waits until no other transaction is storing items that could repeat these, for the rest of this
 * transaction. Linking a repost reads what is stored; two transactions storing the same text at once
 * would each miss the other's uncommitted rows and link nothing (issue 15: 0 of 5,000 reposts on
 * PostgreSQL). So every store locks its items' fingerprints (content hash, LSH band keys: whatever
 * the candidate query can find): stores that share one take turns, unrelated ones run at once
 * (issue 21: one lock for the whole store made the workers take turns for every feed).
 *
 * The keys are taken in one statement, in sorted order, so two stores never wait for each other in
 * a circle, behind DUPLICATE_LINKING_LOCK in shared mode: a caller with more than MAX_LINKING_KEYS
 * keys takes that lock exclusively instead and waits for every other store (so does a worker of an
 * older version, which took it for every store: both kinds can run side by side during an upgrade).
 */
export async function lockDuplicateLinking(db: Kysely<Database>, keys: readonly LinkingKey[]): Promise<void> {
  // The locks are held until the commit, and a synchronous commit waits for the WAL to reach the
  // disk: with that wait inside, a store sharing a key queues behind another's fsync (issue 21).
  // This transaction's commit does not wait for the flush. Nothing is lost by it: the store is always
  // followed, in the same job, by a synchronously committed write (the validators, the run's outcome,
  // the job's completion), whose flush carries this one's WAL, written before it; if the server dies
  // first, the job has not completed and runs again.
  if (keys.length > MAX_LINKING_KEYS) {
    await sql`select set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(${DUPLICATE_LINKING_LOCK})`.execute(db);
    return;
  }
  // The aggregate reads the sorted rows in order, so the locks are taken in that order: the shared
  // one first (the row with no space), then each key.
  await sql`select set_config('synchronous_commit', 'off', true),
      count(case when k.space is null then pg_advisory_xact_lock_shared(${DUPLICATE_LINKING_LOCK}::bigint) else pg_advisory_xact_lock(k.space, k.key) end)
    from (select null::int as space, null::int as key
          union
          select space, key from unnest(${sql.val(keys.map((k) => k.space))}::int[], ${sql.val(keys.map((k) => k.key))}::int[]) as u(space, key)
          order by space nulls first, key) k`.execute(db);
}

/** A source's stored items with these keys. */
export function itemsByKeys(db: Kysely<Database>, sourceId: string, keys: string[]) {
  return db.selectFrom('items').select(['id', 'item_key', 'content_hash']).where('source_id', '=', sourceId).where('item_key', 'in', keys).execute();
}

/**
 * What new items may repeat, in one round trip (it runs under the duplicate-linking lock, so every
 * round trip there is one that all workers wait for): stored items with one of these content hashes
 * (`exact`), and stored items sharing an LSH band key with a new item that has no exact repeat
 * (`near`: the near-duplicate candidates). `bands` pairs each band key with its item's content hash.
 * An item can come twice, once per reason. Oldest first.
 */
export async function duplicateCandidates(
  db: Kysely<Database>,
  hashes: string[],
  bands: { hashes: string[]; keys: number[] },
): Promise<Array<{ id: number; content_hash: string; minhash: number[] | null; duplicate_of: number | null; via: 'exact' | 'near' }>> {
  const r = await sql<{ id: number; content_hash: string; minhash: number[] | null; duplicate_of: number | null; via: 'exact' | 'near' }>`
    with exact as (select id, content_hash, minhash, duplicate_of from items where content_hash = any(${sql.val(hashes)}::text[])),
    wanted as (
      select distinct b.key from unnest(${sql.val(bands.hashes)}::text[], ${sql.val(bands.keys)}::int[]) as b(hash, key)
      where not exists (select 1 from exact e where e.content_hash = b.hash))
    select id, content_hash, minhash, duplicate_of, 'exact' as via from exact
    union all
    select id, content_hash, minhash, duplicate_of, 'near' as via from items
      where id in (select ib.item_id from item_bands ib join wanted w on w.key = ib.key)
    order by id`.execute(db);
  return r.rows;
}

/**
 * Inserts rows (callers keep a statement under PostgreSQL's 65,535 parameters) and their LSH band
 * rows (`bands`: each band key with its row's item_key, two array parameters), in one statement: it
 * runs under the duplicate-linking lock, where a round trip less is one every worker waits less.
 * Returns the new ids by key.
 */
export async function insertItems(
  db: Kysely<Database>,
  rows: NewItem[],
  bands: { itemKeys: string[]; keys: number[] },
): Promise<Array<{ id: number; item_key: string }>> {
  const insert = db.insertInto('items').values(rows).returning(['id', 'item_key']);
  const r = await sql<{ id: number; item_key: string }>`
    with ins as (${insert}),
    b as (
      insert into item_bands (key, item_id)
      select u.key, ins.id from ins join unnest(${sql.val(bands.itemKeys)}::text[], ${sql.val(bands.keys)}::int[]) as u(item_key, key) on u.item_key = ins.item_key
      on conflict do nothing)
    select id, item_key from ins`.execute(db);
  return r.rows;
}

/** Replaces an item's content (an edited article). */
export async function updateItem(db: Kysely<Database>, id: number, changes: ItemUpdate): Promise<void> {
  await db.updateTable('items').set(changes).where('id', '=', id).execute();
}

/**
 * Views and likes grow after publication: keeps the latest counts a source reports, and the old ones
 * where it reports none. One statement for the whole batch (a feed page re-read is mostly unchanged
 * items, and a round trip each was one the store's locks were held for).
 */
export async function refreshEngagement(
  db: Kysely<Database>,
  rows: ReadonlyArray<{ id: number; views: number | null; likes: number | null; shares: number | null; replies: number | null }>,
): Promise<void> {
  if (!rows.length) return;
  const col = (f: (r: (typeof rows)[number]) => number | null) => sql.val(rows.map(f));
  await sql`update items set views = coalesce(e.views, items.views), likes = coalesce(e.likes, items.likes),
      shares = coalesce(e.shares, items.shares), replies = coalesce(e.replies, items.replies)
    from unnest(${col((r) => r.id)}::bigint[], ${col((r) => r.views)}::bigint[], ${col((r) => r.likes)}::bigint[],
                ${col((r) => r.shares)}::bigint[], ${col((r) => r.replies)}::bigint[]) as e(id, views, likes, shares, replies)
    where items.id = e.id`.execute(db);
}

export async function deleteItemBands(db: Kysely<Database>, itemId: number): Promise<void> {
  await db.deleteFrom('item_bands').where('item_id', '=', itemId).execute();
}

/** LSH band rows (callers chunk them; 4,000 rows is 8,000 parameters). */
export async function insertItemBands(db: Kysely<Database>, rows: Array<{ key: number; item_id: number }>): Promise<void> {
  await db
    .insertInto('item_bands')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
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

/**
 * Full-text search (Indonesian stemming; websearch syntax: "frasa", -kata, atau). Empty query:
 * everything. The count is exact; a page of few matches is read by them (matchedItems).
 */
export function searchItems(db: Kysely<Database>, query: string, opts: SearchOptions = {}) {
  const tsq = sql`websearch_to_tsquery('indonesian', ${query})`;
  const words = !!query.trim();
  let q = db.selectFrom('items as i');
  if (words) q = q.where(sql<boolean>`i.search @@ ${tsq}`);
  if (opts.sourceId) q = q.where('i.source_id', '=', opts.sourceId);
  const newest = (rows: typeof q): Promise<Item[]> =>
    rows
      .selectAll('i')
      .orderBy(sql`coalesce(i.published_at, i.fetched_at)`, 'desc')
      .orderBy('i.id', 'desc')
      .limit(opts.limit ?? 20)
      .execute();
  return {
    count: async () => (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    list: async (): Promise<Item[]> => {
      if (!words) return newest(q);
      // The desk's search reads few matches by their ids (the same cap: up to a thousand).
      const m = await matchingItems(db, tsq, opts.sourceId, ITEM_SEARCH_COUNT_CAP);
      if (!m.count) return [];
      return newest(matchedItems(db, tsq, opts.sourceId, m));
    },
  };
}

/** How many stored items repeat this one (its cluster minus itself). Throws when there is no such item. */
export async function repostCount(db: Kysely<Database>, itemId: number): Promise<number> {
  const row = await db
    .with('r', (q) =>
      q
        .selectFrom('items')
        .select(sql<number>`coalesce(duplicate_of, id)`.as('root'))
        .where('id', '=', itemId),
    )
    .selectFrom('r')
    .select((eb) =>
      eb
        .selectFrom('items')
        .select((c) => c.fn.countAll<number>().as('n'))
        .where((w) => w.or([w('items.id', '=', w.ref('r.root')), w('items.duplicate_of', '=', w.ref('r.root'))]))
        .as('n'),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n) - 1;
}
