import { Hono } from 'hono';
import { z } from 'zod';
import { DeskError } from '../../errors.ts';
import { login, logout } from '../../review/auth.service.ts';
import { chrome } from '../chrome.ts';
import type { AppEnv } from '../env.ts';
import { homePath } from '../nav-counts.ts';
import { localPath, wantsJson } from '../respond.ts';
import { checkCsrf, clearSessionCookie, setSessionCookie } from '../session.ts';
import { body, BODY_LIMIT, query } from '../validate.ts';
import { loginPage } from '../views/login.ts';
import { sendPage } from '../html-body.ts';

/**
 * After login only local paths are followed, so the form cannot be used to bounce people elsewhere.
 * With none, `/` sends each role to where its work is (homePath).
 */
const afterLogin = (p: string | undefined) => localPath(p, '/');

const loginInput = z.object({ username: z.string().max(64), password: z.string().max(1024), next: z.string().max(500).optional() });

/** Signing in and out: the only pages open to anonymous visitors. Mounted at /. */
export function loginRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.redirect(c.var.session ? homePath(c.var.session.actor.roles) : '/login'));

  app.get('/login', query(z.object({ next: z.string().max(500).optional().catch(undefined) })), (c) => {
    const { next } = c.req.valid('query');
    if (c.var.session) return c.redirect(afterLogin(next));
    return sendPage(c, loginPage(chrome(c, 'Masuk'), { next: afterLogin(next) }));
  });

  // No CSRF token yet (no session): the origin check in app.ts covers the form.
  app.post('/login', body(loginInput, { limit: BODY_LIMIT.login, csrf: false }), async (c) => {
    const input = c.req.valid('form');
    try {
      const s = await login(c.var.rt.sdb.db, { username: input.username, password: input.password, ip: c.var.clientIp, userAgent: c.req.header('user-agent') });
      // Integrations keep the token and send it as a Bearer header; browsers get the cookie.
      if (wantsJson(c)) return c.json({ token: s.token, expires_at: s.expiresAt, user: s.actor });
      setSessionCookie(c, s.token);
      return c.redirect(afterLogin(input.next), 303);
    } catch (err) {
      if (!(err instanceof DeskError) || wantsJson(c)) throw err;
      const view = loginPage(
        { ...chrome(c, 'Masuk'), flash: { kind: 'error', text: err.message } },
        { next: afterLogin(input.next), username: input.username },
      );
      return sendPage(c, view, err.status);
    }
  });

  app.post('/logout', body(z.object({ _csrf: z.string().max(200).optional() }), { csrf: false }), async (c) => {
    const s = c.var.session;
    if (s) {
      checkCsrf(c, c.req.valid('form'));
      await logout(c.var.rt.sdb.db, s.tokenHash);
    }
    clearSessionCookie(c);
    return wantsJson(c) ? c.json({ ok: true }) : c.redirect('/login', 303);
  });
  return app;
}
