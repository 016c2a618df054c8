import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.repo.ts';
import type { Database } from '../db/schema.ts';
import { deleteOtherSessions, deleteUserSession, findUserById, listUserSessions, markLoginSucceeded, updateUser } from '../db/users.repo.ts';
import { DeskError } from '../errors.ts';
import { reservePasswordAttempt } from './auth.service.ts';
import { invalid } from './guard.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import type { Actor } from './roles.ts';

/**
 * A person's own account: their password and their sessions (every role may do this for itself; admins
 * change other people's accounts in auth.service.ts). `currentTokenHash` is the session the request
 * came with, which a password change keeps and which "end this session" signs out.
 */

/**
 * How a session is named on the account page and in the form that ends it: a hash of its token hash,
 * so the page never shows the key the sessions table is looked up by.
 */
export function sessionHandle(tokenHash: string): string {
  return createHash('sha256').update(`saring-sesi:${tokenHash}`).digest('hex').slice(0, 32);
}

export interface PasswordChange {
  current: string;
  next: string;
  /** the new password typed again */
  repeat: string;
  /** where the request came from: wrong current passwords count against the login throttle from there */
  ip: string;
}

/**
 * Changes the actor's own password after checking the current one. Every other session of theirs
 * ends (whoever else held one is out); the one making the change stays signed in.
 */
export async function changeOwnPassword(db: Kysely<Database>, actor: Actor, currentTokenHash: string, p: PasswordChange): Promise<{ endedSessions: number }> {
  if (!p.current) throw invalid('Kata sandi saat ini: wajib diisi.');
  if (p.next !== p.repeat) throw invalid('Kata sandi baru dan ulangannya tidak sama; ketik ulang keduanya.');
  const problem = passwordProblem(p.next, actor.username);
  if (problem) throw invalid(`Kata sandi baru: ${problem}`);
  if (p.next === p.current) throw invalid('Kata sandi baru harus berbeda dari kata sandi saat ini.');
  const user = await findUserById(db, actor.id);
  if (!user?.active) throw new DeskError('UNAUTHENTICATED', 'Akun ini tidak aktif lagi; silakan hubungi admin.');
  // Counted like a login (a stolen session must not guess its owner's password faster than the form allows).
  const attemptId = await reservePasswordAttempt(db, user.username, p.ip);
  if (!(await verifyPassword(p.current, user.password_hash))) throw invalid('Kata sandi saat ini salah.');
  const passwordHash = await hashPassword(p.next);
  return db.transaction().execute(async (tx) => {
    await markLoginSucceeded(tx, attemptId);
    const after = await updateUser(tx, user.id, user.version, { password_hash: passwordHash });
    if (!after) throw new DeskError('CONFLICT', 'Akun Anda baru saja diubah di tempat lain. Muat ulang halaman lalu ulangi.');
    const endedSessions = await deleteOtherSessions(tx, user.id, currentTokenHash);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'user.password_changed',
      entity: 'user',
      entityId: actor.id,
      after: { password: 'diganti', sessions_ended: endedSessions },
    });
    return { endedSessions };
  });
}

export interface OwnSession {
  handle: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user_agent: string | null;
  /** the session this request came with */
  current: boolean;
}

/** The actor's unexpired sessions, the one in use marked. */
export async function ownSessions(db: Kysely<Database>, actor: Actor, currentTokenHash: string): Promise<OwnSession[]> {
  const rows = await listUserSessions(db, actor.id);
  return rows.map((r) => ({
    handle: sessionHandle(r.token_hash),
    created_at: r.created_at,
    last_seen_at: r.last_seen_at,
    expires_at: r.expires_at,
    user_agent: r.user_agent,
    current: r.token_hash === currentTokenHash,
  }));
}

/**
 * Ends one of the actor's own sessions by its handle. Returns whether it was the current one (the
 * web then clears the cookie: the person has signed out).
 */
export async function endOwnSession(db: Kysely<Database>, actor: Actor, currentTokenHash: string, handle: string): Promise<{ current: boolean }> {
  const target = (await listUserSessions(db, actor.id)).find((r) => sessionHandle(r.token_hash) === handle);
  if (!target) throw new DeskError('NOT_FOUND', 'Sesi itu tidak ditemukan atau sudah berakhir.');
  return db.transaction().execute(async (tx) => {
    if (!(await deleteUserSession(tx, actor.id, target.token_hash))) throw new DeskError('NOT_FOUND', 'Sesi itu tidak ditemukan atau sudah berakhir.');
    const current = target.token_hash === currentTokenHash;
    await appendAudit(tx, { userId: actor.id, action: 'user.session_ended', entity: 'user', entityId: actor.id, after: { sessions_ended: 1, current } });
    return { current };
  });
}

/** Ends every session of the actor but the current one; returns how many ended. */
export async function endOtherOwnSessions(db: Kysely<Database>, actor: Actor, currentTokenHash: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const n = await deleteOtherSessions(tx, actor.id, currentTokenHash);
    if (n)
      await appendAudit(tx, {
        userId: actor.id,
        action: 'user.session_ended',
        entity: 'user',
        entityId: actor.id,
        after: { sessions_ended: n, current: false },
      });
    return n;
  });
}
