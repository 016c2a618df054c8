import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { LocalRunner } from '../../src/jobs/local-runner.ts';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';
import { taskDeps } from '../helpers/task-deps.ts';

let tdb: TestDb;
let server: ReplayServer;
beforeAll(async () => {
  tdb = await createTestDb();
  server = await startReplayServer({
    root: fixture(),
    handle(req, res) {
      if (req.url !== '/lambat') return false;
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<rss><channel>'); // and never more: a run stays busy until cancelled
      return true;
    },
  });
});
afterAll(async () => {
  await server?.close();
  await tdb?.dispose();
});

const every = '* * * * * *'; // every second (node-cron's six-field form)

const runner = (http: HttpClient) => new LocalRunner(taskDeps(tdb.db, http, 'local-runner'), { pipeline: 'uji', timezone: 'Asia/Jakarta', alerts: false });

describe('LocalRunner (the embedded mode)', () => {
  it('runs sources on their schedule; a failing or hanging source never stops the others; runs never overlap', async () => {
    await syncSources(tdb.db, 'uji', [
      {
        id: 'baik',
        kind: 'rss',
        name: 'baik',
        schedule: every,
        enabled: true,
        config: { url: `${server.url}/tempo-cekfakta-feed/snapshots-cekfakta/free-cekfakta_20250627T0516.xml` },
      },
      {
        id: 'rusak',
        kind: 'rss',
        name: 'rusak',
        schedule: every,
        enabled: true,
        config: { url: `${server.url}/node-feedparser-feeds/test/feeds/notafeed.html` },
      },
      { id: 'lambat', kind: 'rss', name: 'lambat', schedule: every, enabled: true, config: { url: `${server.url}/lambat` } },
      { id: 'mati', kind: 'rss', name: 'mati', schedule: every, enabled: false, config: { url: `${server.url}/x` } },
    ]);
    const http = new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, retries: 0, timeoutMs: 60_000 });
    const scheduler = runner(http);
    expect(await scheduler.start()).toBe(3);
    // Until each source has had the ticks the assertions need: on a busy machine node-cron skips
    // ticks it could not fire in time, so a fixed wait would sometimes see one run instead of two.
    const runsOf = async () => {
      const rows = await tdb.db.selectFrom('fetch_runs').select(['source_id', 'finished_at']).execute();
      return (id: string) => rows.filter((r) => r.source_id === id && (id === 'lambat' || r.finished_at !== null)).length;
    };
    await until(async () => {
      const n = await runsOf();
      return n('baik') >= 2 && n('rusak') >= 2 && n('lambat') >= 1;
    });
    await scheduler.stop(200);

    const runs = await tdb.db.selectFrom('fetch_runs').selectAll().orderBy('id').execute();
    const of = (id: string) => runs.filter((r) => r.source_id === id);
    expect(of('baik').length).toBeGreaterThanOrEqual(2);
    expect(of('baik')[0]).toMatchObject({ status: 'success', items_new: 9 });
    expect(
      of('baik')
        .slice(1)
        .every((r) => r.status === 'not_modified'),
    ).toBe(true);
    expect(of('rusak').length).toBeGreaterThanOrEqual(2);
    expect(of('rusak').every((r) => r.status === 'failure' && r.error_code === 'NOT_A_FEED')).toBe(true);
    // The hanging source ran once: later ticks waited behind it, merged into one; shutdown dropped that and cancelled the run.
    expect(of('lambat')).toHaveLength(1);
    expect(of('lambat')[0]).toMatchObject({ status: 'abandoned', error_code: 'ABORTED' });
    expect(of('mati')).toHaveLength(0);
    expect(runs.every((r) => r.finished_at !== null)).toBe(true);
    // What the runs stored was classified by the follow-up jobs they queued (embedded mode had none before).
    await until(async () => (await tdb.db.selectFrom('classifications').select('item_id').execute()).length === 9);
  });

  it('marks runs a dead process left running as abandoned at start', async () => {
    await tdb.db.insertInto('fetch_runs').values({ source_id: 'baik', problems: '[]' }).execute();
    const scheduler = runner(new HttpClient(LOCAL_HTTP));
    await scheduler.start();
    await scheduler.stop(0);
    const stale = await tdb.db.selectFrom('fetch_runs').select(['status', 'error_code']).where('status', '=', 'running').execute();
    expect(stale).toEqual([]);
    const abandoned = await tdb.db.selectFrom('fetch_runs').select('id').where('error_code', '=', 'ABANDONED').execute();
    expect(abandoned).toHaveLength(1);
  });

  it('classifies at start what an earlier process stored but never classified (killed between storing and classifying)', async () => {
    await tdb.db.deleteFrom('classifications').execute();
    const before = await tdb.db.selectFrom('items').select('id').execute();
    expect(before.length).toBeGreaterThan(0);
    const scheduler = runner(new HttpClient(LOCAL_HTTP));
    await syncSources(tdb.db, 'uji', []); // nothing to fetch: only the recovery runs
    await scheduler.start();
    await scheduler.queue.idle();
    await scheduler.stop(0);
    const classified = await tdb.db.selectFrom('classifications').select('item_id').execute();
    expect(classified.map((c) => c.item_id).sort()).toEqual(before.map((i) => i.id).sort());
  });
});

/** Polls `check` until it holds; the test's own timeout bounds the wait. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}
