import type { Hono } from 'hono';
import { z } from 'zod';
import { DeskError } from '../../errors.ts';
import { login, logout } from '../../review/auth.service.ts';
import type { AppEnv } from '../env.ts';
import { parseInput, readInput, wantsJson } from '../respond.ts';
import { checkCsrf, clearSessionCookie, clientIp, setSessionCookie } from '../session.ts';
import { loginPage } from '../views/login.ts';
import { chrome } from './chrome.ts';

/** Only local paths are followed after login, so the form cannot be used to bounce people elsewhere. */
const localPath = (p: string | undefined) => (p && /^\/(?!\/)[^\s\\]*$/.test(p) ? p : '/queue');

const loginInput = z.object({ username: z.string().max(64), password: z.string().max(1024), next: z.string().max(500).optional() });

export function authRoutes(app: Hono<AppEnv>): void {
  app.get('/login', (c) => {
    if (c.var.session) return c.redirect(localPath(c.req.query('next')));
    return c.html(loginPage(chrome(c, 'Masuk'), { next: localPath(c.req.query('next')) }));
  });

  app.post('/login', async (c) => {
    const input = parseInput(loginInput, await readInput(c));
    try {
      const s = await login(c.var.rt.sdb.db, { username: input.username, password: input.password, ip: clientIp(c), userAgent: c.req.header('user-agent') });
      // Integrations keep the token and send it as a Bearer header; browsers get the cookie.
      if (wantsJson(c)) return c.json({ token: s.token, expires_at: s.expiresAt, user: s.actor });
      setSessionCookie(c, s.token);
      return c.redirect(localPath(input.next), 303);
    } catch (err) {
      if (!(err instanceof DeskError) || wantsJson(c)) throw err;
      const view = loginPage({ ...chrome(c, 'Masuk'), flash: { kind: 'error', text: err.message } }, { next: localPath(input.next), username: input.username });
      return c.html(view, err.status);
    }
  });

  app.post('/logout', async (c) => {
    const s = c.var.session;
    if (s) {
      checkCsrf(c, await readInput(c));
      await logout(c.var.rt.sdb.db, s.tokenHash);
    }
    clearSessionCookie(c);
    return wantsJson(c) ? c.json({ ok: true }) : c.redirect('/login', 303);
  });
}
