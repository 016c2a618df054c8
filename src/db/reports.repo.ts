import { sql, type Kysely, type RawBuilder } from 'kysely';
import { CRITICISM_ONLY } from './cases.repo.ts';
import type { ContentType, Database, Verdict } from './schema.ts';
import { CONFIRMED_VERDICTS, ITEM_LABELS, LABEL_POLICE_CLASS } from '../vocabulary.ts';

/**
 * The weekly report's numbers, each one SQL aggregate over a half-open period [from, to). "Seen" is
 * when Saring first stored an item (fetched_at); flags are the current model version's.
 */
export interface Period {
  from: Date;
  to: Date;
}

export interface WeekTotals {
  monitored: number;
  flagged: number;
  hoaks: number;
  disinformasi: number;
  misinformasi: number;
  bukan_hoaks: number;
  benar: number;
  belum_terbukti: number;
  klarifikasi: number;
  /**
   * Items seen in the period that criticise or complain about the police (never counted as hoaxes):
   * labelled so by the desk, or flagged so by the classifier unless the desk named another police class.
   */
  criticism_items: number;
  /**
   * Sent to complaint handling in the period: cases routed to Dumas or Propam, plus items the desk
   * labelled "Kritik → pengaduan" that belong to no routed case (each counted once).
   */
  complaints_routed: number;
  /**
   * Items seen in the period possibly in the police's name (impersonation): labelled so by the desk, or
   * flagged so by the classifier unless the desk labelled them otherwise.
   */
  impersonation_items: number;
  /** Items linked in the period to a decided case as an old hoax circulating again (HLBK). */
  hlbk_linked: number;
  clarifications_published: number;
  /** median seconds from an item first seen to its case's verdict, for cases decided in the period */
  median_to_verdict_s: number | null;
  /** median seconds from first seen to a published clarification, for those published in the period */
  median_to_clarification_s: number | null;
  /**
   * Verdicts and publications of the period recorded before their case's item was first seen (times
   * entered wrongly before the desk refused them): left out of the medians, never a negative time.
   */
  impossible_durations: number;
}

/** Desk labels (sql/0017) that say an item is criticism or a complaint about the police ("Kritik → pengaduan"). */
const COMPLAINT_LABELS = ITEM_LABELS.filter((l) => LABEL_POLICE_CLASS[l] === 'kritik');
/** Desk labels that name another police class: the desk's word overrides the classifier's criticism flag. */
const OTHER_CLASS_LABELS = ITEM_LABELS.filter((l) => LABEL_POLICE_CLASS[l] !== null && LABEL_POLICE_CLASS[l] !== 'kritik');

/** Desk labels that say an item is a message in the police's name. */
const IMPERSONATION_LABELS = ITEM_LABELS.filter((l) => LABEL_POLICE_CLASS[l] === 'mengatasnamakan');

/** Whether the item aliased `i` has a current class label among `values` (one per item: a newer one retires the rest). */
const deskSays = (values: readonly string[]) =>
  sql<boolean>`exists (select 1 from item_labels l where l.item_id = i.id and l.current and l.kind = 'class' and l.value in (${sql.join(values)}))`;

/**
 * A case the desk treats as a complaint, over a case aliased `k`: sent to complaint handling, or one of
 * its items labelled criticism/complaint by an analyst.
 */
const IS_COMPLAINT_CASE = sql<boolean>`(k.complaint_route is not null or exists (
  select 1 from case_items cil join item_labels l on l.item_id = cil.item_id
  where cil.case_id = k.id and l.current and l.kind = 'class' and l.value in (${sql.join(COMPLAINT_LABELS)})))`;

/**
 * A case that counts as a confirmed hoax, over a case aliased `k`: a confirmed verdict and not a
 * complaint (a complaint is never counted as a hoax, whatever its verdict says).
 */
const COUNTS_AS_CONFIRMED = sql<boolean>`(k.verdict in (${sql.join(CONFIRMED_VERDICTS)}) and not ${IS_COMPLAINT_CASE})`;

/**
 * Items seen in the period that are of one police class by the desk's word or the classifier's: those
 * with a current class label among `labels`, plus those the classifier `flagged` (over classifications
 * aliased `c`) whose label, if any, is not among `overruledBy` (which holds `labels`: counted once).
 * Two disjoint counts rather than one pass over the week's items with each one's label: the
 * classifier's part keeps its filtered scan.
 */
function labelledOrFlagged(
  p: Period,
  modelVersion: string,
  k: { labels: readonly string[]; flagged: RawBuilder<boolean>; overruledBy: readonly string[] },
): RawBuilder<number> {
  return sql<number>`(select count(distinct i.id)::int from item_labels l join items i on i.id = l.item_id
        where l.current and l.kind = 'class' and l.value in (${sql.join(k.labels)}) and i.fetched_at >= ${p.from} and i.fetched_at < ${p.to})
      + (select count(*)::int from items i join classifications c on c.item_id = i.id
          where c.model_version = ${modelVersion} and i.fetched_at >= ${p.from} and i.fetched_at < ${p.to}
            and ${k.flagged} and not ${deskSays(k.overruledBy)})`;
}

export async function weekTotals(db: Kysely<Database>, p: Period, modelVersion: string): Promise<WeekTotals> {
  const r = await sql<WeekTotals>`
    with first_seen as (
      select ci.case_id, min(i.fetched_at) as at from case_items ci join items i on i.id = ci.item_id group by ci.case_id
    )
    select
      (select count(*)::int from items where fetched_at >= ${p.from} and fetched_at < ${p.to}) as monitored,
      (select count(*)::int from items i join classifications c on c.item_id = i.id
        where c.model_version = ${modelVersion} and c.flagged and i.fetched_at >= ${p.from} and i.fetched_at < ${p.to}) as flagged,
      count(*) filter (where k.verdict = 'hoaks' and ${COUNTS_AS_CONFIRMED})::int as hoaks,
      count(*) filter (where k.verdict = 'disinformasi' and ${COUNTS_AS_CONFIRMED})::int as disinformasi,
      count(*) filter (where k.verdict = 'misinformasi' and ${COUNTS_AS_CONFIRMED})::int as misinformasi,
      count(*) filter (where k.verdict = 'bukan_hoaks')::int as bukan_hoaks,
      count(*) filter (where k.verdict = 'benar')::int as benar,
      count(*) filter (where k.verdict = 'belum_terbukti')::int as belum_terbukti,
      count(*) filter (where k.verdict = 'klarifikasi')::int as klarifikasi,
      -- Criticism: what the desk labelled so, plus what the classifier flagged so and the desk did not
      -- label with a police class ("bukan hoaks" names none).
      ${labelledOrFlagged(p, modelVersion, { labels: COMPLAINT_LABELS, flagged: CRITICISM_ONLY, overruledBy: [...COMPLAINT_LABELS, ...OTHER_CLASS_LABELS] })}
        as criticism_items,
      (select count(*)::int from cases where complaint_routed_at >= ${p.from} and complaint_routed_at < ${p.to})
        -- Items labelled "Kritik → pengaduan" in the period are sent to complaint handling too; one that
        -- belongs to a routed case is already counted as that case.
        + (select count(distinct l.item_id)::int from item_labels l
            where l.current and l.kind = 'class' and l.value in (${sql.join(COMPLAINT_LABELS)}) and l.created_at >= ${p.from} and l.created_at < ${p.to}
              and not exists (select 1 from case_items cir join cases kr on kr.id = cir.case_id where cir.item_id = l.item_id and kr.complaint_route is not null))
        as complaints_routed,
      -- Impersonation, the same way; an impersonation is a hoax, so "bukan hoaks" overrules the flag too.
      ${labelledOrFlagged(p, modelVersion, {
        labels: IMPERSONATION_LABELS,
        flagged: sql<boolean>`coalesce((c.police_flags->'mengatasnamakan_polisi'->>'flagged')::boolean, false)`,
        overruledBy: ITEM_LABELS,
      })}
        as impersonation_items,
      (select count(*)::int from case_items where link = 'hlbk' and added_at >= ${p.from} and added_at < ${p.to}) as hlbk_linked,
      (select count(*)::int from clarifications where published_at >= ${p.from} and published_at < ${p.to}) as clarifications_published,
      percentile_cont(0.5) within group (order by extract(epoch from k.decided_at - f.at)) filter (where k.decided_at >= f.at) as median_to_verdict_s,
      (select percentile_cont(0.5) within group (order by extract(epoch from l.published_at - f2.at)) filter (where l.published_at >= f2.at)
        from clarifications l join first_seen f2 on f2.case_id = l.case_id
        where l.published_at >= ${p.from} and l.published_at < ${p.to}) as median_to_clarification_s,
      (count(*) filter (where k.decided_at < f.at))::int
        + (select count(*)::int from clarifications l join first_seen f2 on f2.case_id = l.case_id
            where l.published_at >= ${p.from} and l.published_at < ${p.to} and l.published_at < f2.at) as impossible_durations
    from cases k left join first_seen f on f.case_id = k.id
    where k.decided_at >= ${p.from} and k.decided_at < ${p.to}`.execute(db);
  const row = r.rows[0]!;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { ...row, median_to_verdict_s: num(row.median_to_verdict_s), median_to_clarification_s: num(row.median_to_clarification_s) };
}

/** Monitored and flagged items per local calendar day of the period. */
export async function dailyVolume(db: Kysely<Database>, p: Period, modelVersion: string, timeZone: string) {
  const r = await sql<{ day: string; monitored: number; flagged: number }>`
    select to_char(i.fetched_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*)::int as monitored,
           count(*) filter (where c.flagged)::int as flagged
    from items i left join classifications c on c.item_id = i.id and c.model_version = ${modelVersion}
    where i.fetched_at >= ${p.from} and i.fetched_at < ${p.to}
    group by 1 order by 1`.execute(db);
  return r.rows;
}

export async function flaggedByTopic(db: Kysely<Database>, p: Period, modelVersion: string) {
  const r = await sql<{ topic: string; n: number }>`
    select t.topic, count(*)::int as n
    from items i join classifications c on c.item_id = i.id and c.model_version = ${modelVersion} and c.flagged, unnest(c.topics) as t(topic)
    where i.fetched_at >= ${p.from} and i.fetched_at < ${p.to}
    group by t.topic order by n desc, t.topic`.execute(db);
  return r.rows;
}

export async function volumeBySource(db: Kysely<Database>, p: Period, modelVersion: string) {
  const r = await sql<{ source_id: string; name: string; kind: string; monitored: number; flagged: number }>`
    select s.id as source_id, s.name, s.kind, count(*)::int as monitored, count(*) filter (where c.flagged)::int as flagged
    from items i join sources s on s.id = i.source_id
    left join classifications c on c.item_id = i.id and c.model_version = ${modelVersion}
    where i.fetched_at >= ${p.from} and i.fetched_at < ${p.to}
    group by s.id, s.name, s.kind order by flagged desc, monitored desc, s.id`.execute(db);
  return r.rows;
}

/** Items of the period that name each police unit (flagged or not), most discussed first. */
export async function mentionsByUnit(db: Kysely<Database>, p: Period, modelVersion: string) {
  const r = await sql<{ unit: string; items: number; flagged: number }>`
    select u.unit, count(*)::int as items, count(*) filter (where c.flagged)::int as flagged
    from items i join classifications c on c.item_id = i.id and c.model_version = ${modelVersion}, unnest(c.police_units) as u(unit)
    where i.fetched_at >= ${p.from} and i.fetched_at < ${p.to}
    group by u.unit order by items desc, u.unit`.execute(db);
  return r.rows;
}

/**
 * The most urgent items that name the police: what leadership should read first. Fact-check articles
 * are the answer to a hoax, not something to watch: items of `factCheckSources`, or classified as
 * coming from a fact-checker, are left out.
 */
export async function notablePoliceItems(db: Kysely<Database>, p: Period, modelVersion: string, factCheckSources: readonly string[], limit = 5) {
  const r = await sql<{
    id: number;
    title: string | null;
    excerpt: string;
    url: string | null;
    source: string;
    units: string[];
    priority: number;
    flagged: boolean;
  }>`
    select i.id, i.title, left(i.text, 240) as excerpt, i.url, s.name as source, c.police_units as units, c.priority, c.flagged
    from items i join classifications c on c.item_id = i.id and c.model_version = ${modelVersion} join sources s on s.id = i.source_id
    where i.fetched_at >= ${p.from} and i.fetched_at < ${p.to} and cardinality(c.police_units) > 0 and i.duplicate_of is null
      and i.source_id <> all(${[...factCheckSources]}::text[]) and c.source_trust is distinct from 'factcheck'
    order by c.priority desc, i.id limit ${limit}`.execute(db);
  return r.rows;
}

/** Confirmed hoaxes (hoaks, disinformasi, misinformasi; complaints never) decided in each ISO week starting at `weekStarts`. */
export async function confirmedPerWeek(db: Kysely<Database>, weekStarts: Date[], weekEnd: Date) {
  const r = await sql<{ week_start: Date; n: number }>`
    select w.start as week_start, count(k.id)::int as n
    from unnest(${weekStarts}::timestamptz[]) as w(start)
    left join cases k on k.decided_at >= w.start and k.decided_at < least(w.start + interval '7 days', ${weekEnd}::timestamptz)
      and ${COUNTS_AS_CONFIRMED}
    group by w.start order by w.start`.execute(db);
  return r.rows;
}

export interface ReportCase {
  id: number;
  title: string;
  verdict: Verdict | null;
  content_type: ContentType | null;
  topic: string | null;
  priority: 'tinggi' | 'sedang' | 'rendah';
  first_seen: Date;
  decided_at: Date | null;
  items: number;
  sources: number;
  reposts: number;
  engagement: number;
  clarification_status: string | null;
  clarification_url: string | null;
}

/**
 * Cases active in the period (an item first seen, or the verdict given, within it), by analysts'
 * priority then spread; complaints (sent to Dumas/Propam, or labelled criticism by the desk) are not among them. `confirmedOnly` gives the appendix: every case decided in
 * the period that the totals count as a confirmed hoax (COUNTS_AS_CONFIRMED), so the two always agree.
 */
export async function periodCases(db: Kysely<Database>, p: Period, opts: { limit?: number; confirmedOnly?: boolean } = {}): Promise<ReportCase[]> {
  const r = await sql<ReportCase>`
    with agg as (
      select ci.case_id, min(i.fetched_at) as first_seen, count(*)::int as items, count(distinct i.source_id)::int as sources,
             coalesce(sum(coalesce(i.views, 0) + coalesce(i.likes, 0) + coalesce(i.shares, 0) + coalesce(i.replies, 0)), 0)::float8 as engagement,
             bool_or(i.fetched_at >= ${p.from} and i.fetched_at < ${p.to}) as seen_in_period,
             array_agg(i.id) as ids
      from case_items ci join items i on i.id = ci.item_id group by ci.case_id
    )
    select k.id, k.title, k.verdict, k.content_type, k.topic, k.priority, a.first_seen, k.decided_at, a.items, a.sources, a.engagement,
           (select count(*)::int from items d where d.duplicate_of = any(a.ids) and not d.id = any(a.ids)) as reposts,
           l.status as clarification_status, l.url as clarification_url
    from cases k join agg a on a.case_id = k.id
    left join lateral (
      select cl.status, (select pb.url from clarification_publications pb where pb.clarification_id = cl.id order by pb.published_at limit 1) as url
      from clarifications cl where cl.case_id = k.id order by (cl.status = 'published') desc, cl.updated_at desc limit 1
    ) l on true
    where ${
      opts.confirmedOnly
        ? sql`k.decided_at >= ${p.from} and k.decided_at < ${p.to} and ${COUNTS_AS_CONFIRMED}`
        : sql`(a.seen_in_period or (k.decided_at >= ${p.from} and k.decided_at < ${p.to})) and not ${IS_COMPLAINT_CASE}`
    }
    order by ${opts.confirmedOnly ? sql`k.decided_at, k.id` : sql`case k.priority when 'tinggi' then 0 when 'sedang' then 1 else 2 end, a.items + a.sources desc, a.engagement desc, k.id`}
    limit ${opts.limit ?? 1000}`.execute(db);
  return r.rows.map((c) => ({ ...c, engagement: Number(c.engagement) }));
}

export interface SourceHealth {
  source_id: string;
  name: string;
  kind: string;
  runs: number;
  failures: number;
  last_error: string | null;
  new_items: number;
}

/** Scheduled sources of the pipeline that failed or brought nothing new in the period. */
export async function sourceProblems(db: Kysely<Database>, p: Period, pipeline: string): Promise<SourceHealth[]> {
  const r = await sql<SourceHealth>`
    select s.id as source_id, s.name, s.kind,
           count(r.id)::int as runs, count(r.id) filter (where r.status = 'failure')::int as failures,
           (array_agg(r.error order by r.started_at desc) filter (where r.error is not null))[1] as last_error,
           coalesce(sum(r.items_new), 0)::int as new_items
    from sources s left join fetch_runs r on r.source_id = s.id and r.started_at >= ${p.from} and r.started_at < ${p.to}
    where s.pipeline = ${pipeline} and s.enabled and s.schedule is not null
    group by s.id, s.name, s.kind
    having count(r.id) filter (where r.status = 'failure') > 0 or coalesce(sum(r.items_new), 0) = 0
    order by failures desc, s.id`.execute(db);
  return r.rows;
}

/** Upserts the week's row: regenerating a week replaces its files, figures and time. */
export function saveReport(
  db: Kysely<Database>,
  r: {
    pipeline: string;
    week: { id: string; start: Date; end: Date };
    number: string;
    generatedAt: Date;
    generatedBy: number | null;
    figures: Record<string, unknown>;
    htmlPath: string | null;
    pdfPath: string | null;
  },
) {
  return db
    .insertInto('reports')
    .values({
      pipeline: r.pipeline,
      kind: 'weekly',
      period: r.week.id,
      period_start: r.week.start,
      period_end: r.week.end,
      number: r.number,
      generated_at: r.generatedAt,
      generated_by: r.generatedBy,
      figures: JSON.stringify(r.figures),
      html_path: r.htmlPath,
      pdf_path: r.pdfPath,
    })
    .onConflict((oc) =>
      oc.columns(['pipeline', 'kind', 'period']).doUpdateSet((eb) => ({
        generated_at: eb.ref('excluded.generated_at'),
        generated_by: eb.ref('excluded.generated_by'),
        figures: eb.ref('excluded.figures'),
        html_path: eb.ref('excluded.html_path'),
        pdf_path: eb.ref('excluded.pdf_path'),
        number: eb.ref('excluded.number'),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function listReports(db: Kysely<Database>, pipeline: string) {
  return db
    .selectFrom('reports as r')
    .leftJoin('users as u', 'u.id', 'r.generated_by')
    .select([
      'r.id',
      'r.period',
      'r.number',
      'r.period_start',
      'r.period_end',
      'r.generated_at',
      'u.display_name as generated_by_name',
      'r.html_path',
      'r.pdf_path',
      'r.figures',
    ])
    .where('r.pipeline', '=', pipeline)
    .orderBy('r.period_start', 'desc')
    .limit(200)
    .execute();
}

/** A report's period and files, only if it belongs to the pipeline. */
export function reportFiles(db: Kysely<Database>, pipeline: string, id: number) {
  return db.selectFrom('reports').select(['period', 'html_path', 'pdf_path']).where('id', '=', id).where('pipeline', '=', pipeline).executeTakeFirst();
}

/**
 * When the last item before `before` was seen, and the last item up to `now`: what picks a report's
 * default week. Two index lookups on items_fetched in one statement.
 */
export async function latestSeen(db: Kysely<Database>, before: Date, now: Date): Promise<{ before: Date | null; latest: Date | null }> {
  const r = await sql<{ before: Date | null; latest: Date | null }>`
    select (select max(fetched_at) from items where fetched_at < ${before}) as before,
           (select max(fetched_at) from items where fetched_at <= ${now}) as latest`.execute(db);
  const row = r.rows[0]!;
  // pg returns timestamptz as Date; PGlite too, but a null max stays null on both.
  return { before: row.before ? new Date(row.before) : null, latest: row.latest ? new Date(row.latest) : null };
}
