import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { CONFIRMED_VERDICTS } from '../vocabulary.ts';
import { unreadNotificationsCount } from './notifications.repo.ts';

/**
 * What waits for each role, counted for the nav and listed on the role homes (web/routes/home.ts).
 * Each count is one query over the small desk tables (cases, clarifications), never a query per row.
 */

const countOf = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) => Number((await q.executeTakeFirstOrThrow()).n);

/** Clarifications submitted for approval that `userId` may decide: not written (drafted or edited) by them. */
function awaitingDecision(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('clarifications as l')
    .where('l.status', '=', 'submitted')
    .where('l.author_id', '<>', userId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('clarification_editors as e')
            .select(sql`1`.as('one'))
            .whereRef('e.clarification_id', '=', 'l.id')
            .where('e.user_id', '=', userId),
        ),
      ),
    );
}

const awaitingDecisionCount = (db: Kysely<Database>, userId: number) => awaitingDecision(db, userId).select((eb) => eb.fn.countAll<number>().as('n'));

export function countAwaitingDecision(db: Kysely<Database>, userId: number): Promise<number> {
  return countOf(awaitingDecisionCount(db, userId));
}

/**
 * Confirmed cases (hoaks, disinformasi, misinformasi) no clarification has gone up for yet: none
 * submitted, approved or published. A draft being written (or returned) still counts: the work is open.
 */
function needingClarification(db: Kysely<Database>) {
  return db
    .selectFrom('cases as k')
    .where('k.verdict', 'in', CONFIRMED_VERDICTS)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('clarifications as l')
            .select(sql`1`.as('one'))
            .whereRef('l.case_id', '=', 'k.id')
            .where('l.status', 'in', ['submitted', 'approved', 'published']),
        ),
      ),
    );
}

const needingClarificationCount = (db: Kysely<Database>) => needingClarification(db).select((eb) => eb.fn.countAll<number>().as('n'));

export function countCasesNeedingClarification(db: Kysely<Database>): Promise<number> {
  return countOf(needingClarificationCount(db));
}

/** Those cases, most urgent first (priority, then decided longest ago), with the latest draft's status if one is being written. */
export function casesNeedingClarification(db: Kysely<Database>, limit: number) {
  return needingClarification(db)
    .select([
      'k.id',
      'k.title',
      'k.verdict',
      'k.priority',
      'k.decided_at',
      (eb) =>
        eb.selectFrom('clarifications as d').select('d.status').whereRef('d.case_id', '=', 'k.id').orderBy('d.updated_at', 'desc').limit(1).as('draft_status'),
    ])
    .orderBy(sql`case k.priority when 'tinggi' then 0 when 'sedang' then 1 else 2 end`)
    .orderBy('k.decided_at', 'asc')
    .orderBy('k.id')
    .limit(limit)
    .execute();
}

/** Approved clarifications not yet recorded as published: humas' next step. */
const approvedUnpublishedCount = (db: Kysely<Database>) =>
  db
    .selectFrom('clarifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'approved');

export function countApprovedUnpublished(db: Kysely<Database>): Promise<number> {
  return countOf(approvedUnpublishedCount(db));
}

/** Open cases assigned to `userId`: no decisive verdict yet and not sent to complaint handling. */
const openAssignedCount = (db: Kysely<Database>, userId: number) =>
  db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assignee_id', '=', userId)
    .where((eb) => eb.or([eb('verdict', 'is', null), eb('verdict', '=', 'perlu_verifikasi')]))
    .where('complaint_route', 'is', null);

export function countOpenAssigned(db: Kysely<Database>, userId: number): Promise<number> {
  return countOf(openAssignedCount(db, userId));
}

/** Which of the nav's counts a person gets (by their roles); unread notifications are always counted. */
export interface NavCountsWanted {
  awaitingDecision: boolean;
  needClarification: boolean;
  readyToPublish: boolean;
  myOpenCases: boolean;
}

/**
 * The nav's counts for `userId` in one round trip: the counts above as scalar subqueries of one
 * statement (each its own plan over the small desk tables). Every page a browser reads asks for them,
 * so one round trip instead of up to five is what a busy server notices. An unwanted count is null.
 */
export async function navCounts(db: Kysely<Database>, userId: number, want: NavCountsWanted) {
  const none = sql<null>`null`;
  const r = await db
    .selectNoFrom([
      unreadNotificationsCount(db, userId).as('unread'),
      (want.awaitingDecision ? awaitingDecisionCount(db, userId) : none).as('awaiting_decision'),
      (want.needClarification ? needingClarificationCount(db) : none).as('need_clarification'),
      (want.readyToPublish ? approvedUnpublishedCount(db) : none).as('ready_to_publish'),
      (want.myOpenCases ? openAssignedCount(db, userId) : none).as('my_open_cases'),
    ])
    .executeTakeFirstOrThrow();
  const n = (v: number | string | bigint | null) => (v === null ? undefined : Number(v));
  return {
    unread: Number(r.unread ?? 0),
    awaitingDecision: n(r.awaiting_decision),
    needClarification: n(r.need_clarification),
    readyToPublish: n(r.ready_to_publish),
    myOpenCases: n(r.my_open_cases),
  };
}

/** The clarifications countAwaitingDecision counts, oldest submission first (waiting longest on top). */
export function clarificationsAwaitingDecision(db: Kysely<Database>, userId: number, limit: number) {
  return awaitingDecision(db, userId)
    .innerJoin('cases as k', 'k.id', 'l.case_id')
    .innerJoin('users as a', 'a.id', 'l.author_id')
    .select(['l.id', 'l.case_id', 'k.title as case_title', 'k.verdict as case_verdict', 'a.display_name as author_name', 'l.submitted_at', 'l.updated_at'])
    .orderBy('l.submitted_at', 'asc')
    .orderBy('l.id')
    .limit(limit)
    .execute();
}
