import { z } from 'zod';
import { sourcesWithLastRun } from '../../db/fetch-runs.repo.ts';
import { listSources } from '../../db/sources.repo.ts';
import { healthLedger } from '../../health/ledger.ts';
import { setSourcePaused } from '../../review/sources.service.ts';
import { chrome } from '../chrome.ts';
import { allow, deskRoutes } from '../guards.ts';
import { done, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { sourcesPage } from '../views/sources.ts';
import { sendPage } from '../html-body.ts';

/** Sources by health; admins pause and resume them. Mounted at /sources. */
export function sourcesRoutes() {
  const app = deskRoutes().get('/', async (c) => {
    const rt = c.var.rt;
    // The page shows health only; integrations keep each source's last run in the JSON.
    const json = wantsJson(c);
    const [listed, ledger] = await Promise.all([
      json ? sourcesWithLastRun(rt.sdb.db, rt.pipeline.name) : listSources(rt.sdb.db, rt.pipeline.name),
      healthLedger(rt.sdb.db, rt.pipeline),
    ]);
    const order = new Map(ledger.map((r, i) => [r.id, i]));
    const health = new Map(ledger.map((r) => [r.id, r.health]));
    const sources = listed.map((s) => ({ ...s, health: health.get(s.id) ?? null })).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    if (json) return c.json({ sources });
    return sendPage(c, sourcesPage(chrome(c, 'Sumber'), { sources, timezone: rt.pipeline.timezone, flagThreshold: rt.pipeline.classify.flagThreshold }));
  });
  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(`/:id/${verb}`, allow('source.manage'), params(z.object({ id: z.string().max(64) })), body(z.object({})), async (c) => {
      const sourceId = c.req.valid('param').id;
      await setSourcePaused(c.var.rt.sdb.db, c.var.actor, sourceId, paused);
      return done(c, { id: sourceId, paused }, '/sources', paused ? `Sumber ${sourceId} dijeda.` : `Sumber ${sourceId} dilanjutkan.`);
    });
  }
  return app;
}
