import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { timingSafeEqual } from 'node:crypto';
import { resumeSession, SESSION_IDLE_MS } from '../review/auth.service.ts';
import { DeskError } from '../errors.ts';
import type { z } from 'zod';
import type { AppEnv } from './env.ts';
import { parseInput, readInput } from './respond.ts';

export const SESSION_COOKIE = 'saring_sesi';

/** Secure cookies when the request came over HTTPS (directly or through a proxy that says so). */
function overHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: overHttps(c), maxAge: SESSION_IDLE_MS / 1000 });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The token of a request: the session cookie (browsers) or `Authorization: Bearer` (integrations). */
function requestToken(c: Context): { token: string | undefined; bearer: boolean } {
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), bearer: true };
  return { token: getCookie(c, SESSION_COOKIE), bearer: false };
}

/** Resolves the session of every request into `c.var.session`. */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { token } = requestToken(c);
    c.set('session', await resumeSession(c.var.rt.sdb.db, token));
    await next();
  };
}

/**
 * CSRF for every unsafe request made with the cookie: the session's token must come back in the form
 * field `_csrf` or the `X-CSRF-Token` header. Bearer requests carry no ambient credentials and skip it.
 */
export function checkCsrf(c: Context<AppEnv>, form: Record<string, unknown>): void {
  if (requestToken(c).bearer) return;
  const expected = c.var.session?.csrfToken;
  const given = (typeof form._csrf === 'string' ? form._csrf : undefined) ?? c.req.header('x-csrf-token');
  const ok = !!expected && !!given && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) throw new DeskError('FORBIDDEN', 'Formulir kedaluwarsa atau tidak sah (token CSRF). Muat ulang halaman lalu ulangi.');
}

/** The client's address for login throttling; app.request() in tests has no socket. */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A posted form or JSON body: its CSRF token checked first, then parsed by the route's schema. */
export async function readForm<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const input = await readInput(c);
  checkCsrf(c, input);
  return parseInput(schema, input);
}
