import { sql, type Kysely } from 'kysely';
import type { Database, Item, ItemUpdate, NewItem } from './schema.ts';

// One query per function. The rules that decide what is a repost, and when these run, live in
// src/ingest/dedup.ts.

/** Any constant shared by every Saring process: see lockDuplicateLinking. ("SDUP") */
const DUPLICATE_LINKING_LOCK = 0x5344_5550;

/**
 * Waits until no other transaction is storing items, for the rest of this transaction. Linking a
 * repost reads what is stored; two transactions storing the same text at once would each miss the
 * other's uncommitted rows and link nothing (issue 15: 0 of 5,000 reposts on PostgreSQL). A lock per
 * content hash and LSH band would let unrelated batches overlap, but a 5,000-item batch needs 85,000
 * of them, beyond PostgreSQL's shared lock table (64 per connection by default); one lock it is.
 */
export async function lockDuplicateLinking(db: Kysely<Database>): Promise<void> {
  // The lock is held until the commit, and a synchronous commit waits for the WAL to reach the disk:
  // with that wait inside, every worker queues behind another's fsync (issue 21: two workers slower
  // than one). This transaction's commit does not wait for the flush. Nothing is lost by it: the
  // store is always followed, in the same job, by a synchronously committed write (the validators,
  // the run's outcome, the job's completion), whose flush carries this one's WAL, written before it;
  // if the server dies first, the job has not completed and runs again.
  await sql`select set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(${DUPLICATE_LINKING_LOCK})`.execute(db);
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

/** Views and likes grow after publication: keeps the latest counts a source reports, and the old ones where it reports none. */
export async function refreshEngagement(
  db: Kysely<Database>,
  id: number,
  e: { views: number | null; likes: number | null; shares: number | null; replies: number | null },
): Promise<void> {
  await db
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
