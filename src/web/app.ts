import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { ping } from '../db/sources.repo.ts';
import { DeskError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ReportDeps } from '../report/stage.ts';
import { chrome } from './chrome.ts';
import type { AppEnv, WebRuntime } from './env.ts';
import { backTo, setFlash, wantsJson } from './respond.ts';
import { alertsRoutes } from './routes/alerts.ts';
import { apiRoutes } from './routes/api.ts';
import { auditRoutes } from './routes/audit.ts';
import { caseRoutes } from './routes/case.ts';
import { clarificationRoutes } from './routes/clarification.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { exportRoutes } from './routes/export.ts';
import { imageRoutes } from './routes/images.ts';
import { itemRoutes } from './routes/item.ts';
import { jobsRoutes } from './routes/jobs.ts';
import { labellingRoutes } from './routes/labelling.ts';
import { modelRoutes } from './routes/model.ts';
import { loginRoutes } from './routes/login.ts';
import { queueRoutes } from './routes/queue.ts';
import { registryRoutes } from './routes/registry.ts';
import { reportRoutes } from './routes/reports.ts';
import { sourcesRoutes } from './routes/sources.ts';
import { tipRoutes } from './routes/tips.ts';
import { usersRoutes } from './routes/users.ts';
import { accountRoutes } from './routes/account.ts';
import { caseListRoutes } from './routes/case-list.ts';
import { homeRoutes } from './routes/home.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { searchRoutes } from './routes/search.ts';
import { navCountsMiddleware } from './nav-counts.ts';
import { clientIpMiddleware, sessionMiddleware } from './session.ts';
import { errorPage } from './views/login.ts';
import { sendPage } from './html-body.ts';

// From the project root rather than beside this file: the compiled copy in dist/web/ serves the same files.
const STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/web/static');
const STATIC_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
/** How recent a database answer must be for /healthz to skip its own ping (PGlite; see the route). */
const HEALTH_FRESH_MS = 5_000;

export interface AppOptions {
  log?: Logger;
  reports?: ReportDeps;
  /**
   * Addresses of reverse proxies in front of the desk whose `X-Forwarded-For` is believed, e.g.
   * `['127.0.0.1']` behind a local nginx. (Default: none: the header is ignored, the peer is the client)
   */
  trustedProxies?: readonly string[];
}

/**
 * The review desk: server-rendered Indonesian pages for analysts, humas, pimpinan and admins, and the
 * same routes as JSON for integrations (`Accept: application/json`, Bearer token from POST /login).
 * Scraped text is untrusted: every value is escaped (views/html.ts), links to it carry
 * rel="noopener noreferrer", and the CSP allows no inline script at all.
 *
 * Each page group is a sub-app under its own path (routes/X.ts beside views/X.ts) that declares its
 * session and role guards and validates its input at the edge (guards.ts, validate.ts).
 */
export function createApp(rt: WebRuntime, opts: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const files = new Map(fs.readdirSync(STATIC_DIR).map((f) => [f, fs.readFileSync(path.join(STATIC_DIR, f))]));

  // Pages of a session must not stay in a shared or back-button cache; only /static sets its own.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      // A route that sets its own policy keeps it (the report HTML carries its style inline).
      overwrite: false,
    }),
  );
  app.use('*', async (c, next) => {
    c.set('rt', rt);
    await next();
  });
  app.use('*', clientIpMiddleware(opts.trustedProxies ?? []));
  // Origin check on form posts (a second line behind the per-session CSRF token); Bearer requests
  // carry no ambient credentials, so integrations need not fake an Origin.
  const originCheck = csrf();
  app.use('*', (c, next) => (c.req.header('authorization')?.startsWith('Bearer ') ? next() : originCheck(c, next)));

  app.get('/healthz', async (c) => {
    // On PGlite the one session may be held by an ingest for seconds; an answer within the last
    // few seconds already shows the (migrated, in-process) database alive, so don't queue behind it.
    const answered = rt.sdb.lastAnswerAt?.() ?? 0;
    if (Date.now() - answered > HEALTH_FRESH_MS) await ping(rt.sdb.db);
    return c.json({ ok: true, database: rt.sdb.dialect, pipeline: rt.pipeline.name });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/static/:file', (c) => {
    const name = c.req.param('file');
    const body = files.get(name);
    const type = STATIC_TYPES[path.extname(name)];
    if (!body || !type) return c.notFound();
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
  });

  app.use('*', sessionMiddleware());
  app.use('*', navCountsMiddleware());
  app.route('/', loginRoutes());
  app.route('/beranda', homeRoutes());
  app.route('/notifikasi', notificationRoutes());
  app.route('/kasus', caseListRoutes());
  app.get('/cases', (c) => c.redirect('/kasus', 301)); // /cases/:id is a case; its list is /kasus
  app.route('/cari', searchRoutes());
  app.route('/akun', accountRoutes());
  app.route('/queue', queueRoutes());
  app.route('/ringkasan', dashboardRoutes());
  app.route('/export', exportRoutes());
  app.route('/items', itemRoutes());
  app.route('/images', imageRoutes());
  app.route('/cases', caseRoutes());
  app.route('/clarifications', clarificationRoutes());
  app.route('/sources', sourcesRoutes());
  app.route('/alerts', alertsRoutes());
  app.route('/audit', auditRoutes());
  app.route('/tips', tipRoutes());
  app.route('/admin/users', usersRoutes());
  app.route('/admin/registry', registryRoutes());
  app.route('/admin/jobs', jobsRoutes());
  app.route('/admin/model', modelRoutes());
  app.route('/labelling', labellingRoutes());
  app.route('/api', apiRoutes());
  if (opts.reports) app.route('/reports', reportRoutes(opts.reports));

  app.notFound((c) =>
    wantsJson(c)
      ? c.json({ error: { code: 'NOT_FOUND', message: 'Halaman tidak ditemukan.' } }, 404)
      : sendPage(c, errorPage(chrome(c, 'Tidak ditemukan'), 404, 'Halaman tidak ditemukan.'), 404),
  );

  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 403) {
      // hono's csrf(): a form posted from another site
      const message = 'Formulir dikirim dari situs lain dan ditolak.';
      return wantsJson(c) ? c.json({ error: { code: 'FORBIDDEN', message } }, 403) : sendPage(c, errorPage(chrome(c, 'Tidak diizinkan'), 403, message), 403);
    }
    if (!(err instanceof DeskError)) {
      opts.log?.error({ err, path: c.req.path }, 'web request failed');
      const message = 'Terjadi kesalahan di server; sudah dicatat di log.';
      return wantsJson(c) ? c.json({ error: { code: 'INTERNAL', message } }, 500) : sendPage(c, errorPage(chrome(c, 'Kesalahan'), 500, message), 500);
    }
    if (wantsJson(c)) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    if (err.code === 'UNAUTHENTICATED') {
      const next = c.req.method === 'GET' ? c.req.path + new URL(c.req.url).search : backTo(c);
      return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
    }
    // A refused form goes back to its page with the reason on top, so nothing typed is a mystery.
    if (c.req.method === 'POST') {
      setFlash(c, { kind: 'error', text: err.message });
      return c.redirect(backTo(c), 303);
    }
    return sendPage(c, errorPage(chrome(c, 'Kesalahan'), err.status, err.message), err.status);
  });
  return app;
}
