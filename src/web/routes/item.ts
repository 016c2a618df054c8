import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { casesForReuse, itemDetail, reposts } from '../../db/cases.repo.ts';
import { clusterCopies, imagesOfItem } from '../../db/images.repo.ts';
import { openCase } from '../../review/cases.service.ts';
import { notFound } from '../../review/guard.ts';
import { can } from '../../review/roles.ts';
import { chrome } from '../chrome.ts';
import { allow, deskRoutes } from '../guards.ts';
import { done, idParam, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { itemPage } from '../views/item.ts';

const byId = params(z.object({ id: idParam }));

/** One item with its reposts and the old cases it may belong to; opening a case from it. Mounted at /items. */
export function itemRoutes() {
  return deskRoutes()
    .get('/:id', byId, async (c) => {
      const itemId = c.req.valid('param').id;
      const rt = c.var.rt;
      const item = await itemDetail(rt.sdb.db, itemId, modelVersion(rt.classifier().ctx));
      if (!item) throw notFound('item', itemId);
      const [copies, oldCases, images] = await Promise.all([
        reposts(rt.sdb.db, item),
        casesForReuse(rt.sdb.db, [...(item.case_matches ?? []).map((m) => m.case_id), ...(item.link === 'hlbk' && item.case_id ? [item.case_id] : [])]),
        imagesOfItem(rt.sdb.db, itemId),
      ]);
      const clusters = [...new Set(images.flatMap((im) => (im.cluster_id ? [im.cluster_id] : [])))];
      const imageCopies = await clusterCopies(rt.sdb.db, clusters, itemId);
      if (wantsJson(c)) return c.json({ item, reposts: copies, old_cases: oldCases, images, image_copies: imageCopies });
      return c.html(
        itemPage(chrome(c, `Butir #${itemId}`), {
          item,
          reposts: copies,
          oldCases,
          images,
          imageCopies,
          canTriage: can(c.var.actor, 'case.triage'),
          timezone: rt.pipeline.timezone,
        }),
      );
    })
    .post('/:id/case', allow('case.triage'), byId, body(z.object({})), async (c) => {
      const r = await openCase(c.var.rt.sdb.db, c.var.actor, c.req.valid('param').id);
      return done(c, r, `/cases/${r.case.id}`, r.created ? `Kasus #${r.case.id} dibuka.` : `Butir ini sudah bagian dari kasus #${r.case.id}.`);
    });
}
