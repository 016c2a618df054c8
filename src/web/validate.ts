import type { Context, Env, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { DeskError } from '../errors.ts';
import type { AppEnv } from './env.ts';
import { parseInput } from './respond.ts';
import { checkCsrf } from './session.ts';

/**
 * Input at the web's edge: path parameters, query strings and bodies, each parsed by the route's zod
 * schema before the handler runs, read through `c.req.valid('param' | 'query' | 'form')`.
 * Bodies are size-limited before they are read, and text with NUL is refused by field name: PostgreSQL
 * cannot store U+0000 in text, so letting it through ends in an error 500 (or, for a tip, nothing stored).
 */

/** Body limits in bytes, before parsing (issue 15: a 250 MB JSON to /login was read in full). */
export const BODY_LIMIT = {
  /** name, password and the page to return to; a 1024-character password percent-encoded fits */
  login: 16 * 1024,
  /** every other form: notes, verdicts, users, registry entries */
  form: 64 * 1024,
  /** long text: a tip (100,000 characters of pasted message) or a clarification being edited */
  text: 1024 * 1024,
  /** a tip with its images: four of at most 10 MiB each (images/decode.ts), and its text */
  upload: 4 * 10 * 1024 * 1024 + 1024 * 1024,
} as const;

const NUL_MESSAGE = 'berisi karakter NUL (kode 0) yang tidak dapat disimpan; hapus karakter itu lalu kirim lagi.';

/** The path of the first string holding U+0000 in a parsed input ("body", "roles.1"), or null. */
export function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'isian' : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const at = findNul(v, [...path, String(i)]);
      if (at) return at;
    }
  } else if (value && typeof value === 'object' && !(value instanceof Blob)) {
    for (const [k, v] of Object.entries(value)) {
      const at = findNul(v, [...path, k.replaceAll('\u0000', '\\0')]);
      if (at) return at;
    }
  }
  return null;
}

/** Refuses an input holding NUL anywhere, naming the field; otherwise parses it with `schema`. */
export function parseClean<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const at = findNul(input);
  if (at) throw new DeskError('INVALID_INPUT', `Isian tidak sah: ${at}: ${NUL_MESSAGE}`);
  return parseInput(schema, input);
}

/** The submitted fields, from a form or a JSON body; repeated form fields become arrays. */
export async function readInput(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    const body: unknown = await c.req.json().catch(() => {
      throw new DeskError('INVALID_INPUT', 'Isi permintaan bukan JSON yang sah.');
    });
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DeskError('INVALID_INPUT', 'Isi permintaan harus berupa objek JSON.');
    return body as Record<string, unknown>;
  }
  if (type.includes('form-urlencoded') || type.includes('multipart/form-data')) return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  return {}; // a bare POST (an API call with nothing to say)
}

type Valid<T extends 'param' | 'query' | 'form', S extends z.ZodType> = { in: { [K in T]: z.input<S> }; out: { [K in T]: z.output<S> } };

/** Path parameters, parsed by `schema`. @example desk.get('/:id', params(z.object({ id: idParam })), (c) => c.req.valid('param').id) */
export function params<S extends z.ZodType, E extends Env = AppEnv>(schema: S): MiddlewareHandler<E, string, Valid<'param', S>> {
  return async (c, next) => {
    c.req.addValidatedData('param', parseClean(schema, c.req.param()) as object);
    await next();
  };
}

/** The query string (first value of each key), parsed by `schema`. */
export function query<S extends z.ZodType, E extends Env = AppEnv>(schema: S): MiddlewareHandler<E, string, Valid<'query', S>> {
  return async (c, next) => {
    c.req.addValidatedData('query', parseClean(schema, c.req.query()) as object);
    await next();
  };
}

export interface BodyOptions {
  /** bytes; larger bodies are refused (413) before they are read (Default: BODY_LIMIT.form) */
  limit?: number;
  /** check the session's CSRF token (Default: true; the login form has no session yet) */
  csrf?: boolean;
}

/**
 * A posted form or JSON body: refused when over `limit`, its CSRF token checked, NUL refused, then
 * parsed by `schema`.
 * @example desk.post('/:id/notes', params(idParams), body(noteInput), (c) => addNote(..., c.req.valid('form').body))
 */
export function body<S extends z.ZodType, E extends Env = AppEnv>(schema: S, opts: BodyOptions = {}): MiddlewareHandler<E, string, Valid<'form', S>> {
  const maxSize = opts.limit ?? BODY_LIMIT.form;
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new DeskError('PAYLOAD_TOO_LARGE', `Isi permintaan terlalu besar: paling banyak ${Math.round(maxSize / 1024)} KB untuk formulir ini.`);
    },
  });
  return (c, next) =>
    limit(c, async () => {
      const input = await readInput(c);
      if (opts.csrf !== false) checkCsrf(c as unknown as Context<AppEnv>, input);
      c.req.addValidatedData('form', parseClean(schema, input) as object);
      await next();
    }) as Promise<void>;
}
