import type { Hono } from 'hono';
import { z } from 'zod';
import { listAudit } from '../../db/audit.repo.ts';
import { getClarification, listClarifications, publications } from '../../db/clarifications.repo.ts';
import {
  decideClarification,
  editClarification,
  recordPublication,
  submitClarification,
  type ClarificationSettings,
} from '../../review/clarifications.service.ts';
import { notFound } from '../../review/guard.ts';
import type { AppEnv, WebRuntime } from '../env.ts';
import { parseLocalTime } from '../../zoned-time.ts';
import { done, idParam, parseInput, requireSession, wantsJson } from '../respond.ts';
import { clarificationPage, clarificationsPage } from '../views/clarification.ts';
import { chrome } from './chrome.ts';
import { readForm as post } from '../session.ts';

const version = z.coerce.number().int().positive();
const statuses = ['draft', 'submitted', 'approved', 'returned', 'published'] as const;

export function clarificationSettings(rt: WebRuntime): ClarificationSettings {
  const p = rt.pipeline;
  return { templates: p.clarification.templates, polres: p.title, contact: p.clarification.contact, hashtags: p.clarification.hashtags, timezone: p.timezone };
}

export function clarificationRoutes(app: Hono<AppEnv>): void {
  app.get('/clarifications', async (c) => {
    requireSession(c);
    const status = parseInput(z.enum(statuses).optional().catch(undefined), c.req.query('status'));
    const rows = await listClarifications(c.var.rt.sdb.db, { status, limit: 200 });
    if (wantsJson(c)) return c.json({ clarifications: rows });
    return c.html(clarificationsPage(chrome(c, 'Klarifikasi'), { rows, status, timezone: c.var.rt.pipeline.timezone }));
  });

  app.get('/clarifications/:id', async (c) => {
    requireSession(c);
    const cid = parseInput(idParam, c.req.param('id'));
    const db = c.var.rt.sdb.db;
    const cl = await getClarification(db, cid);
    if (!cl) throw notFound('clarification', cid);
    const [pubs, audit] = await Promise.all([publications(db, cid), listAudit(db, { entity: 'clarification', entityId: String(cid), limit: 50 })]);
    if (wantsJson(c)) return c.json({ clarification: cl, publications: pubs });
    return c.html(clarificationPage(chrome(c, `Klarifikasi #${cid}`), { c: cl, publications: pubs, audit, timezone: c.var.rt.pipeline.timezone }));
  });

  app.post('/clarifications/:id/edit', async (c) => {
    const s = requireSession(c);
    const cid = parseInput(idParam, c.req.param('id'));
    const p = await post(c, z.object({ version, body: z.string().max(20_000) }));
    return done(c, await editClarification(c.var.rt.sdb.db, s.actor, cid, p.version, p.body), `/clarifications/${cid}`, 'Klarifikasi disimpan.');
  });

  app.post('/clarifications/:id/submit', async (c) => {
    const s = requireSession(c);
    const cid = parseInput(idParam, c.req.param('id'));
    const p = await post(c, z.object({ version }));
    return done(c, await submitClarification(c.var.rt.sdb.db, s.actor, cid, p.version), `/clarifications/${cid}`, 'Klarifikasi diajukan ke pimpinan.');
  });

  app.post('/clarifications/:id/decide', async (c) => {
    const s = requireSession(c);
    const cid = parseInput(idParam, c.req.param('id'));
    const p = await post(c, z.object({ version, decision: z.enum(['approve', 'return']), comment: z.string().max(2000).optional() }));
    const r = await decideClarification(c.var.rt.sdb.db, s.actor, cid, p.version, p.decision, p.comment);
    return done(c, r, `/clarifications/${cid}`, p.decision === 'approve' ? 'Klarifikasi disetujui.' : 'Klarifikasi dikembalikan ke humas.');
  });

  app.post('/clarifications/:id/publish', async (c) => {
    const s = requireSession(c);
    const cid = parseInput(idParam, c.req.param('id'));
    const p = await post(c, z.object({ version, channel: z.enum(['x', 'instagram', 'facebook', 'whatsapp', 'website', 'lainnya']), url: z.string().max(2000).optional(), published_at: z.string().max(40) }));
    const r = await recordPublication(c.var.rt.sdb.db, s.actor, cid, p.version, { channel: p.channel, url: p.url, publishedAt: parseLocalTime(p.published_at, c.var.rt.pipeline.timezone) });
    return done(c, r, `/clarifications/${cid}`, 'Publikasi dicatat.');
  });
}
