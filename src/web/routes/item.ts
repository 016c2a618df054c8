import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { casesForReuse, itemDetail, reposts } from '../../db/cases.repo.ts';
import { clusterCopies, imagesOfItem } from '../../db/images.repo.ts';
import { itemLabels } from '../../db/labels.repo.ts';
import { TOPICS } from '../../classify/topics.ts';
import type { Pipeline } from '../../pipeline/define.ts';
import { openCase } from '../../review/cases.service.ts';
import { correctionMessage, correctItems, MAX_ITEMS_PER_CORRECTION, type Correction } from '../../review/labels.service.ts';
import { LABEL_KINDS } from '../../vocabulary.ts';
import { notFound } from '../../review/guard.ts';
import { can } from '../../review/roles.ts';
import { chrome } from '../chrome.ts';
import { allow, deskRoutes } from '../guards.ts';
import { done, formList, idParam, localPath, setFlash, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { itemPage } from '../views/item.ts';
import { sendPage } from '../html-body.ts';

const byId = params(z.object({ id: idParam }));

/** The police units a correction may name: Polri's levels and the deployment's own units. */
export function unitChoices(pipeline: Pipeline): string[] {
  return [...new Set(['Polri', 'Polda', 'Polres', 'Polsek', ...pipeline.area.units.map((u) => u.name)])];
}

/**
 * A correction of one or many items (the item page, a bulk action), or a queue row's button, which
 * names its item and label in one value: `pick` = "id:label" (views/corrections.ts rowCorrections).
 */
const labelInput = z.preprocess(
  (input, ctx) => {
    const f = input as Record<string, unknown>;
    if (f.pick === undefined) return f;
    const m = typeof f.pick === 'string' ? /^(\d+):(.+)$/.exec(f.pick) : null;
    if (!m) {
      ctx.issues.push({ code: 'custom', path: ['pick'], message: 'bukan "nomor:koreksi"', input: f.pick });
      return f;
    }
    return { ...f, item_ids: m[1], value: m[2] };
  },
  z.object({
    item_ids: formList(idParam).pipe(z.array(z.number()).min(1, 'pilih butir yang akan dikoreksi').max(MAX_ITEMS_PER_CORRECTION)),
    kind: z.enum(LABEL_KINDS).default('class'),
    value: z.string().trim().min(1, 'pilih koreksinya').max(120),
    back: z.string().max(2000).optional(),
  }),
);

/** One item with its reposts and the old cases it may belong to; opening a case from it. Mounted at /items. */
export function itemRoutes() {
  return deskRoutes()
    .get('/:id', byId, async (c) => {
      const itemId = c.req.valid('param').id;
      const rt = c.var.rt;
      const item = await itemDetail(rt.sdb.db, itemId, modelVersion(rt.classifier().ctx));
      if (!item) throw notFound('item', itemId);
      const [copies, oldCases, labels, images] = await Promise.all([
        reposts(rt.sdb.db, item),
        casesForReuse(rt.sdb.db, [...(item.case_matches ?? []).map((m) => m.case_id), ...(item.link === 'hlbk' && item.case_id ? [item.case_id] : [])]),
        itemLabels(rt.sdb.db, itemId),
        imagesOfItem(rt.sdb.db, itemId),
      ]);
      const clusters = [...new Set(images.flatMap((im) => (im.cluster_id ? [im.cluster_id] : [])))];
      const imageCopies = await clusterCopies(rt.sdb.db, clusters, itemId);
      if (wantsJson(c)) return c.json({ item, reposts: copies, old_cases: oldCases, labels, images, image_copies: imageCopies });
      return sendPage(
        c,
        itemPage(chrome(c, `Butir #${itemId}`), {
          item,
          reposts: copies,
          oldCases,
          images,
          imageCopies,
          labels,
          choices: { topics: TOPICS, units: unitChoices(rt.pipeline) },
          canTriage: can(c.var.actor, 'case.triage'),
          timezone: rt.pipeline.timezone,
        }),
      );
    })
    .post('/label', allow('case.triage'), body(labelInput), async (c) => {
      const f = c.req.valid('form');
      const correction = { kind: f.kind, value: f.value } as Correction;
      const r = await correctItems(c.var.rt.sdb.db, c.var.actor, f.item_ids, correction, { units: unitChoices(c.var.rt.pipeline) });
      const back = localPath(f.back, f.item_ids.length === 1 ? `/items/${f.item_ids[0]}` : '/queue');
      if (wantsJson(c) || !r.failed.length) return done(c, r, back, correctionMessage(correction, r));
      // Some items were refused (the rest are labelled): say so as an error, naming them.
      setFlash(c, { kind: 'error', text: correctionMessage(correction, r) });
      return c.redirect(back, 303);
    })
    .post('/:id/case', allow('case.triage'), byId, body(z.object({})), async (c) => {
      const r = await openCase(c.var.rt.sdb.db, c.var.actor, c.req.valid('param').id);
      return done(c, r, `/cases/${r.case.id}`, r.created ? `Kasus #${r.case.id} dibuka.` : `Butir ini sudah bagian dari kasus #${r.case.id}.`);
    });
}
