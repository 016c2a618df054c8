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

export async function insertSession(
  db: Kysely<Database>,
  s: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date; userAgent: string | null },
): Promise<void> {
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

/**
 * Serialises logins for one name and for one address until the transaction ends: counting the
 * failures and reserving the next attempt must be one step, or a burst of requests all count the
 * same few failures and all get checked (issue 15: 60 at once, 50 checked). Names and addresses use
 * separate lock classes, taken in the same order by every login, so they cannot deadlock.
 */
export async function lockLoginKeys(tx: Kysely<Database>, username: string, ip: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7301, hashtext(${username.toLowerCase()}))`.execute(tx);
  await sql`select pg_advisory_xact_lock(7302, hashtext(${ip}))`.execute(tx);
}

export interface LoginPressure {
  /** failures of this name from this address, since this name last signed in from it */
  byPair: number;
  /** failures from this address, any name (a success with one name must not reset guessing at others) */
  byIp: number;
  /** failures of this name from anywhere, since its last success */
  byName: number;
  /** the latest of those failures */
  lastNameFailure: Date | null;
  /** this name signed in from this address since `knownSince`: its owner's usual place */
  knownAddress: boolean;
}

/** What the login throttle decides on, in one statement. Attempts reserved but not yet checked count as failures. */
export async function loginPressure(db: Kysely<Database>, a: { username: string; ip: string; since: Date; knownSince: Date }): Promise<LoginPressure> {
  const name = a.username.toLowerCase();
  const { rows } = await sql<{ by_pair: number; by_ip: number; by_name: number; last_name_failure: Date | null; known_address: boolean }>`
    with name_ok as (select coalesce(max(at), '-infinity'::timestamptz) as m from login_attempts where username = ${name} and succeeded),
         pair_ok as (select coalesce(max(at), '-infinity'::timestamptz) as m from login_attempts where username = ${name} and ip = ${a.ip} and succeeded),
         name_failures as (select at from login_attempts where username = ${name} and not succeeded and at > ${a.since} and at > (select m from name_ok))
    select
      (select count(*)::int from login_attempts where username = ${name} and ip = ${a.ip} and not succeeded and at > ${a.since} and at > (select m from pair_ok)) as by_pair,
      (select count(*)::int from login_attempts where ip = ${a.ip} and not succeeded and at > ${a.since}) as by_ip,
      (select count(*)::int from name_failures) as by_name,
      (select max(at) from name_failures) as last_name_failure,
      exists (select 1 from login_attempts where username = ${name} and ip = ${a.ip} and succeeded and at > ${a.knownSince}) as known_address`.execute(db);
  const r = rows[0]!;
  const last = r.last_name_failure;
  return { byPair: r.by_pair, byIp: r.by_ip, byName: r.by_name, lastNameFailure: last === null ? null : new Date(last), knownAddress: r.known_address };
}

/** Records an attempt as failed before its password is checked; `markLoginSucceeded` turns it into a success. */
export async function reserveLoginAttempt(db: Kysely<Database>, a: { username: string; ip: string }): Promise<number> {
  const row = await db
    .insertInto('login_attempts')
    .values({ username: a.username.toLowerCase(), ip: a.ip, succeeded: false, at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markLoginSucceeded(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', id).execute();
}

export async function hasAnyUser(db: Kysely<Database>): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** An account with its password hash, by id (changing one's own password checks the current one). */
export function findUserById(db: Kysely<Database>, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A person's unexpired sessions, the latest used first. */
export function listUserSessions(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['token_hash', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Ends one of a person's sessions; another person's session matches nothing. True if one ended. */
export async function deleteUserSession(db: Kysely<Database>, userId: number, tokenHash: string): Promise<boolean> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of a person but `keepTokenHash`; returns how many ended. */
export async function deleteOtherSessions(db: Kysely<Database>, userId: number, keepTokenHash: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '<>', keepTokenHash).executeTakeFirst();
  return Number(r.numDeletedRows);
}
