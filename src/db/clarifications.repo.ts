import { sql, type Kysely } from 'kysely';
import type { ClarificationStatus, Clarification, ClarificationsTable, Database, PublicationChannel } from './schema.ts';
import type { Updateable } from 'kysely';

export function insertClarification(db: Kysely<Database>, c: { caseId: number; template: string; body: string; authorId: number }): Promise<Clarification> {
  const now = new Date();
  return db
    .insertInto('clarifications')
    .values({ case_id: c.caseId, template: c.template, body: c.body, author_id: c.authorId, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Optimistic update: undefined when `version` is stale (or the clarification is gone). */
export function updateClarificationRow(
  db: Kysely<Database>,
  id: number,
  version: number,
  set: Omit<Updateable<ClarificationsTable>, 'id' | 'version' | 'updated_at'>,
): Promise<Clarification | undefined> {
  return db
    .updateTable('clarifications')
    .set({ ...set, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Notes that `userId` wrote (part of) the clarification's text; once per person. */
export async function recordEditor(db: Kysely<Database>, clarificationId: number, userId: number): Promise<void> {
  await db
    .insertInto('clarification_editors')
    .values({ clarification_id: clarificationId, user_id: userId, first_edited_at: new Date() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The ids of everyone who wrote the clarification's text, in the order they first did. */
export async function editorIds(db: Kysely<Database>, clarificationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('clarification_editors')
    .select('user_id')
    .where('clarification_id', '=', clarificationId)
    .orderBy('first_edited_at')
    .execute();
  return rows.map((r) => r.user_id);
}

function withPeople(db: Kysely<Database>) {
  return db
    .selectFrom('clarifications as l')
    .innerJoin('cases as k', 'k.id', 'l.case_id')
    .innerJoin('users as a', 'a.id', 'l.author_id')
    .leftJoin('users as d', 'd.id', 'l.decided_by')
    .selectAll('l')
    .select(['k.title as case_title', 'k.verdict as case_verdict', 'a.display_name as author_name', 'd.display_name as decided_by_name']);
}

export function getClarification(db: Kysely<Database>, id: number) {
  return withPeople(db).where('l.id', '=', id).executeTakeFirst();
}

export function listClarifications(db: Kysely<Database>, opts: { status?: ClarificationStatus | undefined; caseId?: number | undefined; limit?: number } = {}) {
  let q = withPeople(db)
    .orderBy('l.updated_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(opts.limit ?? 100);
  if (opts.status) q = q.where('l.status', '=', opts.status);
  if (opts.caseId) q = q.where('l.case_id', '=', opts.caseId);
  return q.execute();
}

export function insertPublication(
  db: Kysely<Database>,
  p: { clarificationId: number; channel: PublicationChannel; url: string | null; publishedAt: Date; recordedBy: number },
) {
  return db
    .insertInto('clarification_publications')
    .values({
      clarification_id: p.clarificationId,
      channel: p.channel,
      url: p.url,
      published_at: p.publishedAt,
      recorded_by: p.recordedBy,
      recorded_at: new Date(),
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export function publications(db: Kysely<Database>, clarificationId: number) {
  return db
    .selectFrom('clarification_publications as p')
    .innerJoin('users as u', 'u.id', 'p.recorded_by')
    .select(['p.id', 'p.channel', 'p.url', 'p.published_at', 'u.display_name as recorded_by_name'])
    .where('p.clarification_id', '=', clarificationId)
    .orderBy('p.published_at')
    .execute();
}

/** A clarification of the case that went past its draft (submitted, approved or published), if any. */
export function clarificationPastDraft(db: Kysely<Database>, caseId: number) {
  return db
    .selectFrom('clarifications')
    .select('status')
    .where('case_id', '=', caseId)
    .where('status', 'in', ['submitted', 'approved', 'published'])
    .executeTakeFirst();
}
