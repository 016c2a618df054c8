import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config.ts';
import { openDatabase, type SaringDb } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { migrateQueue } from './jobs/graphile.ts';
import { syncSources } from './db/sources.repo.ts';
import { HttpClient } from './fetch/http-client.ts';
import type { IngestDeps } from './ingest/stage.ts';
import { TIP_SOURCE_ID } from './ingest/tips.ts';
import type { ClassifyDeps } from './classify/stage.ts';
import type { AlertDeps } from './alerts/stage.ts';
import { loadModels } from './classify/models.ts';
import { ClaimIndex } from './classify/claim-match.ts';
import { loadEmbedder, readManifest } from './classify/embeddings.ts';
import { debunkCorpusState, debunkItems } from './db/classifications.repo.ts';
import { decidedCaseClaims, decidedCasesState } from './db/cases.repo.ts';
import { registryEntries, registryState } from './db/registry.repo.ts';
import { OfficialRegistry } from './classify/official-registry.ts';
import { seedRegistry } from './review/registry.service.ts';
import type { Logger } from './log.ts';
import { sourceTrust, type Pipeline } from './pipeline/define.ts';
import { ConfigError } from './errors.ts';
import { loadPipeline, PROJECT_DIR, withReplay } from './pipeline/load.ts';
import { startReplayServer, type ReplayServer } from './web/replay-server.ts';

/** The built-in source that receives imported files (beside TIP_SOURCE_ID); it exists in every pipeline. */
export const IMPORT_SOURCE_ID = 'import';

/** An opened deployment: database migrated, pipeline loaded and synced, HTTP client configured. */
export interface Runtime {
  config: AppConfig;
  sdb: SaringDb;
  pipeline: Pipeline;
  ingest: IngestDeps;
  /** The classify stage's dependencies; the model is loaded once, on first use. */
  classifier(): ClassifyDeps;
  alerts(): AlertDeps;
  log: Logger;
  close(): Promise<void>;
}

export async function openDb(config: AppConfig): Promise<SaringDb> {
  return openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
}

export async function openRuntime(config: AppConfig, log: Logger, opts: { pipeline?: string } = {}): Promise<Runtime> {
  let pipeline = await loadPipeline(opts.pipeline ?? config.pipeline, config.pipelinesDir);
  const sdb = await openDb(config);
  let replay: ReplayServer | undefined;
  try {
    const { applied } = await migrate(sdb);
    if (applied.length) log.info({ applied }, `applied ${applied.length} migration(s)`);
    // PostgreSQL mode queues jobs in graphile-worker, whose schema has its own migrations.
    if (sdb.dialect === 'postgres' && config.databaseUrl) await migrateQueue(config.databaseUrl, log);
    if (pipeline.replay) {
      const r = pipeline.replay;
      // Relative to the project root: the demo's "pipelines/demo-data" is the folder in the checkout.
      const root = path.resolve(PROJECT_DIR, r.root);
      if (!fs.existsSync(root)) throw new ConfigError(`pipeline "${pipeline.name}": replay.root ${root} does not exist`);
      replay = await startReplayServer({ root, routes: r.routes, sequences: r.sequences });
      pipeline = withReplay(pipeline, { url: replay.url, root });
      log.info({ url: replay.url }, 'replay server for recorded sources started');
    }
    await syncSources(sdb.db, pipeline.name, [
      ...pipeline.sources.map((s) => ({ id: s.id, kind: s.kind, name: s.name, schedule: s.schedule ?? pipeline.defaultSchedule, config: s.config, enabled: s.enabled })),
      { id: TIP_SOURCE_ID, kind: 'tip' as const, name: 'Laporan masuk (tip)', schedule: null, config: {}, enabled: true },
      { id: IMPORT_SOURCE_ID, kind: 'import' as const, name: 'Impor berkas', schedule: null, config: { path: '-' }, enabled: true },
    ]);
    const seeded = await seedRegistry(sdb.db, pipeline.name, pipeline.registry);
    if (seeded) log.info({ entries: seeded }, `official-accounts registry: ${seeded} entr(ies) from pipelines/${pipeline.name}.ts`);
  } catch (err) {
    await replay?.close();
    await sdb.close();
    throw err;
  }
  const http = new HttpClient(pipeline.http);
  let classifyDeps: ClassifyDeps | undefined;
  const p = pipeline;
  return {
    config,
    sdb,
    pipeline,
    log,
    ingest: { db: sdb.db, http, log, limits: pipeline.limits },
    classifier() {
      if (!classifyDeps) {
        const deps: ClassifyDeps = {
          db: sdb.db,
          log,
          ctx: { ...loadModels(), lexicon: { units: p.area.units }, places: p.area.places, flagThreshold: p.classify.flagThreshold },
        };
        const factChecks = p.sources.filter((s) => s.factCheck).map((s) => s.id);
        deps.factCheckSources = new Set(factChecks);
        deps.sourceTrust = new Map([...p.sources.map((s) => [s.id, sourceTrust(s)] as const), [TIP_SOURCE_ID, 'tip' as const]]);
        let corpus = '';
        let registry = '';
        let decided = '';
        let embedderTried = false;
        deps.refresh = async () => {
          if (!embedderTried) {
            embedderTried = true;
            deps.embedder = await loadEmbedder({
              manifest: readManifest(),
              ...(config.modelsDir ? { modelsDir: config.modelsDir } : {}),
              allowDownload: config.allowModelDownload,
              log,
            });
          }
          const [corpusNow, registryNow, decidedNow] = await Promise.all([debunkCorpusState(sdb.db, factChecks), registryState(sdb.db, p.name), decidedCasesState(sdb.db)]);
          if (registryNow !== registry) {
            deps.ctx.registry = new OfficialRegistry(await registryEntries(sdb.db, p.name), p.area.units);
            registry = registryNow;
            log.info({ entries: deps.ctx.registry.size }, `official-accounts registry: ${deps.ctx.registry.size} entr(ies)`);
          }
          if (decidedNow !== decided) {
            deps.ctx.decidedCases = ClaimIndex.build(await decidedCaseClaims(sdb.db));
            decided = decidedNow;
            log.info({ items: deps.ctx.decidedCases.size }, `decided-case index: ${deps.ctx.decidedCases.size} item(s) of decided hoax cases`);
          }
          if (corpusNow === corpus) return;
          deps.ctx.claims = ClaimIndex.build(await debunkItems(sdb.db, factChecks));
          corpus = corpusNow;
          log.info({ debunks: deps.ctx.claims.size }, `claim index: ${deps.ctx.claims.size} debunked claim(s)`);
        };
        classifyDeps = deps;
      }
      return classifyDeps;
    },
    alerts: () => ({ db: sdb.db, pipeline: p, log, channels: { smtpUrl: config.smtpUrl, env: process.env } }),
    async close() {
      await replay?.close();
      await sdb.close();
    },
  };
}
