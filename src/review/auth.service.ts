import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit, pickChanged } from '../db/audit.repo.ts';
import type { Database, Role } from '../db/schema.ts';
import {
  deleteSessions,
  findSession,
  findUserByName,
  getUser,
  insertSession,
  insertUser,
  listUsers,
  recentFailures,
  recordLoginAttempt,
  touchSession,
  updateUser,
  type PublicUser,
} from '../db/users.repo.ts';
import { DeskError } from '../errors.ts';
import { invalid, staleOrMissing } from './guard.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { requireRole, ROLES, type Actor } from './roles.ts';

/** A session lives 12 hours after its last use; activity is written at most every 5 minutes. */
export const SESSION_IDLE_MS = 12 * 3600_000;
const TOUCH_EVERY_MS = 5 * 60_000;
/** Login throttling: failures within the window, per name and per address. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_NAME = 5;
export const MAX_FAILURES_PER_IP = 30;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  password: string;
}

/** Creates an account; `actor` null is the CLI (`saring user add`), which the server never exposes. */
export async function addUser(db: Kysely<Database>, actor: Actor | null, u: NewUser): Promise<PublicUser> {
  if (actor) requireRole(actor, 'user.manage');
  const username = u.username.trim().toLowerCase();
  if (!USERNAME.test(username)) throw invalid(`Nama pengguna "${u.username}" tidak sah: 2–40 huruf kecil, angka, titik, - atau _.`);
  if (!u.displayName.trim()) throw invalid('Nama lengkap tidak boleh kosong.');
  const roles = [...new Set(u.roles)];
  if (!roles.length || roles.some((r) => !ROLES.includes(r))) throw invalid(`Peran harus salah satu atau beberapa dari: ${ROLES.join(', ')}.`);
  const problem = passwordProblem(u.password, username);
  if (problem) throw invalid(problem);
  if (await findUserByName(db, username)) throw invalid(`Nama pengguna "${username}" sudah dipakai.`);
  const passwordHash = await hashPassword(u.password);
  return db.transaction().execute(async (tx) => {
    const created = await insertUser(tx, { username, display_name: u.displayName.trim(), roles, password_hash: passwordHash });
    await appendAudit(tx, { userId: actor?.id ?? null, action: 'user.created', entity: 'user', entityId: created.id, after: { username, display_name: created.display_name, roles } });
    return created;
  });
}

export interface UserPatch {
  displayName?: string | undefined;
  roles?: Role[] | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
}

/** An admin's change to an account. Deactivating ends its sessions; the last active admin stays. */
export async function updateUserByAdmin(db: Kysely<Database>, actor: Actor, id: number, version: number, patch: UserPatch): Promise<PublicUser> {
  requireRole(actor, 'user.manage');
  const before = await getUser(db, id);
  if (patch.roles && (!patch.roles.length || patch.roles.some((r) => !ROLES.includes(r)))) throw invalid(`Peran harus salah satu atau beberapa dari: ${ROLES.join(', ')}.`);
  const losesAdmin = before?.roles.includes('admin') && (patch.active === false || (patch.roles && !patch.roles.includes('admin')));
  if (losesAdmin) {
    const admins = (await listUsers(db, { activeOnly: true, role: 'admin' })).filter((a) => a.id !== id);
    if (!admins.length) throw new DeskError('INVALID_STATE', 'Harus tetap ada setidaknya satu admin aktif.');
  }
  const problem = patch.password !== undefined ? passwordProblem(patch.password, before?.username ?? '') : null;
  if (problem) throw invalid(problem);
  const set = {
    ...(patch.displayName?.trim() ? { display_name: patch.displayName.trim() } : {}),
    ...(patch.roles ? { roles: [...new Set(patch.roles)] } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    ...(patch.password !== undefined ? { password_hash: await hashPassword(patch.password) } : {}),
  };
  return db.transaction().execute(async (tx) => {
    const after = await updateUser(tx, id, version, set);
    if (!after) throw await staleOrMissing(tx, 'user', id, !!before);
    if (patch.active === false || patch.password !== undefined) await deleteSessions(tx, { userId: id });
    const changed = pickChanged(before!, after, Object.keys(set).filter((k) => k !== 'password_hash') as Array<keyof PublicUser>);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'user.updated',
      entity: 'user',
      entityId: id,
      before: changed.before,
      after: { ...changed.after, ...(patch.password !== undefined ? { password: 'diganti' } : {}) },
    });
    return after;
  });
}

export interface LoginResult {
  /** The cookie value; only its hash is stored. */
  token: string;
  actor: Actor;
  expiresAt: Date;
}

/**
 * Checks a password and opens a session. Too many failures for the name or the address refuse
 * further tries for the window, before the password is even checked; an unknown name costs the same
 * time as a wrong password.
 */
export async function login(db: Kysely<Database>, input: { username: string; password: string; ip: string; userAgent?: string | undefined }): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const { byName, byIp } = await recentFailures(db, username, input.ip, new Date(Date.now() - LOGIN_WINDOW_MS));
  if (byName >= MAX_FAILURES_PER_NAME || byIp >= MAX_FAILURES_PER_IP) {
    throw new DeskError('RATE_LIMITED', `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${LOGIN_WINDOW_MS / 60_000} menit.`);
  }
  const user = await findUserByName(db, username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    await recordLoginAttempt(db, { username, ip: input.ip, succeeded: false });
    throw new DeskError('UNAUTHENTICATED', 'Nama pengguna atau kata sandi salah.');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_IDLE_MS);
  await db.transaction().execute(async (tx) => {
    await recordLoginAttempt(tx, { username, ip: input.ip, succeeded: true });
    await insertSession(tx, { tokenHash: hashToken(token), userId: user.id, csrfToken: randomBytes(24).toString('base64url'), expiresAt, userAgent: input.userAgent?.slice(0, 300) ?? null });
  });
  return { token, actor: { id: user.id, username: user.username, display_name: user.display_name, roles: user.roles }, expiresAt };
}

export interface SessionInfo {
  actor: Actor;
  csrfToken: string;
  tokenHash: string;
}

/** The signed-in actor of a cookie token, or null; extends the idle expiry as it is used. */
export async function resumeSession(db: Kysely<Database>, token: string | undefined): Promise<SessionInfo | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const s = await findSession(db, tokenHash);
  if (!s) return null;
  if (Date.now() - s.last_seen_at.getTime() > TOUCH_EVERY_MS) await touchSession(db, tokenHash, new Date(Date.now() + SESSION_IDLE_MS));
  return { actor: { id: s.id, username: s.username, display_name: s.display_name, roles: s.roles }, csrfToken: s.csrf_token, tokenHash };
}

export async function logout(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await deleteSessions(db, { tokenHash });
}

/**
 * A fresh deployment has no accounts and no way in. The first `saring start` creates `admin` (with
 * the analyst role too, so one person can try the desk) and a random password, returned once for the
 * log; the admin changes it on the Pengguna page. Returns null when any account exists.
 */
export async function ensureFirstAdmin(db: Kysely<Database>): Promise<{ username: string; password: string } | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const password = randomBytes(12).toString('base64url');
  await addUser(db, null, { username: 'admin', displayName: 'Admin Saring', roles: ['admin', 'analis'], password });
  return { username: 'admin', password };
}
