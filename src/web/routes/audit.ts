import { z } from 'zod';
import { listAudit } from '../../db/audit.repo.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { wantsJson } from '../respond.ts';
import { query } from '../validate.ts';
import { auditPage } from '../views/audit.ts';
import { sendPage } from '../html-body.ts';

const auditQuery = z.object({
  entity: z.enum(['case', 'clarification', 'user', 'source', 'official_account']).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The audit log, newest first, 100 entries a page. Mounted at /audit. */
export function auditRoutes() {
  return deskRoutes().get('/', query(auditQuery), async (c) => {
    const q = c.req.valid('query');
    const rows = await listAudit(c.var.rt.sdb.db, { entity: q.entity, beforeId: q.before, limit: 100 });
    if (wantsJson(c)) return c.json({ entries: rows });
    const nextBefore = rows.length === 100 ? rows.at(-1)!.id : null;
    return sendPage(c, auditPage(chrome(c, 'Jejak audit'), { rows, timezone: c.var.rt.pipeline.timezone, nextBefore, entity: q.entity }));
  });
}
