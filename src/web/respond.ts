import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { DeskError, describeIssues } from '../errors.ts';

/**
 * One route serves people and integrations: HTML for browsers, JSON for `Accept: application/json`
 * or any /api/ path. Form posts answer with a redirect and a one-time message (flash); JSON posts with
 * the changed record.
 */
export function wantsJson(c: Context): boolean {
  if (new URL(c.req.url).pathname.startsWith('/api/')) return true;
  const accept = c.req.header('accept') ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html')) return true;
  return (c.req.header('content-type') ?? '').includes('application/json');
}

/** A record id in a path or form (a positive integer within JavaScript's safe range). */
export const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53);

/** A checkbox group: a form sends one string, several or nothing; JSON clients send an array. */
export const formList = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** An empty form field means "not given". */
export const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** zod's own Indonesian messages, for fields whose schema gives none of its own; the CLI and pipeline files keep English. */
const ID_MESSAGES = z.locales.id().localeError;

/** Parses input with a zod schema; a failure names each field, in Indonesian. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input, { error: ID_MESSAGES });
  if (!r.success) throw new DeskError('INVALID_INPUT', `Isian tidak sah: ${describeIssues(r.error)}`);
  return r.data;
}

const FLASH = 'saring_pesan';
export type Flash = { kind: 'ok' | 'error'; text: string };

export function setFlash(c: Context, f: Flash): void {
  // hono encodes cookie values itself
  setCookie(c, FLASH, JSON.stringify(f), { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 60 });
}

/** Reads and clears the one-time message. */
export function takeFlash(c: Context): Flash | null {
  const raw = getCookie(c, FLASH);
  if (!raw) return null;
  deleteCookie(c, FLASH, { path: '/' });
  try {
    const f = JSON.parse(raw) as Flash;
    return (f.kind === 'ok' || f.kind === 'error') && typeof f.text === 'string' ? { kind: f.kind, text: f.text.slice(0, 500) } : null;
  } catch {
    return null;
  }
}

/** The answer to a successful post: JSON of `data`, or a redirect with a message. */
export function done(c: Context, data: unknown, to: string, message: string): Response {
  if (wantsJson(c)) return c.json(data as object);
  setFlash(c, { kind: 'ok', text: message });
  return c.redirect(to, 303);
}

/**
 * `path` when it is a path on this site, else `fallback`. "//host/x" and "/\host" are refused: a
 * browser reads both as another host, so they would turn our redirects into open redirects.
 * @example localPath('//evil.example/x') // '/'
 */
export function localPath(path: string | null | undefined, fallback = '/'): string {
  return path && /^\/(?!\/)[^\s\\]*$/.test(path) ? path : fallback;
}

/** Where to send a browser back to after a refused post: the same-origin page it came from. */
export function backTo(c: Context): string {
  const ref = c.req.header('referer');
  if (!ref) return '/';
  try {
    const u = new URL(ref, c.req.url);
    return u.origin === new URL(c.req.url).origin ? localPath(u.pathname + u.search) : '/';
  } catch {
    return '/'; // a Referer that is not a URL
  }
}
