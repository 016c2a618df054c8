import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSources, syncSources, type SourceDeclaration } from '../../src/db/sources.repo.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let tdb: TestDb;
beforeAll(async () => {
  tdb = await createTestDb();
});
afterAll(() => tdb?.dispose());

const rss = (id: string, name = id.toUpperCase()): SourceDeclaration => ({
  id,
  kind: 'rss',
  name,
  schedule: '*/15 * * * *',
  enabled: true,
  config: { url: `http://127.0.0.1:9/${id}.xml` },
});
const rows = async (pipeline: string) =>
  (await listSources(tdb.db, pipeline)).map((s) => ({ id: s.id, name: s.name, enabled: s.enabled, url: (s.config as { url: string }).url }));

describe('syncSources', () => {
  it('inserts, updates and disables to match the pipeline; an id declared twice keeps its last declaration', async () => {
    await syncSources(tdb.db, 'satu', [rss('a'), rss('b'), rss('c')]);
    expect((await rows('satu')).map((r) => [r.id, r.enabled])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
    ]);
    await syncSources(tdb.db, 'satu', [rss('a', 'Berita A'), rss('c', 'dulu'), { ...rss('c', 'Berita C'), config: { url: 'http://127.0.0.1:9/c2.xml' } }]);
    expect(await rows('satu')).toEqual([
      { id: 'a', name: 'Berita A', enabled: true, url: 'http://127.0.0.1:9/a.xml' },
      { id: 'b', name: 'B', enabled: false, url: 'http://127.0.0.1:9/b.xml' }, // no longer declared: kept, disabled
      { id: 'c', name: 'Berita C', enabled: true, url: 'http://127.0.0.1:9/c2.xml' },
    ]);
  });

  it("refuses another pipeline's source id by name and changes nothing", async () => {
    const before = await rows('satu');
    await expect(syncSources(tdb.db, 'dua', [rss('x'), rss('a')])).rejects.toThrow(/source "a" belongs to pipeline "satu".*pipeline "dua"/);
    expect(await rows('dua')).toEqual([]);
    expect(await rows('satu')).toEqual(before);
  });

  it('keeps a province-sized list in a few statements: 2,500 sources, then 1,200 of them', async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => rss(`s${String(i).padStart(4, '0')}`));
    await syncSources(tdb.db, 'polda', many);
    expect((await rows('polda')).filter((r) => r.enabled)).toHaveLength(2_500);
    await syncSources(tdb.db, 'polda', many.slice(0, 1_200));
    const after = await rows('polda');
    expect(after.filter((r) => r.enabled).map((r) => r.id)).toEqual(many.slice(0, 1_200).map((d) => d.id));
    expect(after).toHaveLength(2_500);
  });
});
