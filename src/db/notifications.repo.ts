import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, DeskNotificationsTable } from './schema.ts';

/** In-desk notifications (sql/0016): one query per function; who gets what is decided in review/notifications.ts. */

export type NewNotification = Omit<Insertable<DeskNotificationsTable>, 'id' | 'created_at' | 'read_at'>;

export async function insertNotifications(db: Kysely<Database>, rows: readonly NewNotification[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('desk_notifications')
    .values(rows.map((r) => ({ ...r, created_at: new Date() })))
    .execute();
}

/** A person's notifications, newest first, with the name of who caused each. */
export function listNotifications(db: Kysely<Database>, userId: number, opts: { limit: number; offset: number; unreadOnly?: boolean }) {
  let q = db
    .selectFrom('desk_notifications as n')
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .select(['n.id', 'n.kind', 'n.case_id', 'n.clarification_id', 'n.title', 'n.comment', 'n.created_at', 'n.read_at', 'a.display_name as actor_name'])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset);
  if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
  return q.execute();
}

/** How many notifications a person has not read (the nav's count; walks the partial index desk_notifications_unread), as a query. */
export function unreadNotificationsCount(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('desk_notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
}

export async function countUnreadNotifications(db: Kysely<Database>, userId: number): Promise<number> {
  return Number((await unreadNotificationsCount(db, userId).executeTakeFirstOrThrow()).n);
}

/** How many notifications a person has in all (the list's pages). */
export async function countNotifications(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await db
    .selectFrom('desk_notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Marks a person's notifications read: those of `ids`, or all of them when `ids` is 'all'. Another
 * person's ids match nothing. Returns the rows marked (with where each leads).
 */
export function markNotificationsRead(db: Kysely<Database>, userId: number, ids: readonly number[] | 'all') {
  let q = db
    .updateTable('desk_notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('user_id', '=', userId);
  q = ids === 'all' ? q.where('read_at', 'is', null) : q.where('id', 'in', ids.length ? [...ids] : [-1]);
  return q.returning(['id', 'kind', 'case_id', 'clarification_id']).execute();
}
