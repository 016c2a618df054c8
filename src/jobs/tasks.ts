import { z } from 'zod';
import { runAlerts, type AlertDeps } from '../alerts/stage.ts';
import { runClassify, type ClassifyDeps, type ClassifySummary } from '../classify/stage.ts';
import { getSource } from '../db/sources.repo.ts';
import { ConfigError, describeIssues } from '../errors.ts';
import { runImages, type ImagesDeps } from '../images/stage.ts';
import { runSource, type IngestDeps, type RunSummary } from '../ingest/stage.ts';
import type { Logger } from '../log.ts';
import { parseIsoWeek } from '../report/iso-week.ts';
import { buildWeeklyReport, lastCompleteWeek, type ReportDeps } from '../report/stage.ts';
import { trainCandidate, type LearningDeps } from '../learning/models.service.ts';

/** How a job is queued: its key (dedup while waiting), its named queue (one at a time) and attempts. */
export interface JobSpec {
  key?: string;
  queue?: string;
  maxAttempts: number;
}

export type Enqueue = <T extends TaskName>(task: T, payload: Payload<T>) => Promise<void>;

/** What every task may use: the deployment's stages, built once by the runtime. */
export interface TaskDeps {
  ingest: IngestDeps;
  classifier: () => ClassifyDeps;
  report: () => ReportDeps;
  alerts: () => AlertDeps;
  images: () => ImagesDeps;
  /** What training a candidate model needs (the real trainer); absent where no deployment is open. */
  learning?: () => Promise<LearningDeps>;
  timezone: string;
  log: Logger;
  /** How a task queues follow-up work (on the runner that runs it). */
  enqueue: Enqueue;
  /** The embedded database's VACUUM (ANALYZE); absent on PostgreSQL, whose autovacuum does it. */
  maintain?: () => Promise<void>;
}

/**
 * One task: its payload schema (checked at the boundary, whichever runner delivers the job), how its
 * jobs are keyed and queued, and what it does. The result is for in-process callers that wait for
 * a job (`saring run --once` prints each run's summary); graphile-worker ignores it.
 */
export interface TaskDef<S extends z.ZodType = z.ZodType> {
  payload: S;
  spec(payload: z.output<S>): JobSpec;
  run(deps: TaskDeps, payload: z.output<S>, signal: AbortSignal): Promise<unknown>;
}

function defineTask<S extends z.ZodType>(def: TaskDef<S>): TaskDef<S> {
  return def;
}

/** Items per classify job: small enough to retry cheaply, large enough to batch the inserts. */
export const CLASSIFY_CHUNK = 200;

/** What an ingest job did: the run, and the classification of what it stored (null when that was left to classify jobs). */
export type IngestJobResult = RunSummary & { classified: ClassifySummary | null };

/**
 * Classifies what an ingest run stored, in the ingest job itself: a `classify:items` job per run cost
 * a queue round trip (add, fetch, complete) and a context check for ~20 items, which made workers
 * slower than one process (issue 21). This runs after the store's transaction has committed, not
 * inside it: that transaction holds the cluster-wide duplicate-linking lock, and classifying under it
 * would make the workers take turns for the CPU-heavy part. Whatever this cannot classify (the
 * database went away, the job was cancelled) is queued as classify jobs; the sweep catches the rest.
 */
async function classifyStored(deps: TaskDeps, ids: readonly number[], signal: AbortSignal): Promise<ClassifySummary | null> {
  if (!ids.length) return null;
  try {
    const summary = await runClassify(deps.classifier(), { ids, signal, batchSize: CLASSIFY_CHUNK });
    if (!signal.aborted) return summary;
  } catch (err) {
    deps.log.warn({ err, items: ids.length }, `could not classify ${ids.length} stored item(s) in the ingest job; queueing them`);
  }
  for (let i = 0; i < ids.length; i += CLASSIFY_CHUNK) await deps.enqueue('classify:items', { ids: ids.slice(i, i + CLASSIFY_CHUNK) });
  return null;
}

/**
 * The task table, one entry per job name `<stage>:<verb>`. The in-process runner (PGlite) and
 * graphile-worker (PostgreSQL) both run exactly these, with the same keys and queues, so scaling out
 * swaps the runner and leaves the stages alone.
 *
 * Keys and queues: a source's jobs share a key, so ticks while one waits merge into it, and a queue,
 * so a second job never runs beside a running one (graphile-worker gives a running job's key to the
 * next job; the queue is what keeps them apart). The sweep, the report and alerts are likewise one at
 * a time. Classification of given ids is neither keyed nor queued, so workers share it out.
 */
export const TASKS = {
  /** Fetch one source, store what it delivered, and classify what changed in the same job. */
  'ingest:source': defineTask({
    payload: z.strictObject({ sourceId: z.string().min(1) }),
    spec: ({ sourceId }) => ({ key: `ingest:source:${sourceId}`, queue: `source:${sourceId}`, maxAttempts: 5 }),
    async run(deps, { sourceId }, signal): Promise<IngestJobResult | null> {
      const source = await getSource(deps.ingest.db, sourceId);
      if (!source?.enabled) throw new ConfigError(`job ingest:source: source "${sourceId}" is missing or disabled`);
      if (source.paused_at) return null; // paused by an admin: the tick does nothing until resumed
      const summary = await runSource(deps.ingest, source, signal);
      const classified = await classifyStored(deps, summary.storedIds, signal);
      for (let i = 0; i < summary.imageIds.length; i += CLASSIFY_CHUNK) {
        await deps.enqueue('images:process', { ids: summary.imageIds.slice(i, i + CLASSIFY_CHUNK) });
      }
      return { ...summary, classified };
    },
  }),
  /**
   * Fetch and read the images of these items (or of every item waiting: the sweep, which also picks
   * up images sent through the desk's tip form), then classify again the items whose images gave
   * text. One at a time per process's queue: OCR takes a core.
   */
  'images:process': defineTask({
    payload: z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(1_000).optional() }),
    spec: ({ ids }) => (ids ? { queue: 'images', maxAttempts: 5 } : { key: 'images:pending', queue: 'images', maxAttempts: 5 }),
    async run(deps, { ids }, signal) {
      const summary = await runImages(deps.images(), { signal, ...(ids ? { itemIds: ids } : {}) });
      for (let i = 0; i < summary.reclassify.length; i += CLASSIFY_CHUNK) {
        await deps.enqueue('classify:items', { ids: summary.reclassify.slice(i, i + CLASSIFY_CHUNK) });
      }
      return summary;
    },
  }),
  /** Classify these items, or every item the current model has not classified (the sweep). */
  'classify:items': defineTask({
    payload: z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(1_000).optional() }),
    spec: ({ ids }) => (ids ? { maxAttempts: 10 } : { key: 'classify:pending', queue: 'classify:pending', maxAttempts: 10 }),
    run: (deps, { ids }, signal) => runClassify(deps.classifier(), { signal, ...(ids ? { ids } : {}) }),
  }),
  /** Build a weekly report (default: the last complete week). */
  'report:weekly': defineTask({
    payload: z.strictObject({ week: z.string().optional() }),
    spec: ({ week }) => ({ key: `report:weekly:${week ?? 'last'}`, queue: 'report', maxAttempts: 3 }),
    async run(deps, { week }) {
      const w = week ? parseIsoWeek(week, deps.timezone) : lastCompleteWeek(new Date(), deps.timezone);
      return buildWeeklyReport(deps.report(), { week: w, format: 'both' });
    },
  }),
  /** Evaluate the pipeline's alert rules and deliver what is due. */
  'alerts:evaluate': defineTask({
    payload: z.strictObject({}),
    // Once at a time across the cluster; a failed evaluation is simply done again at the next minute.
    spec: () => ({ key: 'alerts:evaluate', queue: 'alerts', maxAttempts: 1 }),
    run: (deps) => runAlerts(deps.alerts()),
  }),
  /** Train a candidate model from the desk's labels and judge it (the weekly job; off unless the pipeline sets `learning.trainSchedule`). */
  'model:train': defineTask({
    payload: z.strictObject({}),
    // Minutes of CPU: one at a time across the cluster, never retried by itself (the next week tries again).
    spec: () => ({ key: 'model:train', queue: 'model', maxAttempts: 1 }),
    async run(deps) {
      if (!deps.learning) throw new ConfigError('job model:train: this process cannot train models');
      const v = await trainCandidate(await deps.learning());
      deps.log.info({ model_version: v.id, status: v.status }, `model:train: ${v.id} ${v.status}: ${v.decision ?? ''}`);
      return { id: v.id, status: v.status, decision: v.decision };
    },
  }),
  /**
   * The embedded database's upkeep, nightly. PGlite runs PostgreSQL in one process with no autovacuum
   * launcher, so without this no table is ever analyzed (the planner works from defaults: a queue
   * page's plans went astray) and no dead row is ever reclaimed.
   */
  'db:maintain': defineTask({
    payload: z.strictObject({}),
    spec: () => ({ key: 'db:maintain', queue: 'maintenance', maxAttempts: 1 }),
    async run(deps) {
      if (!deps.maintain) return { skipped: 'PostgreSQL: autovacuum' };
      const t0 = Date.now();
      await deps.maintain();
      const ms = Date.now() - t0;
      deps.log.info({ ms }, `db:maintain: VACUUM (ANALYZE) in ${ms} ms`);
      return { ms };
    },
  }),
} as const;

export type TaskName = keyof typeof TASKS;
export type Payload<T extends TaskName> = z.input<(typeof TASKS)[T]['payload']>;
export const TASK_NAMES = Object.keys(TASKS) as TaskName[];

/** A job's payload checked against its task's schema; a bad payload is a configuration error naming the job. */
export function parsePayload<T extends TaskName>(task: T, payload: unknown): z.output<(typeof TASKS)[T]['payload']> {
  const r = TASKS[task].payload.safeParse(payload ?? {});
  if (!r.success) throw new ConfigError(`job ${task}: ${describeIssues(r.error, 'payload')}`);
  return r.data as z.output<(typeof TASKS)[T]['payload']>;
}

export function jobSpec<T extends TaskName>(task: T, payload: Payload<T>): JobSpec {
  if (!(task in TASKS)) throw new Error(`unknown task ${String(task)}`);
  return (TASKS[task] as TaskDef).spec(parsePayload(task, payload));
}

export type TaskFn = (payload: unknown, signal: AbortSignal) => Promise<unknown>;

/** The task functions over the deployment's dependencies, for a runner to call. */
export function taskList(deps: TaskDeps): Record<TaskName, TaskFn> {
  return Object.fromEntries(
    TASK_NAMES.map((name) => [name, (payload: unknown, signal: AbortSignal) => (TASKS[name] as TaskDef).run(deps, parsePayload(name, payload), signal)]),
  ) as Record<TaskName, TaskFn>;
}
