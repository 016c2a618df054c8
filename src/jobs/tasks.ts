import { z } from 'zod';
import { runAlerts, type AlertDeps } from '../alerts/stage.ts';
import { runClassify, type ClassifyDeps } from '../classify/stage.ts';
import { getSource } from '../db/sources.repo.ts';
import { ConfigError, describeIssues } from '../errors.ts';
import { runSource, type IngestDeps } from '../ingest/stage.ts';
import type { Logger } from '../log.ts';
import { parseIsoWeek } from '../report/iso-week.ts';
import { buildWeeklyReport, lastCompleteWeek, type ReportDeps } from '../report/stage.ts';

/**
 * The task list: one entry per job name, `<stage>:<verb>`, with its payload schema and where its job
 * key and queue come from. The in-process runner and graphile-worker both run these same functions,
 * so scaling out swaps the runner and leaves the stages alone.
 */
export const PAYLOADS = {
  /** Fetch one source and store what it delivered; then queue classification of what changed. */
  'ingest:source': z.strictObject({ sourceId: z.string().min(1) }),
  /** Classify these items, or every item the current model has not classified (the sweep). */
  'classify:items': z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(1_000).optional() }),
  /** Build a weekly report (default: the last complete week). */
  'report:weekly': z.strictObject({ week: z.string().optional() }),
  /** Evaluate the pipeline's alert rules and deliver what is due. */
  'alerts:evaluate': z.strictObject({}),
} as const;

export type TaskName = keyof typeof PAYLOADS;
export type Payload<T extends TaskName> = z.input<(typeof PAYLOADS)[T]>;
export const TASK_NAMES = Object.keys(PAYLOADS) as TaskName[];

/** How a job is queued: its key (dedup while waiting), its named queue (one at a time) and attempts. */
export interface JobSpec {
  key?: string;
  queue?: string;
  maxAttempts: number;
}

/**
 * One place for the keys and queues. A source's jobs share a key, so ticks while one waits merge into
 * it, and a queue, so a second job never runs beside a running one (graphile-worker gives a running
 * job's key to the next job; the queue is what keeps them apart). The sweep is likewise one at a time.
 */
export function jobSpec<T extends TaskName>(task: T, payload: Payload<T>): JobSpec {
  switch (task) {
    case 'ingest:source': {
      const { sourceId } = payload as Payload<'ingest:source'>;
      return { key: `ingest:source:${sourceId}`, queue: `source:${sourceId}`, maxAttempts: 5 };
    }
    case 'classify:items':
      return (payload as Payload<'classify:items'>).ids ? { maxAttempts: 10 } : { key: 'classify:pending', queue: 'classify:pending', maxAttempts: 10 };
    case 'report:weekly':
      return { key: `report:weekly:${(payload as Payload<'report:weekly'>).week ?? 'last'}`, queue: 'report', maxAttempts: 3 };
    // Once at a time across the cluster; a failed evaluation is simply done again at the next minute.
    case 'alerts:evaluate':
      return { key: 'alerts:evaluate', queue: 'alerts', maxAttempts: 1 };
  }
  throw new Error(`unknown task ${String(task)}`);
}

export type Enqueue = <T extends TaskName>(task: T, payload: Payload<T>) => Promise<void>;

export interface TaskDeps {
  ingest: IngestDeps;
  classifier: () => ClassifyDeps;
  report: () => ReportDeps;
  alerts: () => AlertDeps;
  timezone: string;
  log: Logger;
  /** How a task queues follow-up work. */
  enqueue: Enqueue;
}

/** Items per classify job: small enough to retry cheaply, large enough to batch the inserts. */
export const CLASSIFY_CHUNK = 200;

export type TaskFn = (payload: unknown, signal: AbortSignal) => Promise<void>;

/** The task functions over the deployment's dependencies. Payloads are validated here, at the boundary. */
export function taskList(deps: TaskDeps): Record<TaskName, TaskFn> {
  const parse = <T extends TaskName>(task: T, payload: unknown): z.output<(typeof PAYLOADS)[T]> => {
    const r = PAYLOADS[task].safeParse(payload ?? {});
    if (!r.success) throw new ConfigError(`job ${task}: ${describeIssues(r.error, 'payload')}`);
    return r.data as z.output<(typeof PAYLOADS)[T]>;
  };
  return {
    async 'ingest:source'(payload, signal) {
      const { sourceId } = parse('ingest:source', payload);
      const source = await getSource(deps.ingest.db, sourceId);
      if (!source?.enabled) throw new ConfigError(`job ingest:source: source "${sourceId}" is missing or disabled`);
      if (source.paused_at) return; // paused by an admin: the tick does nothing until resumed
      const summary = await runSource(deps.ingest, source, signal);
      for (let i = 0; i < summary.storedIds.length; i += CLASSIFY_CHUNK) {
        await deps.enqueue('classify:items', { ids: summary.storedIds.slice(i, i + CLASSIFY_CHUNK) });
      }
    },
    async 'classify:items'(payload, signal) {
      const { ids } = parse('classify:items', payload);
      await runClassify(deps.classifier(), { signal, ...(ids ? { ids } : {}) });
    },
    async 'alerts:evaluate'(payload) {
      parse('alerts:evaluate', payload);
      await runAlerts(deps.alerts());
    },
    async 'report:weekly'(payload) {
      const { week } = parse('report:weekly', payload);
      const w = week ? parseIsoWeek(week, deps.timezone) : lastCompleteWeek(new Date(), deps.timezone);
      await buildWeeklyReport(deps.report(), { week: w, format: 'both' });
    },
  };
}
