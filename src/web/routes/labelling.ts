import { modelVersion } from '../../classify/models.ts';
import { labellingQueue } from '../../review/labelling.service.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { wantsJson } from '../respond.ts';
import { labellingPage } from '../views/labelling.ts';
import { sendPage } from '../html-body.ts';

/** "Perlu label", the analysts' labelling queue. Mounted at /labelling. */
export function labellingRoutes() {
  return deskRoutes('case.triage').get('/', async (c) => {
    const rt = c.var.rt;
    const q = await labellingQueue(rt.sdb.db, c.var.actor, {
      modelVersion: modelVersion(rt.classifier().ctx),
      perDay: rt.pipeline.learning.labelsPerDay,
      timezone: rt.pipeline.timezone,
    });
    if (wantsJson(c)) return c.json(q);
    return sendPage(c, labellingPage(chrome(c, 'Perlu label'), { ...q, timezone: rt.pipeline.timezone }));
  });
}
