import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonRuns, startRun } from '../../src/db/fetch-runs.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let tdb: TestDb;
beforeAll(async () => {
  tdb = await createTestDb();
  await syncSources(tdb.db, 'uji', [{ id: 'umpan', kind: 'rss', name: 'Umpan', schedule: null, enabled: true, config: { url: 'http://127.0.0.1:9/rss' } }]);
});
afterAll(() => tdb?.dispose());

const statuses = () => tdb.db.selectFrom('fetch_runs').select(['process_id', 'status', 'error']).orderBy('id').execute();

describe('abandonRuns', () => {
  it('marks the running runs of dead processes abandoned, then (embedded start) every running run', async () => {
    await startRun(tdb.db, 'umpan', 'host:1:mati');
    await startRun(tdb.db, 'umpan', 'host:2:hidup');
    await startRun(tdb.db, 'umpan', null);

    expect(await abandonRuns(tdb.db, { processIds: [] })).toBe(0);
    expect(await abandonRuns(tdb.db, { processIds: ['host:1:mati'] })).toBe(1);
    expect(await statuses()).toEqual([
      { process_id: 'host:1:mati', status: 'abandoned', error: 'the process running it died before it finished' },
      { process_id: 'host:2:hidup', status: 'running', error: null },
      { process_id: null, status: 'running', error: null },
    ]);

    expect(await abandonRuns(tdb.db, { all: true })).toBe(2);
    expect((await statuses()).map((r) => r.status)).toEqual(['abandoned', 'abandoned', 'abandoned']);
    expect((await statuses())[2]!.error).toBe('the process running it stopped before it finished');
  });
});
