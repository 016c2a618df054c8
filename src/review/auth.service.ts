import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit, pickChanged } from '../db/audit.repo.ts';
import type { Database, Role } from '../db/schema.ts';
import {
  deleteSessions,
  findSession,
  findUserByName,
  getUser,
  hasAnyUser,
  insertSession,
  insertUser,
  listUsers,
  lockLoginKeys,
  loginPressure,
  markLoginSucceeded,
  reserveLoginAttempt,
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
/** Login throttling counts failures within this window. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
/**
 * Failures of one name from one address before that pair is locked for the window. The lock is the
 * pair's, not the name's: a guesser elsewhere cannot lock the owner out (issue 15).
 */
export const MAX_FAILURES_PER_NAME = 5;
/** Failures from one address, whatever the names, before the address is locked for the window. */
export const MAX_FAILURES_PER_IP = 30;
/**
 * Past MAX_FAILURES_PER_NAME failures of a name from anywhere, each further try from an address the
 * owner has not signed in from waits after the latest failure: 1 minute, doubling with every failure,
 * at most 8. Guessing from many addresses slows to a crawl; the owner at a usual address is not held up.
 */
export const NAME_DELAY_BASE_MS = 60_000;
export const NAME_DELAY_MAX_MS = 8 * 60_000;
/** An address the name signed in from within this long counts as its owner's. */
export const KNOWN_ADDRESS_MS = 30 * 86_400_000;

/** How long a name with `failures` recent failures makes a new address wait after the latest one. */
export function nameDelayMs(failures: number): number {
  if (failures < MAX_FAILURES_PER_NAME) return 0;
  return Math.min(NAME_DELAY_BASE_MS * 2 ** (failures - MAX_FAILURES_PER_NAME), NAME_DELAY_MAX_MS);
}

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
    await appendAudit(tx, {
      userId: actor?.id ?? null,
      action: 'user.created',
      entity: 'user',
      entityId: created.id,
      after: { username, display_name: created.display_name, roles },
    });
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
  if (patch.roles && (!patch.roles.length || patch.roles.some((r) => !ROLES.includes(r))))
    throw invalid(`Peran harus salah satu atau beberapa dari: ${ROLES.join(', ')}.`);
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
 * Decides the password throttle for `username` from `ip` and reserves the attempt (recorded as a
 * failure until markLoginSucceeded), in one transaction holding locks on the name and the address:
 * concurrent requests queue on the lock and each sees the ones before it, so at most the limit is
 * ever checked. Signing in and changing one's own password (account.service.ts) both go through it,
 * so a stolen session cannot be used to guess its owner's password faster than the login form allows.
 */
export async function reservePasswordAttempt(db: Kysely<Database>, username: string, ip: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await lockLoginKeys(tx, username, ip);
    // read the clock after the lock: a request that queued behind others must measure from now
    const now = Date.now();
    const p = await loginPressure(tx, { username, ip, since: new Date(now - LOGIN_WINDOW_MS), knownSince: new Date(now - KNOWN_ADDRESS_MS) });
    if (p.byPair >= MAX_FAILURES_PER_NAME || p.byIp >= MAX_FAILURES_PER_IP) {
      throw new DeskError('RATE_LIMITED', `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${LOGIN_WINDOW_MS / 60_000} menit.`);
    }
    const delay = p.knownAddress ? 0 : nameDelayMs(p.byName);
    const wait = delay > 0 && p.lastNameFailure ? p.lastNameFailure.getTime() + delay - now : 0;
    if (wait > 0) {
      throw new DeskError('RATE_LIMITED', `Terlalu banyak percobaan masuk yang gagal untuk nama ini. Coba lagi dalam ${Math.ceil(wait / 60_000)} menit.`);
    }
    return reserveLoginAttempt(tx, { username, ip });
  });
}

/**
 * Checks a password and opens a session. The throttle is decided and the attempt reserved (recorded as
 * a failure) in one transaction holding locks on the name and the address, before the password is
 * checked: concurrent requests queue on the lock and each sees the ones before it, so at most the limit
 * is ever checked. Limits: a name from one address (MAX_FAILURES_PER_NAME), one address
 * (MAX_FAILURES_PER_IP), and a growing delay for a name guessed at from many addresses (nameDelayMs),
 * which its owner's usual address skips. An unknown name costs the same time as a wrong password.
 */
export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string; userAgent?: string | undefined },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const attemptId = await reservePasswordAttempt(db, username, input.ip);
  const user = await findUserByName(db, username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  // the reserved attempt stays a failure
  if (!user || !ok || !user.active) throw new DeskError('UNAUTHENTICATED', 'Nama pengguna atau kata sandi salah.');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_IDLE_MS);
  await db.transaction().execute(async (tx) => {
    await markLoginSucceeded(tx, attemptId);
    await insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
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
  if (await hasAnyUser(db)) return null;
  const password = randomBytes(12).toString('base64url');
  await addUser(db, null, { username: 'admin', displayName: 'Admin Saring', roles: ['admin', 'analis'], password });
  return { username: 'admin', password };
}
