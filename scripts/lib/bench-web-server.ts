/**
 * The desk as bench-web serves it: the app over an open database, listening on 127.0.0.1 at a free
 * port. Run as a script it is the embedded-database server in a process of its own, as `saring start`
 * runs it: it opens the PGlite data directory given as JSON in argv[2], prints `{"port":n}` once it
 * listens, and closes the database and exits when its stdin closes, printing `{"memory":…}`: its
 * memory at the largest RSS sampled (MemoryAtPeak). The bench reads its RSS from /proc as it runs.
 *
 *   tsx scripts/lib/bench-web-server.ts '{"dataDir":"/tmp/saring-bench-web-pglite"}'
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadModels } from '../../src/classify/models.ts';
import type { ClassifyDeps } from '../../src/classify/stage.ts';
import { openDatabase, type SaringDb } from '../../src/db/connect.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { silentLogger } from '../../src/log.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { createApp } from '../../src/web/app.ts';

export async function serveDesk(sdb: SaringDb): Promise<{ port: number; close(): Promise<void> }> {
  const pipeline = await loadPipeline('beltim');
  const models = loadModels();
  const deps: ClassifyDeps = {
    db: sdb.db,
    log: silentLogger,
    ctx: { model: models.model, triage: models.triage, lexicon: { units: pipeline.area.units }, places: pipeline.area.places },
  };
  const app = createApp({ sdb, pipeline, classifier: () => deps, ingest: { db: sdb.db, http: new HttpClient(), log: silentLogger } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** process.memoryUsage() in kB when its RSS was largest, sampled every 100 ms. */
export type MemoryAtPeak = { rss: number; heapTotal: number; heapUsed: number; external: number };

function samplePeakMemory(): () => MemoryAtPeak {
  const kb = (m: NodeJS.MemoryUsage): MemoryAtPeak => ({
    rss: m.rss / 1024,
    heapTotal: m.heapTotal / 1024,
    heapUsed: m.heapUsed / 1024,
    external: m.external / 1024,
  });
  let peak = kb(process.memoryUsage());
  const timer = setInterval(() => {
    const m = kb(process.memoryUsage());
    if (m.rss > peak.rss) peak = m;
  }, 100);
  timer.unref();
  return () => peak;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { dataDir } = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string };
  const sdb = await openDatabase({ kind: 'pglite', dataDir });
  const desk = await serveDesk(sdb);
  const peak = samplePeakMemory();
  process.stdout.write(`${JSON.stringify({ port: desk.port })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    process.stdout.write(`${JSON.stringify({ memory: peak() })}\n`);
    // Keep-alive connections of the load client are gone by now; close what is left and leave.
    void desk.close();
    void sdb.close().then(() => process.exit(0));
  });
}
