import type { SaringDb } from './connect.ts';

/** How many results one database keeps (least recently used dropped first). */
export const READ_CACHE_ENTRIES = 256;

interface Entry {
  version: number;
  value: Promise<unknown>;
}

const caches = new WeakMap<SaringDb, Map<string, Entry>>();

/** cachedRead bound to a database: what a repository function is handed to reuse a result with. */
export type CachedRead = <T>(key: string, load: () => Promise<T>) => Promise<T>;

/**
 * `load()`'s result, reused while the embedded database's data stands still (SaringDb.dataVersion): for
 * what a page asks on every request but changes only with writes (the queue's capped count, the
 * filters' option lists, the nav counts). On PGlite every statement waits for the one session, so a
 * read skipped is time handed to the next request. Exact, not a time-to-live: any write, anywhere in
 * the process, makes the next call load again. PostgreSQL (no dataVersion: other processes write
 * too) always loads. `key` must name everything the result depends on.
 */
export function cachedRead<T>(sdb: SaringDb, key: string, load: () => Promise<T>): Promise<T> {
  const version = sdb.dataVersion?.();
  if (version === undefined) return load();
  let entries = caches.get(sdb);
  if (!entries) caches.set(sdb, (entries = new Map()));
  const hit = entries.get(key);
  entries.delete(key);
  if (hit && hit.version === version) {
    entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  // Kept under the version it started at: a write while it runs makes it stale at once.
  const value = load();
  const entry: Entry = { version, value };
  entries.set(key, entry);
  if (entries.size > READ_CACHE_ENTRIES) entries.delete(entries.keys().next().value!);
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}
