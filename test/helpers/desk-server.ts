import { loadModels } from '../../src/classify/models.ts';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ClassifyDeps } from '../../src/classify/stage.ts';
import { HttpClient, type HttpOptions } from '../../src/fetch/http-client.ts';
import { silentLogger } from '../../src/log.ts';
import type { Pipeline } from '../../src/pipeline/define.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { createApp } from '../../src/web/app.ts';
import type { WebRuntime } from '../../src/web/env.ts';
import type { TestDb } from './db.ts';
import { LOCAL_HTTP } from './paths.ts';

/** The web runtime over a test database, with the Beltim pipeline and the real model. */
export async function deskRuntime(tdb: TestDb, http: Partial<HttpOptions> = LOCAL_HTTP): Promise<WebRuntime & { pipeline: Pipeline }> {
  const pipeline = await loadPipeline('beltim');
  const deps: ClassifyDeps = { db: tdb.db, log: silentLogger, ctx: { ...loadModels(), lexicon: { units: pipeline.area.units }, places: pipeline.area.places } };
  return {
    sdb: tdb,
    pipeline,
    classifier: () => deps,
    ingest: { db: tdb.db, http: new HttpClient({ retries: 0, perHostIntervalMs: 0, ...http }), log: silentLogger },
  };
}

/** The desk served on a real socket at 127.0.0.1 (for the browser). */
export async function startDesk(
  tdb: TestDb,
  options?: Parameters<typeof createApp>[1],
  adapt: (rt: WebRuntime) => WebRuntime = (rt) => rt,
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp(adapt(await deskRuntime(tdb)), options);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
