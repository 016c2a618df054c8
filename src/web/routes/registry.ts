import { z } from 'zod';
import { listAudit } from '../../db/audit.repo.ts';
import { registryEntries } from '../../db/registry.repo.ts';
import { addEntry, retireEntry, updateEntry } from '../../review/registry.service.ts';
import { REGISTRY_KINDS } from '../../vocabulary.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { done, idParam, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { registryPage } from '../views/registry.ts';
import { sendPage } from '../html-body.ts';

const registryInput = z.object({
  kind: z.enum(REGISTRY_KINDS),
  platform: z.string().max(20).optional(),
  value: z.string().max(200),
  unit: z.string().max(120),
  rank: z.string().max(40).optional(),
  position: z.string().max(80).optional(),
  note: z.string().max(500).optional(),
});
const version = z.object({ version: z.coerce.number().int().positive() });
const byId = params(z.object({ id: idParam }));

/** The registry of official accounts, sites, numbers and officials, for admins. Mounted at /admin/registry. */
export function registryRoutes() {
  return deskRoutes('registry.manage')
    .get('/', async (c) => {
      const { sdb, pipeline } = c.var.rt;
      const [entries, audit] = await Promise.all([
        registryEntries(sdb.db, pipeline.name, { withRetired: true }),
        listAudit(sdb.db, { entity: 'official_account', limit: 100 }),
      ]);
      if (wantsJson(c)) return c.json({ entries });
      return sendPage(c, registryPage(chrome(c, 'Registri akun resmi'), { entries, audit, pipeline: pipeline.name, timezone: pipeline.timezone }));
    })
    .post('/', body(registryInput), async (c) => {
      const e = await addEntry(c.var.rt.sdb.db, c.var.actor, c.var.rt.pipeline.name, c.req.valid('form'));
      return done(c, e, '/admin/registry', `Entri #${e.id} ditambahkan ke registri.`);
    })
    .post('/:id', byId, body(registryInput.extend(version.shape)), async (c) => {
      const id = c.req.valid('param').id;
      const p = c.req.valid('form');
      const e = await updateEntry(c.var.rt.sdb.db, c.var.actor, id, p.version, p);
      return done(c, e, '/admin/registry', `Entri #${id} disimpan sebagai versi ${e.version}.`);
    })
    .post('/:id/retire', byId, body(version.extend({ reason: z.string().max(500).optional() })), async (c) => {
      const id = c.req.valid('param').id;
      const p = c.req.valid('form');
      const e = await retireEntry(c.var.rt.sdb.db, c.var.actor, id, p.version, p.reason);
      return done(c, e, '/admin/registry', `Entri #${id} dicabut dari registri.`);
    });
}
