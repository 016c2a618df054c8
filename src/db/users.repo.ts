import { sql, type Kysely } from 'kysely';
import type { Database, Role, User } from './schema.ts';

export type PublicUser = Omit<User, 'password_hash'>;
const PUBLIC = ['id', 'username', 'display_name', 'roles', 'active', 'version', 'created_at', 'updated_at'] as const;

export function findUserByName(db: Kysely<Database>, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
}

export function getUser(db: Kysely<Database>, id: number): Promise<PublicUser | undefined> {
  return db.selectFrom('users').select(PUBLIC).where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: Kysely<Database>, opts: { activeOnly?: boolean; role?: Role } = {}): Promise<PublicUser[]> {
  let q = db.selectFrom('users').select(PUBLIC).orderBy('display_name');
  if (opts.activeOnly) q = q.where('active', '=', true);
  if (opts.role) q = q.where(sql<boolean>`${opts.role} = any(roles)`);
  return q.execute();
}

export function insertUser(db: Kysely<Database>, u: { username: string; display_name: string; roles: Role[]; password_hash: string }): Promise<PublicUser> {
  return db
    .insertInto('users')
    .values({ ...u, username: u.username.toLowerCase(), updated_at: new Date() })
    .returning(PUBLIC)
    .executeTakeFirstOrThrow();
}

/** Optimistic update: undefined when `version` is no longer the stored one (or the user is gone). */
export function updateUser(
  db: Kysely<Database>,
  id: number,
  version: number,
  set: Partial<Pick<User, 'display_name' | 'roles' | 'active' | 'password_hash'>>,
): Promise<PublicUser | undefined> {
  return db
    .updateTable('users')
    .set({ ...set, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(PUBLIC)
    .executeTakeFirst();
}

export async function insertSession(db: Kysely<Database>, s: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date; userAgent: string | null }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, expires_at: s.expiresAt, user_agent: s.userAgent, last_seen_at: new Date() })
    .execute();
}

/** The session and its user, if the session is unexpired and the user still active. */
export function findSession(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.token_hash', 's.csrf_token', 's.expires_at', 's.last_seen_at', 'u.id', 'u.username', 'u.display_name', 'u.roles'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', new Date())
    .where('u.active', '=', true)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: new Date(), expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessions(db: Kysely<Database>, by: { tokenHash: string } | { userId: number }): Promise<void> {
  let q = db.deleteFrom('sessions');
  q = 'tokenHash' in by ? q.where('token_hash', '=', by.tokenHash) : q.where('user_id', '=', by.userId);
  await q.execute();
}

export async function recordLoginAttempt(db: Kysely<Database>, a: { username: string; ip: string; succeeded: boolean }): Promise<void> {
  await db.insertInto('login_attempts').values({ ...a, username: a.username.toLowerCase(), at: new Date() }).execute();
}

/**
 * Failed logins since `since`: for a name, counted since that name's last success (the owner got in);
 * for an address, all of them (a success with one account must not reset guessing at others).
 */
export async function recentFailures(db: Kysely<Database>, username: string, ip: string, since: Date): Promise<{ byName: number; byIp: number }> {
  const name = username.toLowerCase();
  const failures = db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('succeeded', '=', false)
    .where('at', '>', since);
  const lastSuccess = db
    .selectFrom('login_attempts')
    .select(sql<Date>`coalesce(max(at), '-infinity'::timestamptz)`.as('m'))
    .where('username', '=', name)
    .where('succeeded', '=', true);
  const [n, i] = await Promise.all([
    failures.where('username', '=', name).where('at', '>', lastSuccess).executeTakeFirstOrThrow(),
    failures.where('ip', '=', ip).executeTakeFirstOrThrow(),
  ]);
  return { byName: n.n, byIp: i.n };
}
