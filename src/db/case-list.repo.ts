import { sql, type Kysely } from 'kysely';
import type { CaseListSort, CaseListStatus, ContentType, Verdict } from '../vocabulary.ts';
import { DECISIVE_VERDICTS } from '../vocabulary.ts';
import type { Database } from './schema.ts';

/** The case list's filters (/kasus); absent fields mean "any". */
export interface CaseListFilter {
  /** classifications of this model version hold the police units an item names */
  modelVersion: string;
  status: CaseListStatus;
  verdict?: Verdict | undefined;
  contentType?: ContentType | undefined;
  topic?: string | undefined;
  /** a police unit named by any item of the case */
  unit?: string | undefined;
  assigneeId?: number | undefined;
  /** opened at or after */
  from?: Date | undefined;
  /** opened before */
  to?: Date | undefined;
  sort: CaseListSort;
  page: number;
  pageSize: number;
}

/** The list counts at most this many cases; beyond it the page says "lebih dari 1.000". */
export const CASE_LIST_COUNT_CAP = 1000;

/**
 * Cases by status, labels, unit, assignee and opening date, newest, most urgent or latest changed
 * first, a page at a time. Two queries: the rows (each with its item count as a subquery, not a query
 * per row) and the capped count.
 */
export function listCases(db: Kysely<Database>, f: CaseListFilter) {
  let q = db.selectFrom('cases as k');
  if (f.status === 'terbuka')
    q = q.where((eb) => eb.or([eb('k.verdict', 'is', null), eb('k.verdict', '=', 'perlu_verifikasi')])).where('k.complaint_route', 'is', null);
  if (f.status === 'belum_ada_putusan') q = q.where('k.verdict', 'is', null);
  if (f.status === 'perlu_verifikasi') q = q.where('k.verdict', '=', 'perlu_verifikasi');
  if (f.status === 'diputuskan') q = q.where('k.verdict', 'in', DECISIVE_VERDICTS);
  if (f.status === 'pengaduan') q = q.where('k.complaint_route', 'is not', null);
  if (f.verdict) q = q.where('k.verdict', '=', f.verdict);
  if (f.contentType) q = q.where('k.content_type', '=', f.contentType);
  if (f.topic) q = q.where('k.topic', '=', f.topic);
  if (f.assigneeId) q = q.where('k.assignee_id', '=', f.assigneeId);
  if (f.from) q = q.where('k.created_at', '>=', f.from);
  if (f.to) q = q.where('k.created_at', '<', f.to);
  if (f.unit) {
    const unit = f.unit;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_items as ci')
          .innerJoin('classifications as c', 'c.item_id', 'ci.item_id')
          .select(sql`1`.as('one'))
          .whereRef('ci.case_id', '=', 'k.id')
          .where('c.model_version', '=', f.modelVersion)
          .where(sql<boolean>`${unit} = any(c.police_units)`),
      ),
    );
  }

  const list = () => {
    let rows = q.leftJoin('users as a', 'a.id', 'k.assignee_id').select([
      'k.id',
      'k.title',
      'k.verdict',
      'k.content_type',
      'k.topic',
      'k.priority',
      'k.complaint_route',
      'k.resurfaced_count',
      'k.created_at',
      'k.updated_at',
      'k.decided_at',
      'a.display_name as assignee_name',
      (eb) =>
        eb
          .selectFrom('case_items as n')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('n.case_id', '=', 'k.id')
          .as('item_count'),
    ]);
    if (f.sort === 'prioritas') rows = rows.orderBy(sql`case k.priority when 'tinggi' then 0 when 'sedang' then 1 else 2 end`).orderBy('k.updated_at', 'desc');
    else if (f.sort === 'diperbarui') rows = rows.orderBy('k.updated_at', 'desc');
    else rows = rows.orderBy('k.created_at', 'desc');
    return rows
      .orderBy('k.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
  };
  const count = async () =>
    Number(
      (
        await db
          .selectFrom(
            q
              .select(sql`1`.as('one'))
              .limit(CASE_LIST_COUNT_CAP + 1)
              .as('t'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    /** Matching cases, up to CASE_LIST_COUNT_CAP + 1 (more means "over the cap"). */
    count,
    list,
  };
}
