import { Hono, type MiddlewareHandler } from 'hono';
import { DeskError } from '../errors.ts';
import { requireRole, type Action } from '../review/roles.ts';
import type { DeskEnv } from './env.ts';

/**
 * Session and role checks, declared once per sub-app or route instead of called by hand in every
 * handler. The services check roles again (they are also called by the CLI and the jobs); these
 * guards make the web's answer the same for reads and writes, before any input is read.
 */

/** Refuses an anonymous request (a redirect to /login for browsers, 401 for JSON) and sets `actor`. */
export const signedIn: MiddlewareHandler<DeskEnv> = async (c, next) => {
  const s = c.get('session');
  if (!s) throw new DeskError('UNAUTHENTICATED', 'Silakan masuk terlebih dahulu.');
  c.set('actor', s.actor);
  await next();
};

/**
 * Lets the request through only for a role allowed to take `action` (review/roles.ts).
 * @example desk.post('/:id/verdict', allow('case.triage'), params(id), body(verdictInput), handler)
 */
export function allow(action: Action): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    requireRole(c.var.actor, action);
    await next();
  };
}

/**
 * A group of pages mounted under one path, every route signed in and, with `action`, limited to its
 * roles. Mount it with `app.route(base, group)`: its middleware then covers `base` and below only.
 * @example app.route('/admin/users', usersRoutes()) // usersRoutes() starts with deskRoutes('user.manage')
 */
export function deskRoutes(action?: Action): Hono<DeskEnv> {
  const group = new Hono<DeskEnv>();
  group.use(signedIn);
  if (action) group.use(allow(action));
  return group;
}
