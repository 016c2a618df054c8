import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { labelCounts, labelPairs } from '../../db/labels.repo.ts';
import { classifiedShare, listModelVersions } from '../../db/model-versions.repo.ts';
import { agreement } from '../../learning/agreement.ts';
import type { Figures } from '../../learning/gates.ts';
import { promoteModel, rollbackModel } from '../../learning/models.service.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { done, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { modelPage } from '../views/model.ts';
import type { DeskEnv } from '../env.ts';
import type { Context } from 'hono';

/** After a switch: this process reloads its models now, and the stored items are classified again in the background (resumable). */
async function switchedModels(c: Context<DeskEnv>): Promise<void> {
  const rt = c.var.rt;
  await rt.classifier().refresh?.();
  await rt.enqueue?.('classify:items', {});
}

/** The Model page (admins): active version, candidates and their gates, promote and roll back, agreement. Mounted at /admin/model. */
export function modelRoutes() {
  return deskRoutes('model.manage')
    .get('/', async (c) => {
      const rt = c.var.rt;
      const db = rt.sdb.db;
      const version = modelVersion(rt.classifier().ctx);
      const [versions, progress, pairs, counts] = await Promise.all([listModelVersions(db), classifiedShare(db, version), labelPairs(db), labelCounts(db)]);
      const active = versions.find((v) => v.status === 'active') ?? null;
      // Without an active version, the shipped models' figures are what the newest candidate judged against them measured.
      const shippedJudged = versions.find((v) => (v.record as { baseline_version?: string }).baseline_version === version);
      const activeFigures = (active ? active.figures : (shippedJudged?.baseline_figures ?? null)) as Figures | null;
      const n = (kind: string, heldout?: boolean) =>
        counts
          .filter((r) => (kind === 'class' ? r.kind === 'class' : r.kind !== 'class') && (heldout === undefined || r.heldout === heldout))
          .reduce((s, r) => s + Number(r.n), 0);
      const view = {
        activeVersion: version,
        active,
        activeFigures,
        versions,
        progress,
        agreement: agreement(pairs),
        labels: { train: n('class', false), heldout: n('class', true), other: n('other') },
        timezone: rt.pipeline.timezone,
      };
      if (wantsJson(c)) return c.json(view);
      return c.html(modelPage(chrome(c, 'Model'), view));
    })
    .post('/rollback', body(z.object({ reason: z.string().max(2000).optional() })), async (c) => {
      const r = await rollbackModel(c.var.rt.sdb.db, c.var.actor, c.req.valid('form').reason);
      await switchedModels(c);
      return done(
        c,
        r,
        '/admin/model',
        `Versi ${r.retired.id} dikembalikan; kini aktif ${r.active?.id ?? 'model bawaan'}. Butir diklasifikasi ulang di latar belakang.`,
      );
    })
    .post('/:id/promote', params(z.object({ id: z.string().min(1).max(200) })), body(z.object({})), async (c) => {
      const v = await promoteModel(c.var.rt.sdb.db, c.var.actor, c.req.valid('param').id);
      await switchedModels(c);
      return done(c, v, '/admin/model', `Versi ${v.id} kini aktif. Butir diklasifikasi ulang di latar belakang.`);
    });
}
