import { sql, type Kysely } from 'kysely';
import type { Validators } from '../fetch/http-client.ts';
import type { Database, FetchRun, FetchRunStatus, Problem, Source } from './schema.ts';
import { listSources } from './sources.repo.ts';

export async function startRun(db: Kysely<Database>, sourceId: string, processId: string | null = null): Promise<number> {
  const row = await db
    .insertInto('fetch_runs')
    .values({ source_id: sourceId, problems: '[]', process_id: processId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RunOutcome {
  status: Exclude<FetchRunStatus, 'running'>;
  fetched: number;
  new: number;
  updated: number;
  duplicate: number;
  rejected: number;
  errorCode?: string | null;
  error?: string | null;
  problems: Problem[];
}

/**
 * Records a run's outcome, and with it the conditional-GET validators of what the run fetched
 * (`validators`, a successful run's: a URL's latest answer replaces its row, and an answer without
 * any removes it). One statement: the validators were a round trip each, every job (issue 21).
 */
export async function finishRun(
  db: Kysely<Database>,
  runId: number,
  o: RunOutcome,
  validators: ReadonlyArray<{ url: string } & Validators> = [],
): Promise<void> {
  const update = db
    .updateTable('fetch_runs')
    .set({
      finished_at: new Date(),
      status: o.status,
      items_fetched: o.fetched,
      items_new: o.new,
      items_updated: o.updated,
      items_duplicate: o.duplicate,
      items_rejected: o.rejected,
      error_code: o.errorCode ?? null,
      error: o.error ?? null,
      // Bounded so one broken feed with 100k bad entries cannot bloat the run table.
      problems: JSON.stringify(o.problems.slice(0, 200)),
    })
    .where('id', '=', runId);
  if (!validators.length) {
    await update.execute();
    return;
  }
  // A URL fetched twice in one run keeps its last answer (an upsert cannot touch a row twice).
  const latest = [...new Map(validators.map((v) => [v.url, v])).values()];
  const kept = latest.filter((v) => v.etag || v.lastModified);
  const gone = latest.filter((v) => !v.etag && !v.lastModified).map((v) => v.url);
  await sql`with kept as (
      insert into http_validators (url, etag, last_modified, updated_at)
      select url, etag, last_modified, now()
      from unnest(${sql.val(kept.map((v) => v.url))}::text[], ${sql.val(kept.map((v) => v.etag ?? null))}::text[],
                  ${sql.val(kept.map((v) => v.lastModified ?? null))}::text[]) as v(url, etag, last_modified)
      on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at),
    gone as (delete from http_validators where url = any(${sql.val(gone)}::text[]))
    ${update}`.execute(db);
}

/**
 * Marks runs left "running" by processes that are gone as abandoned: those of some (dead) job
 * processes, or all of them (the embedded database, which one process owns), so the crash shows in
 * the history. Returns how many.
 */
export async function abandonRuns(db: Kysely<Database>, owner: { processIds: string[] } | { all: true }): Promise<number> {
  const byProcess = 'processIds' in owner;
  if (byProcess && !owner.processIds.length) return 0;
  let q = db
    .updateTable('fetch_runs')
    .set({
      status: 'abandoned',
      finished_at: new Date(),
      error_code: 'ABANDONED',
      error: byProcess ? 'the process running it died before it finished' : 'the process running it stopped before it finished',
    })
    .where('status', '=', 'running');
  if (byProcess) q = q.where('process_id', 'in', owner.processIds);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export function recentRuns(db: Kysely<Database>, sourceId: string, limit = 10): Promise<FetchRun[]> {
  return db.selectFrom('fetch_runs').selectAll().where('source_id', '=', sourceId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** A pipeline's sources, each with its latest run (null when it never ran): `sources list`, status page. */
export async function sourcesWithLastRun(db: Kysely<Database>, pipeline: string): Promise<Array<Source & { last_run: FetchRun | null }>> {
  const [sources, runs] = await Promise.all([listSources(db, pipeline), latestRuns(db)]);
  const last = new Map(runs.map((r) => [r.source_id, r]));
  return sources.map((s) => ({ ...s, last_run: last.get(s.id) ?? null }));
}

/** The latest run of each source. */
function latestRuns(db: Kysely<Database>): Promise<FetchRun[]> {
  return db
    .selectFrom('fetch_runs')
    .selectAll()
    .distinctOn('source_id')
    .orderBy('source_id')
    .orderBy(sql`started_at desc, id desc`)
    .execute();
}

/** Refs of the per-entry problems this source's runs recorded in the last `hours`. */
export async function recentProblemRefs(db: Kysely<Database>, sourceId: string, hours: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('fetch_runs')
    .select('problems')
    .where('source_id', '=', sourceId)
    .where('started_at', '>', sql<Date>`now() - make_interval(hours => ${hours})`)
    .execute();
  return new Set(rows.flatMap((r) => r.problems.map((p) => p.ref)));
}
