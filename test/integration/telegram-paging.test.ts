import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSource, syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { runSource, type IngestDeps } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { LOCAL_HTTP, PROJECT_DIR } from '../helpers/paths.ts';

// Two real, consecutive pages of t.me/s/durov (provenance in test/fixtures/telegram-paging/SOURCE.txt):
// the newest page (posts 503–522, "load more" → ?before=503) and the page it points to (481–502,
// "load more" → ?before=481, which was not recorded). The replay server answers the way t.me does:
// the query string chooses the page.
let tdb: TestDb;
let server: ReplayServer;
let deps: IngestDeps;
const requests: string[] = [];
/** What t.me answers per request; a test changes it as the channel would change between runs. */
let pages: Record<string, string> = {};
const LATEST = { '/s/durov': 'durov-latest.html', '/s/durov?before=503': 'durov-before-503.html' };

beforeAll(async () => {
  tdb = await createTestDb();
  server = await startReplayServer({
    root: path.join(PROJECT_DIR, 'test/fixtures/telegram-paging'),
    handle(req, res) {
      requests.push(req.url!);
      const file = pages[req.url!];
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not recorded');
        return true;
      }
      req.url = `/${file}`;
      return false;
    },
  });
  deps = { db: tdb.db, http: new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, retries: 0, timeoutMs: 5_000 }), log: silentLogger };
});
afterAll(async () => {
  await server?.close();
  await tdb?.dispose();
});
beforeEach(async () => {
  await tdb.reset();
  requests.length = 0;
  pages = { ...LATEST };
});

async function telegramSource(maxPages: number) {
  await syncSources(tdb.db, 'uji', [
    { name: 'tg', id: 'tg', kind: 'telegram', schedule: '*/5 * * * *', enabled: true, config: { channel: 'durov', baseUrl: server.url, maxPages } },
  ]);
  return (await getSource(tdb.db, 'tg'))!;
}
/** Stored posts by post number, in the order they were stored. */
async function storedPosts() {
  const rows = await tdb.db.selectFrom('items').select(['id', 'external_id', 'url', 'published_at']).where('source_id', '=', 'tg').orderBy('id').execute();
  return rows.map((r) => Number(r.external_id!.split('/')[1]));
}
const range = (from: number, to: number, skip: number[] = []) => Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => !skip.includes(n));
const BOTH_PAGES = range(481, 522, [484, 492, 511]);

describe('telegram source paging through real t.me/s pages', () => {
  it('follows "load more" to the older page, stores every post once, oldest first, and stops at the page limit', async () => {
    const run = await runSource(deps, await telegramSource(2));
    expect(requests).toEqual(['/s/durov', '/s/durov?before=503']);
    expect(run).toMatchObject({ status: 'success', fetched: 39, new: 39, duplicate: 0, rejected: 0 });
    expect(await storedPosts()).toEqual(BOTH_PAGES);
    const row = await tdb.db.selectFrom('items').selectAll().where('external_id', '=', 'durov/481').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ url: 'https://t.me/durov/481', views: 2_670_000 });
    expect(new Date(row.published_at!).toISOString()).toBe('2026-04-08T22:36:42.000Z');

    // The next run finds the newest page already stored and reads no further.
    requests.length = 0;
    expect(await runSource(deps, await telegramSource(2))).toMatchObject({ status: 'success', fetched: 0, new: 0 });
    expect(requests).toEqual(['/s/durov']);
  });

  it('reads only the newest page when the limit is one page', async () => {
    expect(await runSource(deps, await telegramSource(1))).toMatchObject({ status: 'success', new: 19 });
    expect(requests).toEqual(['/s/durov']);
    expect(await storedPosts()).toEqual(range(503, 522, [511]));
  });

  it('stops at the first older page whose posts are already stored', async () => {
    // Earlier, when 502 was the newest post, t.me/s/durov was what ?before=503 is now.
    pages = { '/s/durov': 'durov-before-503.html' };
    expect(await runSource(deps, await telegramSource(1))).toMatchObject({ new: 20 });
    pages = { ...LATEST };
    requests.length = 0;
    const run = await runSource(deps, await telegramSource(5));
    expect(requests).toEqual(['/s/durov', '/s/durov?before=503']);
    expect(run).toMatchObject({ status: 'success', fetched: 19, new: 19, duplicate: 0 });
    expect(await storedPosts()).toEqual([...range(481, 502, [484, 492]), ...range(503, 522, [511])]);
  });

  it('keeps what it read when an older page fails, and names the page', async () => {
    // Page 3 (?before=481) was never recorded: the server answers 404, as a broken mirror would.
    const run = await runSource(deps, await telegramSource(3));
    expect(requests).toEqual(['/s/durov', '/s/durov?before=503', '/s/durov?before=481']);
    expect(run).toMatchObject({ status: 'partial', fetched: 39, new: 39, rejected: 1 });
    expect(run.problems[0]!.ref).toBe(`${server.url}/s/durov?before=481`);
    expect(await storedPosts()).toEqual(BOTH_PAGES);
  });

  it('never reads a post twice when an older page repeats the newer one', async () => {
    // A page that does not move back (Telegram answering ?before= with the same posts) ends the paging.
    pages = { '/s/durov': 'durov-latest.html', '/s/durov?before=503': 'durov-latest.html' };
    const run = await runSource(deps, await telegramSource(5));
    expect(requests).toEqual(['/s/durov', '/s/durov?before=503']);
    expect(run).toMatchObject({ status: 'success', fetched: 19, new: 19, duplicate: 0 });
    expect(await storedPosts()).toEqual(range(503, 522, [511]));
  });
});
