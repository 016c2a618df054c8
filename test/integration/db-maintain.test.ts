import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { vacuumAnalyze } from '../../src/db/maintenance.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { storeItems } from '../../src/ingest/dedup.ts';
import { prepareItem } from '../../src/ingest/prepare.ts';
import { taskList, type TaskDeps } from '../../src/jobs/tasks.ts';
import { silentLogger } from '../../src/log.ts';
import { createTestDb } from '../helpers/db.ts';

const tdb = await createTestDb();
afterAll(() => tdb.dispose());

/** What the planner believes a table holds: -1 until the table was first vacuumed or analyzed. */
const believed = async (table: string) =>
  Number((await sql<{ n: number }>`select reltuples as n from pg_class where relname = ${table} and relkind = 'r'`.execute(tdb.db)).rows[0]!.n);

describe('db:maintain (the embedded database has no autovacuum)', () => {
  it('gives the planner the statistics that nothing else would on PGlite, through the nightly task', async () => {
    await syncSources(tdb.db, 'uji', [{ id: 'uji', kind: 'import', name: 'uji', schedule: null, enabled: true, config: {} }]);
    await storeItems(
      tdb.db,
      'uji',
      Array.from({ length: 40 }, (_, i) =>
        prepareItem({ externalId: String(i), text: `Polres Belitung Timur mengimbau warga nomor ${i} waspada penipuan daring` }),
      ),
    );
    expect(await believed('items')).not.toBe(40);
    const calls: string[] = [];
    const deps = { log: silentLogger, maintain: () => (calls.push('maintain'), vacuumAnalyze(tdb.db)) } as unknown as TaskDeps;
    expect(await taskList(deps)['db:maintain']({}, new AbortController().signal)).toMatchObject({ ms: expect.any(Number) });
    expect(calls).toEqual(['maintain']);
    expect(await believed('items')).toBe(40);
  });

  it('leaves PostgreSQL to its autovacuum', async () => {
    const deps = { log: silentLogger } as unknown as TaskDeps;
    expect(await taskList(deps)['db:maintain']({}, new AbortController().signal)).toEqual({ skipped: 'PostgreSQL: autovacuum' });
  });
});
