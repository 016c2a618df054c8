import { z } from 'zod';
import { changeOwnPassword, endOtherOwnSessions, endOwnSession, ownSessions } from '../../review/account.service.ts';
import { MIN_PASSWORD_LENGTH } from '../../review/password.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { done, wantsJson } from '../respond.ts';
import { clearSessionCookie } from '../session.ts';
import { body } from '../validate.ts';
import { accountPage } from '../views/account.ts';
import { sendPage } from '../html-body.ts';

const passwordInput = z.object({
  current: z.string().max(1024),
  next: z.string().max(1024),
  repeat: z.string().max(1024),
});

/** The signed-in person's own account: change the password, see and end their sessions. Mounted at /akun. */
export function accountRoutes() {
  return deskRoutes()
    .get('/', async (c) => {
      const s = c.var.session;
      const sessions = await ownSessions(c.var.rt.sdb.db, c.var.actor, s.tokenHash);
      if (wantsJson(c)) return c.json({ user: c.var.actor, sessions });
      return sendPage(c, accountPage(chrome(c, 'Akun saya'), { sessions, minPassword: MIN_PASSWORD_LENGTH, timezone: c.var.rt.pipeline.timezone }));
    })
    .post('/kata-sandi', body(passwordInput), async (c) => {
      const p = c.req.valid('form');
      const r = await changeOwnPassword(c.var.rt.sdb.db, c.var.actor, c.var.session.tokenHash, { ...p, ip: c.var.clientIp });
      const others = r.endedSessions ? ` ${r.endedSessions} sesi lain diakhiri.` : '';
      return done(c, { ok: true, ended_sessions: r.endedSessions }, '/akun', `Kata sandi diganti.${others}`);
    })
    .post('/sesi/akhiri', body(z.object({ sesi: z.string().regex(/^[0-9a-f]{32}$/, 'bukan kode sesi') })), async (c) => {
      const r = await endOwnSession(c.var.rt.sdb.db, c.var.actor, c.var.session.tokenHash, c.req.valid('form').sesi);
      if (!r.current) return done(c, { ok: true, current: false }, '/akun', 'Sesi diakhiri.');
      // Ending the session in use is signing out.
      clearSessionCookie(c);
      return wantsJson(c) ? c.json({ ok: true, current: true }) : c.redirect('/login', 303);
    })
    .post('/sesi/akhiri-lain', body(z.object({})), async (c) => {
      const n = await endOtherOwnSessions(c.var.rt.sdb.db, c.var.actor, c.var.session.tokenHash);
      return done(c, { ok: true, ended_sessions: n }, '/akun', n ? `${n} sesi lain diakhiri.` : 'Tidak ada sesi lain.');
    });
}
