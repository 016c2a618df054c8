import type { Payload, TaskName } from './tasks.ts';

/** One line of the crontab: fire `task` with `payload` on `cron` (in the pipeline's time zone). */
export interface CronEntry<T extends TaskName = TaskName> {
  /** The tick's name: one claim per name and second across a cluster. */
  name: string;
  task: T;
  payload: Payload<T>;
  cron: string;
}

/** Monday 06:00: last week's report, ready when the Kapolres starts the week. */
export const WEEKLY_REPORT_CRON = '0 6 * * 1';
/** Every minute, in both modes (one at a time across a cluster). */
export const ALERTS_CRON = '* * * * *';
/** Every two minutes: read images waiting (tips sent through the desk, work a crash left behind). */
export const IMAGES_CRON = '*/2 * * * *';
/**
 * 03:30 every night, the desk's quietest hour: the embedded database's VACUUM (ANALYZE). PGlite runs no
 * autovacuum, and the pass holds its one thread for seconds (≈ 2 s at 100,000 items).
 */
export const MAINTAIN_CRON = '30 3 * * *';
/** Every ten minutes: classify whatever a crash between storing and queueing left unclassified. */
export const SWEEP_CRON = '*/10 * * * *';

/**
 * The deployment's one crontab, for both runners: each scheduled source, the weekly report, the
 * classify and images sweeps, alerts when the pipeline has rules, and the embedded database's upkeep.
 */
export function crontab(opts: {
  sources: ReadonlyArray<{ id: string; schedule: string | null; enabled: boolean }>;
  alerts: boolean;
  /** When to train a candidate model from the desk's labels (pipeline `learning.trainSchedule`); none: never by itself. */
  train?: string | null | undefined;
  /** The embedded database's nightly upkeep (db:maintain): PGlite only, PostgreSQL's autovacuum does it there. */
  maintain?: boolean | undefined;
}): CronEntry[] {
  const entry = <T extends TaskName>(name: string, task: T, payload: Payload<T>, cron: string): CronEntry => ({ name, task, payload, cron }) as CronEntry;
  return [
    ...opts.sources.filter((s) => s.enabled && s.schedule).map((s) => entry(`ingest:${s.id}`, 'ingest:source', { sourceId: s.id }, s.schedule!)),
    entry('report:weekly', 'report:weekly', {}, WEEKLY_REPORT_CRON),
    entry('classify:sweep', 'classify:items', {}, SWEEP_CRON),
    entry('images:sweep', 'images:process', {}, IMAGES_CRON),
    ...(opts.alerts ? [entry('alerts:evaluate', 'alerts:evaluate', {}, ALERTS_CRON)] : []),
    ...(opts.train ? [entry('model:train', 'model:train', {}, opts.train)] : []),
    ...(opts.maintain ? [entry('db:maintain', 'db:maintain', {}, MAINTAIN_CRON)] : []),
  ];
}
