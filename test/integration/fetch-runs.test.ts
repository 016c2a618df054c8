import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonRuns, finishRun, startRun, type RunOutcome } from '../../src/db/fetch-runs.repo.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import type { HttpClient } from '../../src/fetch/http-client.ts';
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

describe('finishRun with validators', () => {
  const ok: RunOutcome = { status: 'success', fetched: 1, new: 1, updated: 0, duplicate: 0, rejected: 0, problems: [] };
  const validators = () => tdb.db.selectFrom('http_validators').select(['url', 'etag', 'last_modified']).orderBy('url').execute();

  it('records the outcome and, in the same statement, stores, replaces and removes validators', async () => {
    await tdb.db.deleteFrom('http_validators').execute();
    const a = await startRun(tdb.db, 'umpan');
    await finishRun(tdb.db, a, ok, [
      { url: 'http://x/a', etag: '"1"' },
      { url: 'http://x/b', lastModified: 'Mon, 01 Dec 2026 00:00:00 GMT' },
      { url: 'http://x/c', etag: '"c"', lastModified: 'Tue, 02 Dec 2026 00:00:00 GMT' },
    ]);
    expect(await tdb.db.selectFrom('fetch_runs').select(['status', 'items_new']).where('id', '=', a).executeTakeFirstOrThrow()).toEqual({
      status: 'success',
      items_new: 1,
    });
    expect(await validators()).toEqual([
      { url: 'http://x/a', etag: '"1"', last_modified: null },
      { url: 'http://x/b', etag: null, last_modified: 'Mon, 01 Dec 2026 00:00:00 GMT' },
      { url: 'http://x/c', etag: '"c"', last_modified: 'Tue, 02 Dec 2026 00:00:00 GMT' },
    ]);

    // The next run: a's validators changed, b answered without any (its row goes), c was fetched
    // twice (its last answer counts), d is new.
    const b = await startRun(tdb.db, 'umpan');
    await finishRun(tdb.db, b, { ...ok, new: 0 }, [
      { url: 'http://x/a', etag: '"2"' },
      { url: 'http://x/b' },
      { url: 'http://x/c', etag: '"c1"' },
      { url: 'http://x/c', etag: '"c2"' },
      { url: 'http://x/d', etag: '"d"' },
    ]);
    expect(await validators()).toEqual([
      { url: 'http://x/a', etag: '"2"', last_modified: null },
      { url: 'http://x/c', etag: '"c2"', last_modified: null },
      { url: 'http://x/d', etag: '"d"', last_modified: null },
    ]);
  });

  it('records the run as failed, without its validators, when they cannot be stored; the items stay', async () => {
    await tdb.db.deleteFrom('http_validators').execute();
    const deps = { db: tdb.db, http: {} as HttpClient, log: silentLogger };
    // PostgreSQL refuses a NUL character in text: the validators' statement fails after the store.
    const run = await recordRun(deps, 'umpan', async (staged) => {
      staged.push({ url: 'http://x/\u0000', etag: '"nul"' });
      return { items: [{ title: 'Satu', text: 'Sebuah entri yang tersimpan sebelum validator gagal disimpan.', url: 'http://x/entri' }], rejected: [] };
    });
    expect(run).toMatchObject({ status: 'failure', new: 0 });
    expect(run.storedIds).toHaveLength(1);
    expect(await tdb.db.selectFrom('fetch_runs').select('status').where('id', '=', run.runId).executeTakeFirstOrThrow()).toEqual({ status: 'failure' });
    expect(await tdb.db.selectFrom('items').select('title').where('url', '=', 'http://x/entri').execute()).toEqual([{ title: 'Satu' }]);
    expect(await validators()).toEqual([]);
  });
});
