import { sql, type Kysely } from 'kysely';
import type { HealthInput, RecentRun } from '../health/source-health.ts';
import type { Database, FetchRunStatus, Source } from './schema.ts';
import { listSources } from './sources.repo.ts';

/** Runs per source read for the failure streak and the last error. */
const RECENT_RUNS = 20;

/**
 * Each source of a pipeline with the history its health is judged on, as of `now` (tests and the
 * alert evaluator pass their own clock): the latest runs, the first run and the last one that
 * brought something new, new items in the last 24 hours, and new items by local hour of day over
 * the history window. Four queries whatever the number of sources, each on fetch_runs' (source_id,
 * started_at) index.
 */
export async function sourceHistories(
  db: Kysely<Database>,
  pipeline: string,
  opts: { now: Date; timezone: string; historyDays: number },
): Promise<Array<{ source: Source; input: HealthInput }>> {
  const sources = await listSources(db, pipeline);
  if (!sources.length) return [];
  const ids = sources.map((s) => s.id);
  const since = new Date(opts.now.getTime() - opts.historyDays * 86_400_000);
  const dayAgo = new Date(opts.now.getTime() - 86_400_000);
  const [recent, marks, profile] = await Promise.all([
    sql<{ source_id: string; started_at: Date; status: FetchRunStatus; items_new: number; error_code: string | null; error: string | null }>`
      select s.id as source_id, r.started_at, r.status, r.items_new, r.error_code, r.error
      from unnest(${ids}::text[]) as s(id)
      cross join lateral (
        select started_at, status, items_new, error_code, error from fetch_runs f
        where f.source_id = s.id and f.started_at <= ${opts.now}
        order by f.started_at desc, f.id desc limit ${RECENT_RUNS}) r
      order by s.id, r.started_at desc`.execute(db),
    sql<{ source_id: string; first_run_at: Date | null; last_new_at: Date | null; last24: number }>`
      select s.id as source_id,
        (select min(started_at) from fetch_runs f where f.source_id = s.id and f.started_at <= ${opts.now}) as first_run_at,
        (select max(started_at) from fetch_runs f where f.source_id = s.id and f.items_new > 0 and f.started_at <= ${opts.now}) as last_new_at,
        (select coalesce(sum(items_new), 0)::int from fetch_runs f where f.source_id = s.id and f.started_at > ${dayAgo} and f.started_at <= ${opts.now}) as last24
      from unnest(${ids}::text[]) as s(id)`.execute(db),
    // The first run that brought items is the source's backlog, not its rate: left out.
    sql<{ source_id: string; hour: number; n: number }>`
      select f.source_id, extract(hour from f.started_at at time zone ${opts.timezone})::int as hour, sum(f.items_new)::int as n
      from fetch_runs f
      where f.source_id = any(${ids}::text[]) and f.started_at > ${since} and f.started_at <= ${opts.now} and f.items_new > 0
        and f.id <> (select min(g.id) from fetch_runs g where g.source_id = f.source_id and g.items_new > 0)
      group by 1, 2`.execute(db),
  ]);
  const runs = new Map<string, RecentRun[]>();
  for (const r of recent.rows) {
    const list = runs.get(r.source_id) ?? [];
    list.push({ startedAt: new Date(r.started_at), status: r.status, itemsNew: r.items_new, errorCode: r.error_code, error: r.error });
    runs.set(r.source_id, list);
  }
  const mark = new Map(marks.rows.map((m) => [m.source_id, m]));
  const byHour = new Map<string, number[]>();
  for (const p of profile.rows) {
    const hours = byHour.get(p.source_id) ?? Array<number>(24).fill(0);
    hours[p.hour] = p.n;
    byHour.set(p.source_id, hours);
  }
  return sources.map((source) => {
    const m = mark.get(source.id);
    return {
      source,
      input: {
        scheduled: Boolean(source.schedule) && source.enabled,
        paused: source.paused_at !== null,
        recent: runs.get(source.id) ?? [],
        firstRunAt: m?.first_run_at ? new Date(m.first_run_at) : null,
        lastNewAt: m?.last_new_at ? new Date(m.last_new_at) : null,
        newByHour: byHour.get(source.id) ?? Array<number>(24).fill(0),
        itemsLast24h: m?.last24 ?? 0,
      },
    };
  });
}
