import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSource, syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { runSource, type IngestDeps } from '../../src/ingest/stage.ts';
import { submitTip, TIP_SOURCE_ID } from '../../src/ingest/tips.ts';
import { silentLogger } from '../../src/log.ts';
import { originAllowances, type Pipeline } from '../../src/pipeline/define.ts';
import { validatePipeline, withReplay } from '../../src/pipeline/load.ts';
import { startReplayServer, type ReplayServer } from '../../src/pipeline/replay-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';

// The runtime's wiring, with real servers on 127.0.0.1: a replay server the pipeline's recorded sources
// use, and another local service (an admin page, a metrics endpoint) that nothing may reach through it.
let tdb: TestDb;
let replay: ReplayServer;
let other: http.Server;
let otherUrl: string;
let declared: Pipeline;
let pipeline: Pipeline;
let deps: IngestDeps;
const otherHits: string[] = [];

beforeAll(async () => {
  tdb = await createTestDb();
  replay = await startReplayServer({ root: fixture() });
  other = http.createServer((req, res) => {
    otherHits.push(req.url!);
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        '<html><head><title>Panel internal</title></head><body><article><p>Kata sandi basis data: rahasia. Jangan dibagikan ke luar jaringan Polres.</p></article></body></html>',
      );
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  const feed = 'tempo-cekfakta-feed/snapshots-cekfakta/free-cekfakta_20250627T0516.xml';
  declared = validatePipeline(
    {
      name: 'uji',
      title: 'Polres Uji',
      http: { perHostIntervalMs: 0, retries: 0 },
      replay: { root: fixture() },
      sources: [
        { id: 'rekaman', kind: 'rss', name: 'Rekaman', config: { url: `{replay}/${feed}` } },
        // Not a replay source: it gets no allowance, although the replay server runs on the same host.
        { id: 'tetangga', kind: 'rss', name: 'Layanan lain', config: { url: `${otherUrl}/feed` } },
        { id: 'pantul', kind: 'rss', name: 'Pantulan', config: { url: `{replay}/redirect-out` } },
      ],
    },
    'pipelines/uji.ts',
  );
  pipeline = withReplay(declared, { url: replay.url, root: fixture() });
  // As the runtime builds them: the client from the pipeline's http block, allowances per source.
  deps = { db: tdb.db, http: new HttpClient(pipeline.http), log: silentLogger, allowOrigins: originAllowances(pipeline) };
});
afterAll(async () => {
  await replay?.close();
  await new Promise((r) => other?.close(r));
  await tdb?.dispose();
});
beforeEach(async () => {
  await tdb.reset();
  otherHits.length = 0;
  await syncSources(tdb.db, 'uji', [
    ...pipeline.sources.map((s) => ({ id: s.id, kind: s.kind, name: s.name, schedule: null, config: s.config, enabled: true })),
    { id: TIP_SOURCE_ID, kind: 'tip' as const, name: 'Laporan', schedule: null, config: {}, enabled: true },
  ]);
});

describe('origin allowances', () => {
  it('lets a replay source reach exactly the replay origin, and no other source or port', async () => {
    expect(originAllowances(pipeline)).toEqual(
      new Map([
        ['rekaman', [replay.url]],
        ['pantul', [replay.url]],
      ]),
    );
    const ok = await runSource(deps, (await getSource(tdb.db, 'rekaman'))!);
    expect(ok.error).toBeUndefined();
    expect(ok.status).toBe('success');
    expect(ok.new).toBeGreaterThan(0);
    const refused = await runSource(deps, (await getSource(tdb.db, 'tetangga'))!);
    expect(refused).toMatchObject({ status: 'failure', errorCode: 'BLOCKED_ADDRESS' });
    expect(otherHits).toEqual([]);
  });

  it('refuses a redirect from the replay origin to another port of the same host', async () => {
    const bouncing = await startReplayServer({
      root: fixture(),
      handle(req, res) {
        res.writeHead(302, { location: `${otherUrl}/feed` }).end();
        return true;
      },
    });
    try {
      const p = withReplay(declared, { url: bouncing.url, root: fixture() });
      const pantul = p.sources.find((s) => s.id === 'pantul')!;
      expect(pantul.allowHosts).toEqual([bouncing.url]);
      const run = await runSource({ ...deps, allowOrigins: originAllowances(p) }, { ...(await getSource(tdb.db, 'pantul'))!, config: pantul.config });
      expect(run).toMatchObject({ status: 'failure', errorCode: 'BLOCKED_ADDRESS' });
      expect(run.error).toContain(otherUrl);
      expect(otherHits).toEqual([]);
    } finally {
      await bouncing.close();
    }
  });

  it('never lends a source allowance to a tip: its link is refused and nothing is stored', async () => {
    for (const url of [`${replay.url}/tempo-cekfakta-feed/SOURCE.txt`, `${otherUrl}/admin`, `http://localhost:${new URL(replay.url).port}/x`]) {
      await expect(submitTip(deps, { url, text: 'Benarkah?' }, { fetch: true }), url).rejects.toThrow(
        /tip: the link could not be fetched: .*ditolak: .*(privat|loopback)/,
      );
    }
    const stored = await tdb.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', TIP_SOURCE_ID)
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(0);
    expect(otherHits).toEqual([]);
  });

  it('takes allowances as origins on a source, never as hosts or for the whole client', () => {
    const base = { name: 'uji', title: 'Polres Uji', sources: [] as unknown[] };
    const src = (allowHosts: string[]) => ({ id: 'intranet', kind: 'rss', name: 'Intranet', allowHosts, config: { url: 'http://10.0.0.5:8080/rss' } });
    expect(validatePipeline({ ...base, sources: [src(['http://10.0.0.5:8080/'])] }, 'p.ts').sources[0]!.allowHosts).toEqual(['http://10.0.0.5:8080']);
    expect(() => validatePipeline({ ...base, sources: [src(['10.0.0.5'])] }, 'p.ts')).toThrow(
      /p.ts: source "intranet": allowHosts.0: "10.0.0.5" is not an origin/,
    );
    expect(() => validatePipeline({ ...base, sources: [src(['http://10.0.0.5:8080/rss'])] }, 'p.ts')).toThrow(/leave out the path/);
    expect(() => validatePipeline({ ...base, http: { allowHosts: ['127.0.0.1'] } }, 'p.ts')).toThrow(
      /p.ts: http.allowHosts: moved: list the origins on the source/,
    );
  });
});
