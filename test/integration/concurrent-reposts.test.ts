import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SaringDb } from '../../src/db/connect.ts';
import { lockDuplicateLinking, MAX_LINKING_KEYS, type LinkingKey } from '../../src/db/items.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { linkingKeys } from '../../src/ingest/dedup.ts';
import { prepareItem } from '../../src/ingest/prepare.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { readImport } from '../../src/sources/import.ts';
import type { ParsedItem } from '../../src/sources/types.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { fixture } from '../helpers/paths.ts';

// Two sources carrying the same 5,000 real posts, stored at the same moment by two "workers", each
// with its own connection pool (on PostgreSQL: real concurrent transactions). Issue 15 measured 0
// reposts linked this way; one after the other, all of them are.
let tdb: TestDb;
let second: SaringDb;
let posts: ParsedItem[];

beforeAll(async () => {
  tdb = await createTestDb();
  // PGlite is one process's database: the second "worker" shares it (its driver serialises them).
  second = tdb.url ? await openDatabase({ kind: 'postgres', url: tdb.url, poolSize: 2 }) : tdb;
  const parsed = await readImport({ path: fixture('id-hatespeech-tweets-ibrohim2019/re_dataset.csv'), columns: { text: 'Tweet' }, language: 'id' });
  posts = parsed.items.slice(0, 5_000);
  await syncSources(
    tdb.db,
    'uji',
    ['kanal-a', 'kanal-b', 'kanal-c', 'kanal-d'].map((id) => ({ id, kind: 'import' as const, name: id, schedule: null, config: {}, enabled: true })),
  );
});
afterAll(async () => {
  if (second !== tdb) await second?.close();
  await tdb?.dispose();
});

/** Content hashes with more than one cluster head among these sources: reposts neither store saw (the race of issue 15). */
function headsSharingText(sources: string[]) {
  return tdb.db
    .selectFrom('items')
    .select(['content_hash', (eb) => eb.fn.countAll<number>().as('n')])
    .where('source_id', 'in', sources)
    .where('duplicate_of', 'is', null)
    .groupBy('content_hash')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
}

describe('storing reposts concurrently', () => {
  it('links every post one worker stored to the copy the other stored first, as one worker would', async () => {
    expect(posts).toHaveLength(5_000);
    const worker = (sdb: SaringDb, sourceId: string) =>
      recordRun(
        { db: sdb.db, http: new HttpClient(), log: silentLogger, limits: { maxItemsPerRun: 10_000 }, oneTransaction: sdb.dialect === 'pglite' },
        sourceId,
        async () => ({
          items: posts,
          rejected: [],
        }),
      );
    const [a, b] = await Promise.all([worker(tdb, 'kanal-a'), worker(second, 'kanal-b')]);
    expect([a.status, b.status]).toEqual(['success', 'success']);
    // Both stored every post; the batch went in groups (a transaction each), so either may have
    // stored a given post first, and the other links to it.
    expect(a.new + a.duplicate).toBe(b.new + b.duplicate);
    expect(a.new + b.new).toBeGreaterThan(4_000);
    expect(a.new + b.new).toBeLessThan(a.new + a.duplicate);
    expect(await headsSharingText(['kanal-a', 'kanal-b'])).toEqual([]);
    // Each link names the first item of its cluster.
    const roots = await tdb.db
      .selectFrom('items as d')
      .innerJoin('items as r', 'r.id', 'd.duplicate_of')
      .select('r.duplicate_of')
      .where('d.source_id', 'in', ['kanal-a', 'kanal-b'])
      .distinct()
      .execute();
    expect(roots).toEqual([{ duplicate_of: null }]);
  });
});

describe('storing reposts concurrently, a feed page at a time', () => {
  it('two workers storing the same posts in pages small enough to lock by fingerprint: no text is stored twice unlinked', async () => {
    // 25 posts a page stay under MAX_LINKING_KEYS (17 keys a post at most), so these stores lock
    // their fingerprints, not the whole store: the path every feed page takes.
    const slice = posts.slice(0, 1_500);
    const pages = Array.from({ length: slice.length / 25 }, (_, k) => slice.slice(k * 25, (k + 1) * 25));
    expect(
      linkingKeys(
        'kanal-c',
        pages[0]!.map((p) => prepareItem(p)),
      ).length,
    ).toBeLessThanOrEqual(MAX_LINKING_KEYS);
    const worker = async (sdb: SaringDb, sourceId: string) => {
      for (const page of pages) {
        const r = await recordRun({ db: sdb.db, http: new HttpClient(), log: silentLogger }, sourceId, async () => ({ items: page, rejected: [] }));
        expect(r.status).toBe('success');
      }
    };
    await Promise.all([worker(tdb, 'kanal-c'), worker(second, 'kanal-d')]);
    expect(await headsSharingText(['kanal-c', 'kanal-d'])).toEqual([]);
    const stored = await tdb.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', 'in', ['kanal-c', 'kanal-d'])
      .executeTakeFirstOrThrow();
    const keys = new Set(slice.map((p) => prepareItem(p).key));
    expect(Number(stored.n)).toBe(2 * keys.size);
  });
});

// Which stores wait for which, seen in pg_locks (PostgreSQL only: PGlite has one session).
describe.runIf(testDbKind() === 'postgres')('duplicate-linking locks', () => {
  const keysOf = (text: string, sourceId: string) => linkingKeys(sourceId, [prepareItem({ text })]);
  // Texts with no word pair in common: no LSH band either.
  const STORIES = [
    'beredar kabar jembatan penghubung dua kecamatan runtuh tadi malam setelah hujan deras mengguyur',
    'warga diminta waspada terhadap pesan berantai yang mengatasnamakan bank dan meminta kode rahasia',
    'polisi mengimbau pengendara mudik memeriksa kendaraan sebelum berangkat agar perjalanan tetap selamat',
  ];
  const story = (n: number) => STORIES[n - 1]!;

  /** Opens a transaction on `sdb` that takes `keys` and holds them until `release` is called. */
  function hold(sdb: SaringDb, keys: LinkingKey[]) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const taken = new Promise<void>((r) => (locked = r));
    const done = sdb.db.transaction().execute(async (tx) => {
      await lockDuplicateLinking(tx, keys);
      locked();
      await released;
    });
    return { taken, release, done };
  }

  /** Resolves once some backend waits for an advisory lock. */
  async function someoneWaits(): Promise<void> {
    for (;;) {
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(tdb.db);
      if (r.rows[0]!.n > 0) return;
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  it('stores of unrelated texts run at once; a store of the same text, or a batch too large to lock by key, waits', async () => {
    const a = hold(tdb, keysOf(story(1), 'kanal-a'));
    await a.taken;
    // Another text from another source: not held up (this would hang if it waited for a).
    await second.db.transaction().execute((tx) => lockDuplicateLinking(tx, keysOf(story(2), 'kanal-b')));
    // The same text from another source waits for a's commit.
    let sameDone = false;
    const same = second.db
      .transaction()
      .execute((tx) => lockDuplicateLinking(tx, keysOf(story(1), 'kanal-b')))
      .then(() => (sameDone = true));
    await someoneWaits();
    expect(sameDone).toBe(false);
    a.release();
    await Promise.all([a.done, same]);

    // More keys than one transaction may lock one by one: the whole store, waiting for every other.
    const b = hold(tdb, keysOf(story(3), 'kanal-a'));
    await b.taken;
    const many: LinkingKey[] = Array.from({ length: MAX_LINKING_KEYS + 1 }, (_, k) => ({ space: 7402, key: 1_000_000 + k }));
    let bigDone = false;
    const big = second.db
      .transaction()
      .execute((tx) => lockDuplicateLinking(tx, many))
      .then(() => (bigDone = true));
    await someoneWaits();
    expect(bigDone).toBe(false);
    b.release();
    await Promise.all([b.done, big]);
  });
});
