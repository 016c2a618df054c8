import type { Hono } from 'hono';
import { z } from 'zod';
import { listAudit } from '../../db/audit.repo.ts';
import { sourcesWithLastRun } from '../../db/fetch-runs.repo.ts';
import { recentNotifications } from '../../db/alerts.repo.ts';
import { failedJobs, jobCounts, retryJobs } from '../../db/jobs.repo.ts';
import { listUsers } from '../../db/users.repo.ts';
import { listSources } from '../../db/sources.repo.ts';
import { healthLedger } from '../../health/ledger.ts';
import { addUser, updateUserByAdmin } from '../../review/auth.service.ts';
import { DeskError } from '../../errors.ts';
import { requireRole, ROLES } from '../../review/roles.ts';
import { setSourcePaused } from '../../review/sources.service.ts';
import { addEntry, retireEntry, updateEntry } from '../../review/registry.service.ts';
import { registryEntries } from '../../db/registry.repo.ts';
import { registryPage } from '../views/registry.ts';
import type { AppEnv } from '../env.ts';
import { done, formList, idParam, parseInput, requireSession, wantsJson } from '../respond.ts';
import { readForm } from '../session.ts';
import { auditPage } from '../views/audit.ts';
import { sourcesPage, usersPage } from '../views/admin.ts';
import { alertsPage } from '../views/alerts.ts';
import { jobsPage } from '../views/jobs.ts';
import { chrome } from './chrome.ts';

const roles = formList(z.enum(ROLES));

const newUser = z.object({ username: z.string().max(40), display_name: z.string().max(100), roles, password: z.string().max(1024) });
const userPatch = z.object({
  version: z.coerce.number().int().positive(),
  roles: roles.optional(),
  // an unchecked box sends nothing: the form always carries roles, so a missing "active" means off
  active: z.preprocess((v) => v === '1' || v === 'on' || v === true, z.boolean()),
  password: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(1024).optional()),
  display_name: z.string().max(100).optional(),
});

const registryInput = z.object({
  kind: z.enum(['akun', 'situs', 'telepon', 'pejabat']),
  platform: z.string().max(20).optional(),
  value: z.string().max(200),
  unit: z.string().max(120),
  rank: z.string().max(40).optional(),
  position: z.string().max(80).optional(),
  note: z.string().max(500).optional(),
});
const version = z.object({ version: z.coerce.number().int().positive() });

export function adminRoutes(app: Hono<AppEnv>): void {
  app.get('/admin/registry', async (c) => {
    const s = requireSession(c);
    requireRole(s.actor, 'registry.manage');
    const { sdb, pipeline } = c.var.rt;
    const [entries, audit] = await Promise.all([registryEntries(sdb.db, pipeline.name, { withRetired: true }), listAudit(sdb.db, { entity: 'official_account', limit: 100 })]);
    if (wantsJson(c)) return c.json({ entries });
    return c.html(registryPage(chrome(c, 'Registri akun resmi'), { entries, audit, pipeline: pipeline.name, timezone: pipeline.timezone }));
  });

  app.post('/admin/registry', async (c) => {
    const s = requireSession(c);
    const p = await readForm(c, registryInput);
    const e = await addEntry(c.var.rt.sdb.db, s.actor, c.var.rt.pipeline.name, p);
    return done(c, e, '/admin/registry', `Entri #${e.id} ditambahkan ke registri.`);
  });

  app.post('/admin/registry/:id', async (c) => {
    const s = requireSession(c);
    const id = parseInput(idParam, c.req.param('id'));
    const p = await readForm(c, registryInput.extend(version.shape));
    const e = await updateEntry(c.var.rt.sdb.db, s.actor, id, p.version, p);
    return done(c, e, '/admin/registry', `Entri #${id} disimpan sebagai versi ${e.version}.`);
  });

  app.post('/admin/registry/:id/retire', async (c) => {
    const s = requireSession(c);
    const id = parseInput(idParam, c.req.param('id'));
    const p = await readForm(c, version.extend({ reason: z.string().max(500).optional() }));
    const e = await retireEntry(c.var.rt.sdb.db, s.actor, id, p.version, p.reason);
    return done(c, e, '/admin/registry', `Entri #${id} dicabut dari registri.`);
  });

  app.get('/admin/users', async (c) => {
    const s = requireSession(c);
    requireRole(s.actor, 'user.manage');
    const users = await listUsers(c.var.rt.sdb.db);
    if (wantsJson(c)) return c.json({ users });
    return c.html(usersPage(chrome(c, 'Pengguna'), { users, timezone: c.var.rt.pipeline.timezone }));
  });

  app.post('/admin/users', async (c) => {
    const s = requireSession(c);
    const p = await readForm(c, newUser);
    const u = await addUser(c.var.rt.sdb.db, s.actor, { username: p.username, displayName: p.display_name, roles: p.roles, password: p.password });
    return done(c, u, '/admin/users', `Pengguna ${u.username} dibuat.`);
  });

  app.post('/admin/users/:id', async (c) => {
    const s = requireSession(c);
    const userId = parseInput(idParam, c.req.param('id'));
    const p = await readForm(c, userPatch);
    const u = await updateUserByAdmin(c.var.rt.sdb.db, s.actor, userId, p.version, { roles: p.roles, active: p.active, password: p.password, displayName: p.display_name });
    return done(c, u, '/admin/users', `Pengguna ${u.username} disimpan.`);
  });

  app.get('/sources', async (c) => {
    requireSession(c);
    const rt = c.var.rt;
    // The page shows health only; integrations keep each source's last run in the JSON.
    const json = wantsJson(c);
    const [listed, ledger] = await Promise.all([json ? sourcesWithLastRun(rt.sdb.db, rt.pipeline.name) : listSources(rt.sdb.db, rt.pipeline.name), healthLedger(rt.sdb.db, rt.pipeline)]);
    const order = new Map(ledger.map((r, i) => [r.id, i]));
    const health = new Map(ledger.map((r) => [r.id, r.health]));
    const sources = listed.map((s) => ({ ...s, health: health.get(s.id) ?? null })).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    if (json) return c.json({ sources });
    return c.html(sourcesPage(chrome(c, 'Sumber'), { sources, timezone: rt.pipeline.timezone, flagThreshold: rt.pipeline.classify.flagThreshold }));
  });

  app.get('/api/sources', async (c) => {
    requireSession(c);
    return c.json({ sources: await sourcesWithLastRun(c.var.rt.sdb.db, c.var.rt.pipeline.name) });
  });

  for (const [verb, paused] of [['pause', true], ['resume', false]] as const) {
    app.post(`/sources/:id/${verb}`, async (c) => {
      const s = requireSession(c);
      await readForm(c, z.object({}));
      const sourceId = parseInput(z.string().max(64), c.req.param('id'));
      await setSourcePaused(c.var.rt.sdb.db, s.actor, sourceId, paused);
      return done(c, { id: sourceId, paused }, '/sources', paused ? `Sumber ${sourceId} dijeda.` : `Sumber ${sourceId} dilanjutkan.`);
    });
  }

  app.get('/alerts', async (c) => {
    requireSession(c);
    const { sdb, pipeline } = c.var.rt;
    const notifications = await recentNotifications(sdb.db, pipeline.name);
    if (wantsJson(c)) return c.json({ rules: pipeline.alerts.rules, notifications });
    return c.html(alertsPage(chrome(c, 'Peringatan'), { rules: pipeline.alerts.rules, channels: pipeline.alerts.channels, notifications, timezone: pipeline.timezone }));
  });

  app.get('/admin/jobs', async (c) => {
    const s = requireSession(c);
    requireRole(s.actor, 'jobs.manage');
    const { sdb, pipeline } = c.var.rt;
    // Only PostgreSQL mode has a queue; the embedded mode runs its jobs inside `saring start`.
    const queue = sdb.dialect === 'postgres' ? { counts: await jobCounts(sdb.db), failed: await failedJobs(sdb.db, 200) } : null;
    if (wantsJson(c)) return c.json(queue ?? { counts: [], failed: [], mode: 'in-process' });
    return c.html(jobsPage(chrome(c, 'Antrean tugas'), { queue, timezone: pipeline.timezone }));
  });

  app.post('/admin/jobs/retry', async (c) => {
    const s = requireSession(c);
    requireRole(s.actor, 'jobs.manage');
    const { ids } = await readForm(c, z.object({ ids: formList(idParam).pipe(z.array(z.number()).min(1, 'pilih tugas yang akan diulang').max(500)) }));
    if (c.var.rt.sdb.dialect !== 'postgres') throw new DeskError('INVALID_INPUT', 'Mode basis data tertanam tidak memiliki antrean tugas.');
    const queued = await retryJobs(c.var.rt.sdb.db, ids);
    c.var.rt.ingest.log.info({ user: s.actor.username, job_ids: queued }, `failed jobs queued again by ${s.actor.username}`);
    const missing = ids.filter((id) => !queued.includes(id));
    return done(c, { queued, missing }, '/admin/jobs', `${queued.length} tugas dijadwalkan ulang.${missing.length ? ` Tidak ditemukan: ${missing.join(', ')}.` : ''}`);
  });

  app.get('/audit', async (c) => {
    requireSession(c);
    const q = parseInput(
      z.object({ entity: z.enum(['case', 'clarification', 'user', 'source', 'official_account']).optional().catch(undefined), before: z.coerce.number().int().positive().optional().catch(undefined) }),
      c.req.query(),
    );
    const rows = await listAudit(c.var.rt.sdb.db, { entity: q.entity, beforeId: q.before, limit: 100 });
    if (wantsJson(c)) return c.json({ entries: rows });
    const nextBefore = rows.length === 100 ? rows.at(-1)!.id : null;
    return c.html(auditPage(chrome(c, 'Jejak audit'), { rows, timezone: c.var.rt.pipeline.timezone, nextBefore, entity: q.entity }));
  });
}
