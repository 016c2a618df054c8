import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { timingSafeEqual } from 'node:crypto';
import { resumeSession, SESSION_IDLE_MS } from '../review/auth.service.ts';
import { isIP } from 'node:net';
import { DeskError } from '../errors.ts';
import type { AppEnv } from './env.ts';

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

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
function plainAddress(a: string): string {
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/**
 * The client's address for login throttling. `X-Forwarded-For` is believed only when the peer is a
 * trusted proxy (the desk binds 127.0.0.1, so a local nginx is every client's peer): then the client
 * is the rightmost address that is not itself a trusted proxy. From anyone else the header is ignored,
 * or a guesser could dodge the per-address limit by inventing addresses. app.request() has no socket.
 */
export function resolveClientIp(c: Context, trustedProxies: ReadonlySet<string>): string {
  let peer: string;
  try {
    peer = plainAddress(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'unknown';
  }
  if (!trustedProxies.has(peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => plainAddress(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return peer; // a garbled header: count the proxy itself rather than a made-up name
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}

/** Resolves `c.var.clientIp` for every request (see resolveClientIp). */
export function clientIpMiddleware(trustedProxies: readonly string[]): MiddlewareHandler<AppEnv> {
  const trusted = new Set(trustedProxies.map(plainAddress));
  return async (c, next) => {
    c.set('clientIp', resolveClientIp(c, trusted));
    await next();
  };
}
