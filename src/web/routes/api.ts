import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { flaggedItems } from '../../db/classifications.repo.ts';
import { sourcesWithLastRun } from '../../db/fetch-runs.repo.ts';
import { searchItems } from '../../db/items.repo.ts';
import { deskRoutes } from '../guards.ts';
import { query } from '../validate.ts';

/**
 * The read API of the first release, kept for integrations: JSON only, so it has no view of its own.
 * Behind sign-in like everything else. Mounted at /api.
 */
export function apiRoutes() {
  return deskRoutes()
    .get(
      '/items',
      query(
        z.object({ q: z.string().max(500).default(''), source: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      ),
      async (c) => {
        const p = c.req.valid('query');
        const search = searchItems(c.var.rt.sdb.db, p.q, { limit: p.limit, ...(p.source ? { sourceId: p.source } : {}) });
        const [total, items] = await Promise.all([search.count(), search.list()]);
        return c.json({ total, items });
      },
    )
    .get('/flagged', query(z.object({ limit: z.coerce.number().int().min(1).max(200).catch(50) })), async (c) => {
      const version = modelVersion(c.var.rt.classifier().ctx);
      return c.json({ model_version: version, items: await flaggedItems(c.var.rt.sdb.db, version, c.req.valid('query').limit) });
    })
    .get('/sources', async (c) => c.json({ sources: await sourcesWithLastRun(c.var.rt.sdb.db, c.var.rt.pipeline.name) }));
}
