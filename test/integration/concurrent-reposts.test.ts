import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SaringDb } from '../../src/db/connect.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { readImport } from '../../src/sources/import.ts';
import type { ParsedItem } from '../../src/sources/types.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
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
    ['kanal-a', 'kanal-b'].map((id) => ({ id, kind: 'import' as const, name: id, schedule: null, config: {}, enabled: true })),
  );
});
afterAll(async () => {
  if (second !== tdb) await second?.close();
  await tdb?.dispose();
});

describe('storing reposts concurrently', () => {
  it('links every post of the source stored second to the first, as one worker would', async () => {
    expect(posts).toHaveLength(5_000);
    const worker = (sdb: SaringDb, sourceId: string) =>
      recordRun({ db: sdb.db, http: new HttpClient(), log: silentLogger, limits: { maxItemsPerRun: 10_000 } }, sourceId, async () => ({
        items: posts,
        rejected: [],
      }));
    const [a, b] = await Promise.all([worker(tdb, 'kanal-a'), worker(second, 'kanal-b')]);
    expect([a.status, b.status]).toEqual(['success', 'success']);
    // One source stored the posts first; every post of the other is a repost of one of them.
    const [first, later] = a.new > 0 ? [a, b] : [b, a];
    expect(later.new).toBe(0);
    expect(first.new).toBeGreaterThan(4_000);
    expect(later.duplicate).toBe(first.new + first.duplicate);
    const unlinked = await tdb.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', later.sourceId)
      .where('duplicate_of', 'is', null)
      .executeTakeFirstOrThrow();
    expect(unlinked.n).toBe(0);
    // Each link names the first item of its cluster, which belongs to the first source.
    const roots = await tdb.db
      .selectFrom('items as d')
      .innerJoin('items as r', 'r.id', 'd.duplicate_of')
      .select(['r.source_id', 'r.duplicate_of'])
      .where('d.source_id', '=', later.sourceId)
      .distinct()
      .execute();
    expect(roots).toEqual([{ source_id: first.sourceId, duplicate_of: null }]);
  });
});
