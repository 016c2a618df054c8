import { sql, type Kysely } from 'kysely';
import type { CasePriority, ClarificationStatus, ComplaintRoute, ContentType, Database, Verdict } from './schema.ts';

/** A case as the export lists it: its labels, people, spread and times. */
export interface ExportCase {
  id: number;
  title: string;
  verdict: Verdict | null;
  content_type: ContentType | null;
  topic: string | null;
  priority: CasePriority;
  assignee_name: string | null;
  complaint_route: ComplaintRoute | null;
  items: number;
  sources: number;
  first_seen: Date | null;
  created_at: Date;
  decided_at: Date | null;
  clarification_status: ClarificationStatus | null;
}

/**
 * Cases opened in [from, to) (either end open when not given), oldest first, at most `limit`:
 * one query, the items' spread and the latest clarification aggregated per case.
 */
export async function casesForExport(db: Kysely<Database>, f: { from?: Date | undefined; to?: Date | undefined; limit: number }): Promise<ExportCase[]> {
  const r = await sql<ExportCase>`
    select k.id, k.title, k.verdict, k.content_type, k.topic, k.priority, u.display_name as assignee_name, k.complaint_route,
           coalesce(a.items, 0)::int as items, coalesce(a.sources, 0)::int as sources, a.first_seen,
           k.created_at, k.decided_at, l.status as clarification_status
    from cases k
    left join users u on u.id = k.assignee_id
    left join (
      select ci.case_id, count(*) as items, count(distinct i.source_id) as sources, min(i.fetched_at) as first_seen
      from case_items ci join items i on i.id = ci.item_id group by ci.case_id
    ) a on a.case_id = k.id
    left join lateral (
      select cl.status from clarifications cl where cl.case_id = k.id order by (cl.status = 'published') desc, cl.updated_at desc limit 1
    ) l on true
    where ${f.from ? sql`k.created_at >= ${f.from}` : sql`true`} and ${f.to ? sql`k.created_at < ${f.to}` : sql`true`}
    order by k.created_at, k.id
    limit ${f.limit}`.execute(db);
  return r.rows;
}
