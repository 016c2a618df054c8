import { sql, type Kysely } from 'kysely';
import type { Database, JobProcess } from './schema.ts';
import type { JobProcessRole } from '../vocabulary.ts';

// graphile-worker's schema: its public view and functions (the payload only from _private_jobs).
const GW = sql.id('graphile_worker');

export async function registerProcess(db: Kysely<Database>, p: { id: string; host: string; pid: number; role: JobProcessRole }): Promise<void> {
  await db.insertInto('job_processes').values(p).execute();
}

export async function setWorkerIds(db: Kysely<Database>, id: string, workerIds: string[]): Promise<void> {
  await db.updateTable('job_processes').set({ worker_ids: workerIds }).where('id', '=', id).execute();
}

/**
 * Records that the process is alive. Returns false when its peers had declared it dead (it was cut
 * off too long): the row is live again, but its jobs were released to others meanwhile.
 */
export async function heartbeat(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db
    .updateTable('job_processes')
    .set({ seen_at: sql`now()`, stopped_at: null, stop_reason: null })
    .where('id', '=', id)
    // A sub-select in RETURNING sees the row as it was before this update.
    .returning(sql<boolean>`(select stopped_at is null from job_processes where id = ${id})`.as('was_live'))
    .executeTakeFirst();
  return r?.was_live === true;
}

export async function markStopped(db: Kysely<Database>, id: string, reason: string): Promise<void> {
  await db
    .updateTable('job_processes')
    .set({ stopped_at: sql`now()`, stop_reason: reason })
    .where('id', '=', id)
    .where('stopped_at', 'is', null)
    .execute();
}

/**
 * Declares dead every other process silent for longer than `staleMs` and returns them; the update
 * makes exactly one peer the recoverer of each.
 */
export async function claimDeadProcesses(db: Kysely<Database>, staleMs: number, self: string): Promise<JobProcess[]> {
  return db
    .updateTable('job_processes')
    .set({ stopped_at: sql`now()`, stop_reason: sql`'no heartbeat for ' || round(extract(epoch from now() - seen_at))::text || ' s'` })
    .where('stopped_at', 'is', null)
    .where('id', '<>', self)
    .where('seen_at', '<', sql<Date>`now() - make_interval(secs => ${staleMs / 1000})`)
    .returningAll()
    .execute();
}

/** Releases the jobs and named queues a dead process's workers held (graphile-worker's own function). */
export async function forceUnlockWorkers(db: Kysely<Database>, workerIds: string[]): Promise<void> {
  if (workerIds.length) await sql`select ${GW}.force_unlock_workers(${workerIds}::text[])`.execute(db);
}

export function liveProcesses(db: Kysely<Database>): Promise<JobProcess[]> {
  return db.selectFrom('job_processes').selectAll().where('stopped_at', 'is', null).orderBy('started_at').execute();
}

/** Claims a cron tick; true for exactly one of the schedulers that fire it. */
export async function claimTick(db: Kysely<Database>, job: string, tickAt: Date, by: string): Promise<boolean> {
  const r = await db
    .insertInto('schedule_ticks')
    .values({ job, tick_at: tickAt, claimed_by: by })
    .onConflict((oc) => oc.doNothing())
    .returning('job')
    .executeTakeFirst();
  return r !== undefined;
}

export async function pruneTicks(db: Kysely<Database>, olderThanDays: number): Promise<void> {
  await db
    .deleteFrom('schedule_ticks')
    .where('tick_at', '<', sql<Date>`now() - make_interval(days => ${olderThanDays})`)
    .execute();
}

export interface QueuedJob {
  id: number;
  task_identifier: string;
  queue_name: string | null;
  key: string | null;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  updated_at: Date;
  locked_by: string | null;
}

/** The dead letters: jobs that used up their attempts, newest first. */
export async function failedJobs(db: Kysely<Database>, limit = 100): Promise<QueuedJob[]> {
  const r = await sql<QueuedJob>`
    select j.id, j.task_identifier, j.queue_name, j.key, p.payload, j.attempts, j.max_attempts, j.last_error, j.run_at, j.updated_at, j.locked_by
    from ${GW}.jobs j join ${GW}._private_jobs p using (id)
    where j.attempts >= j.max_attempts order by j.updated_at desc limit ${limit}`.execute(db);
  return r.rows.map((j) => ({ ...j, id: Number(j.id) }));
}

export interface JobCounts {
  task: string;
  waiting: number;
  running: number;
  retrying: number;
  failed: number;
}

export async function jobCounts(db: Kysely<Database>): Promise<JobCounts[]> {
  const r = await sql<JobCounts>`
    select task_identifier as task,
      count(*) filter (where locked_by is null and attempts = 0)::int as waiting,
      count(*) filter (where locked_by is not null)::int as running,
      count(*) filter (where locked_by is null and attempts > 0 and attempts < max_attempts)::int as retrying,
      count(*) filter (where attempts >= max_attempts)::int as failed
    from ${GW}.jobs group by task_identifier order by task_identifier`.execute(db);
  return r.rows;
}

/** Gives failed jobs their attempts back and runs them now; returns the ids found. */
export async function retryJobs(db: Kysely<Database>, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const r = await sql<{ id: string | number }>`select id from ${GW}.reschedule_jobs(${ids}::bigint[], run_at => now(), attempts => 0)`.execute(db);
  return r.rows.map((x) => Number(x.id));
}
