import { z } from 'zod';
import { listAudit } from '../../db/audit.repo.ts';
import { getClarification, listClarifications, publications } from '../../db/clarifications.repo.ts';
import { caseImage } from '../../db/images.repo.ts';
import {
  decideClarification,
  editClarification,
  recordPublication,
  submitClarification,
  type ClarificationSettings,
} from '../../review/clarifications.service.ts';
import { notFound } from '../../review/guard.ts';
import { CLARIFICATION_STATUSES, isConfirmed } from '../../vocabulary.ts';
import { parseLocalTime } from '../../zoned-time.ts';
import { chrome } from '../chrome.ts';
import type { WebRuntime } from '../env.ts';
import { allow, deskRoutes } from '../guards.ts';
import { done, idParam, wantsJson } from '../respond.ts';
import { body, BODY_LIMIT, params, query } from '../validate.ts';
import { clarificationPage, clarificationsPage } from '../views/clarification.ts';
import { sendPage } from '../html-body.ts';

const version = z.coerce.number().int().positive();
const byId = params(z.object({ id: idParam }));

export function clarificationSettings(rt: WebRuntime): ClarificationSettings {
  const p = rt.pipeline;
  return { templates: p.clarification.templates, polres: p.title, contact: p.clarification.contact, hashtags: p.clarification.hashtags, timezone: p.timezone };
}

/** Humas' clarifications and pimpinan's decisions on them. Mounted at /clarifications. */
export function clarificationRoutes() {
  return deskRoutes()
    .get('/', query(z.object({ status: z.enum(CLARIFICATION_STATUSES).optional().catch(undefined) })), async (c) => {
      const { status } = c.req.valid('query');
      const rows = await listClarifications(c.var.rt.sdb.db, { status, limit: 200 });
      if (wantsJson(c)) return c.json({ clarifications: rows });
      return sendPage(c, clarificationsPage(chrome(c, 'Klarifikasi'), { rows, status, timezone: c.var.rt.pipeline.timezone }));
    })
    .get('/:id', byId, async (c) => {
      const cid = c.req.valid('param').id;
      const db = c.var.rt.sdb.db;
      const cl = await getClarification(db, cid);
      if (!cl) throw notFound('clarification', cid);
      const [pubs, audit, image] = await Promise.all([
        publications(db, cid),
        listAudit(db, { entity: 'clarification', entityId: String(cid), limit: 50 }),
        caseImage(db, cl.case_id),
      ]);
      if (wantsJson(c)) return c.json({ clarification: cl, publications: pubs });
      const shareable = image && isConfirmed(image.verdict) ? image.sha256 : null;
      return sendPage(
        c,
        clarificationPage(chrome(c, `Klarifikasi #${cid}`), { c: cl, publications: pubs, audit, timezone: c.var.rt.pipeline.timezone, caseImage: shareable }),
      );
    })
    .post('/:id/edit', allow('clarification.write'), byId, body(z.object({ version, body: z.string().max(20_000) }), { limit: BODY_LIMIT.text }), async (c) => {
      const cid = c.req.valid('param').id;
      const p = c.req.valid('form');
      return done(c, await editClarification(c.var.rt.sdb.db, c.var.actor, cid, p.version, p.body), `/clarifications/${cid}`, 'Klarifikasi disimpan.');
    })
    .post('/:id/submit', allow('clarification.write'), byId, body(z.object({ version })), async (c) => {
      const cid = c.req.valid('param').id;
      const p = c.req.valid('form');
      return done(c, await submitClarification(c.var.rt.sdb.db, c.var.actor, cid, p.version), `/clarifications/${cid}`, 'Klarifikasi diajukan ke pimpinan.');
    })
    .post(
      '/:id/decide',
      allow('clarification.decide'),
      byId,
      body(z.object({ version, decision: z.enum(['approve', 'return']), comment: z.string().max(2000).optional() })),
      async (c) => {
        const cid = c.req.valid('param').id;
        const p = c.req.valid('form');
        const r = await decideClarification(c.var.rt.sdb.db, c.var.actor, cid, p.version, p.decision, p.comment);
        return done(c, r, `/clarifications/${cid}`, p.decision === 'approve' ? 'Klarifikasi disetujui.' : 'Klarifikasi dikembalikan ke humas.');
      },
    )
    .post(
      '/:id/publish',
      allow('clarification.write'),
      byId,
      body(
        z.object({
          version,
          channel: z.enum(['x', 'instagram', 'facebook', 'whatsapp', 'website', 'lainnya']),
          url: z.string().max(2000).optional(),
          published_at: z.string().max(40),
        }),
      ),
      async (c) => {
        const cid = c.req.valid('param').id;
        const p = c.req.valid('form');
        const r = await recordPublication(c.var.rt.sdb.db, c.var.actor, cid, p.version, {
          channel: p.channel,
          url: p.url,
          publishedAt: parseLocalTime(p.published_at, c.var.rt.pipeline.timezone),
          timeZone: c.var.rt.pipeline.timezone,
        });
        return done(c, r, `/clarifications/${cid}`, 'Publikasi dicatat.');
      },
    );
}
