import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config.ts';
import { openDatabase, type SaringDb } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { migrateQueue } from './jobs/graphile.ts';
import { vacuumAnalyze } from './db/maintenance.repo.ts';
import { syncSources } from './db/sources.repo.ts';
import { HttpClient } from './fetch/http-client.ts';
import type { IngestDeps } from './ingest/stage.ts';
import { TIP_SOURCE_ID } from './ingest/tips.ts';
import type { ClassifyDeps } from './classify/stage.ts';
import type { AlertDeps } from './alerts/stage.ts';
import type { ImagesDeps } from './images/stage.ts';
import { ImageStore } from './images/store.ts';
import type { LearningDeps } from './learning/models.service.ts';
import { modelVersion } from './classify/models.ts';
import { classifierDeps } from './classify/deps.ts';
import { scriptEvaluator, scriptTrainer } from './learning/trainer.ts';
import { seedRegistry } from './review/registry.service.ts';
import type { Logger } from './log.ts';
import { originAllowances, type Pipeline } from './pipeline/define.ts';
import { ConfigError } from './errors.ts';
import { loadPipeline, PROJECT_DIR, withReplay } from './pipeline/load.ts';
import { startReplayServer, type ReplayServer } from './pipeline/replay-server.ts';
import type { ReportDeps } from './report/stage.ts';
import type { TaskDeps } from './jobs/tasks.ts';
import type { JobRunner } from './jobs/runner.ts';
import { LocalRunner } from './jobs/local-runner.ts';
import { QueueRunner } from './jobs/queue-runner.ts';

/** The built-in source that receives imported files (beside TIP_SOURCE_ID); it exists in every pipeline. */
export const IMPORT_SOURCE_ID = 'import';

/**
 * An opened deployment, and the one place its parts are put together: database migrated, pipeline
 * loaded and synced, HTTP client configured; the stages' dependencies and the job runner are built
 * here and nowhere else.
 */
export interface Runtime {
  config: AppConfig;
  sdb: SaringDb;
  pipeline: Pipeline;
  ingest: IngestDeps;
  /** The classify stage's dependencies; the models are loaded once, on first use. */
  classifier(): ClassifyDeps;
  report(): ReportDeps;
  alerts(): AlertDeps;
  /** The images stage's dependencies: the ingest's HTTP client, the image store under the data dir. */
  images(): ImagesDeps;
  tasks(): Omit<TaskDeps, 'enqueue'>;
  /**
   * The mode's job runner over the one task table and crontab: graphile-worker on PostgreSQL (any
   * number of processes), the in-process queue on PGlite.
   */
  jobRunner(opts: { schedule: boolean; concurrency?: number }): JobRunner;
  log: Logger;
  close(): Promise<void>;
}

export async function openDb(config: AppConfig): Promise<SaringDb> {
  return openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, ownerUrl: config.migrateUrl }
      : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
  );
}

export async function openRuntime(config: AppConfig, log: Logger, opts: { pipeline?: string } = {}): Promise<Runtime> {
  let pipeline = await loadPipeline(opts.pipeline ?? config.pipeline, config.pipelinesDir);
  const sdb = await openDb(config);
  let replay: (ReplayServer & { root: string }) | undefined;
  try {
    const { applied } = await migrate(sdb);
    if (applied.length) log.info({ applied }, `applied ${applied.length} migration(s)`);
    // PostgreSQL mode queues jobs in graphile-worker, whose schema has its own migrations.
    if (sdb.dialect === 'postgres' && config.databaseUrl) await migrateQueue(config.databaseUrl, log);
    if (pipeline.replay) {
      replay = await startReplay(pipeline);
      pipeline = withReplay(pipeline, { url: replay.url, root: replay.root });
      log.info({ url: replay.url }, 'replay server for recorded sources started');
    }
    await syncSources(sdb.db, pipeline.name, [
      ...pipeline.sources.map((s) => ({
        id: s.id,
        kind: s.kind,
        name: s.name,
        schedule: s.schedule ?? pipeline.defaultSchedule,
        config: s.config,
        enabled: s.enabled,
      })),
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
  const p = pipeline;
  const imageStore = new ImageStore(path.join(config.dataDir, 'images'));
  const ingest: IngestDeps = {
    db: sdb.db,
    http: new HttpClient(p.http),
    log,
    limits: p.limits,
    allowOrigins: originAllowances(p),
    timeZone: p.timezone,
    imageStore,
    oneTransaction: sdb.dialect === 'pglite',
  };
  let classifyDeps: ClassifyDeps | undefined;
  /** The real trainer and evaluator (scripts/train.ts, scripts/eval-candidate.ts) over the active models. */
  const learningDeps = async (): Promise<LearningDeps> => {
    const c = rt.classifier();
    await c.refresh?.();
    return {
      db: sdb.db,
      dataDir: config.dataDir,
      ctx: c.ctx,
      ...(c.sourceTrust ? { sourceTrust: c.sourceTrust } : {}),
      trainer: scriptTrainer(),
      evaluator: scriptEvaluator(),
      log,
    };
  };
  const rt: Runtime = {
    config,
    sdb,
    pipeline: p,
    log,
    ingest,
    classifier: () => (classifyDeps ??= classifierDeps(sdb, p, config, log)),
    report: () => ({
      db: sdb.db,
      log,
      pipeline: p,
      // Read when a report is built, not when its routes are mounted: naming the version loads both
      // models, which `saring start` did before it could listen (about half a second of parsing).
      get modelVersion() {
        return modelVersion(rt.classifier().ctx);
      },
      chromiumPath: config.chromiumPath,
      reportsDir: path.join(config.dataDir, 'reports'),
    }),
    alerts: () => ({ db: sdb.db, pipeline: p, log, channels: { smtpUrl: config.smtpUrl, env: process.env } }),
    images: () => ({ db: sdb.db, http: ingest.http, log, store: imageStore, allowOrigins: ingest.allowOrigins ?? new Map() }),
    tasks: () => ({
      ingest,
      classifier: rt.classifier,
      report: rt.report,
      alerts: rt.alerts,
      images: rt.images,
      learning: learningDeps,
      timezone: p.timezone,
      log,
      ...(sdb.dialect === 'pglite' ? { maintain: () => vacuumAnalyze(sdb.db) } : {}),
    }),
    jobRunner({ schedule, concurrency }) {
      const alerts = p.alerts.rules.length > 0;
      if (sdb.dialect === 'pglite') {
        // One process: it schedules and works whatever it is asked (there is nobody else to do it).
        return new LocalRunner(rt.tasks(), {
          pipeline: p.name,
          timezone: p.timezone,
          alerts,
          trainSchedule: p.learning.trainSchedule,
          ...(concurrency ? { concurrency } : {}),
        });
      }
      if (!config.databaseUrl) throw new ConfigError('workers need PostgreSQL: set DATABASE_URL (the embedded database runs its jobs inside `saring start`)');
      return new QueueRunner(
        rt.tasks(),
        {
          connectionString: config.databaseUrl,
          pipeline: p.name,
          timezone: p.timezone,
          alerts,
          trainSchedule: p.learning.trainSchedule,
          schedule,
          concurrency: concurrency ?? 2,
          heartbeatMs: config.heartbeatMs,
          deadAfterMs: config.deadAfterMs,
        },
        log,
      );
    },
    async close() {
      await replay?.close();
      await sdb.close();
    },
  };
  return rt;
}

/** The demo's recorded sources, served on 127.0.0.1 from the folder the pipeline names (relative to the checkout). */
async function startReplay(pipeline: Pipeline): Promise<ReplayServer & { root: string }> {
  const r = pipeline.replay!;
  const root = path.resolve(PROJECT_DIR, r.root);
  if (!fs.existsSync(root)) throw new ConfigError(`pipeline "${pipeline.name}": replay.root ${root} does not exist`);
  const server = await startReplayServer({ root, routes: r.routes, sequences: r.sequences });
  return Object.assign(server, { root });
}
