import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { ITEM_SEARCH_COUNT_CAP, searchAllItems } from '../../db/item-search.repo.ts';
import { listSources } from '../../db/sources.repo.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { blankToUndefined, wantsJson } from '../respond.ts';
import { query } from '../validate.ts';
import { searchPage } from '../views/search.ts';
import { sendPage } from '../html-body.ts';

export const searchQuery = z.object({
  q: z.preprocess(blankToUndefined, z.string().max(300).optional()),
  source: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(['terbaru', 'relevan']).default('terbaru')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  per: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
});

/**
 * Full-text search over every stored item, flagged or not (the queue searches flagged items only).
 * With no words it asks for some rather than listing everything. Mounted at /cari.
 */
export function searchRoutes() {
  return deskRoutes().get('/', query(searchQuery), async (c) => {
    const rt = c.var.rt;
    const p = c.req.valid('query');
    const words = p.q?.trim();
    let total = 0;
    let rows: Awaited<ReturnType<ReturnType<typeof searchAllItems>['list']>> = [];
    if (words) {
      const s = searchAllItems(rt.sdb.db, {
        q: words,
        modelVersion: modelVersion(rt.classifier().ctx),
        sourceId: p.source,
        sort: p.sort,
        page: p.page,
        pageSize: p.per,
      });
      [total, rows] = await Promise.all([s.count(), s.list()]);
    }
    if (wantsJson(c))
      return c.json({
        total: Math.min(total, ITEM_SEARCH_COUNT_CAP),
        total_capped: total > ITEM_SEARCH_COUNT_CAP,
        page: p.page,
        page_size: p.per,
        items: rows,
      });
    const sources = await listSources(rt.sdb.db, rt.pipeline.name);
    return sendPage(c, searchPage(chrome(c, 'Cari semua butir'), { query: p, rows, total, sources, timezone: rt.pipeline.timezone }));
  });
}
