import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { DeskError } from '../../errors.ts';
import { MODELS_DIR } from '../../classify/normalise.ts';
import { labelCounts, labelPairs } from '../../db/labels.repo.ts';
import { classifiedShare, listModelVersions } from '../../db/model-versions.repo.ts';
import { agreement } from '../../learning/agreement.ts';
import type { Figures } from '../../learning/gates.ts';
import type { BatchFigures } from '../../learning/simulation.ts';
import { promoteModel, rollbackModel } from '../../learning/models.service.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { done, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { modelPage, type SimulationSummary } from '../views/model.ts';
import type { DeskEnv } from '../env.ts';
import type { Context } from 'hono';
import { sendPage } from '../html-body.ts';

/** The shipped learning simulation's files (scripts/simulate-learning.ts writes both). */
const SIMULATION_JSON = path.join(MODELS_DIR, 'eval', 'learning-simulation.json');
const SIMULATION_SVG = path.join(MODELS_DIR, 'eval', 'learning-simulation.svg');

/** The simulation's outcome for the page; null when there is none (or it cannot be read: the page goes on without it). */
function simulationSummary(): SimulationSummary | null {
  if (!fs.existsSync(SIMULATION_JSON) || !fs.existsSync(SIMULATION_SVG)) return null;
  try {
    const r = JSON.parse(fs.readFileSync(SIMULATION_JSON, 'utf8')) as {
      generated_at: string;
      command: string;
      complete: boolean;
      target: { official_false_positive_below: number; corrections_needed: number | null };
      batches: BatchFigures[];
    };
    const first = r.batches[0];
    const last = r.batches.at(-1);
    if (!first || !last) return null;
    return {
      generated_at: r.generated_at,
      command: r.command,
      corrections: last.corrections,
      batches: r.batches.length - 1,
      complete: r.complete,
      target: r.target.official_false_positive_below,
      needed: r.target.corrections_needed,
      official: { first: first.heldout.officialFalsePositive, last: last.heldout.officialFalsePositive, n: first.heldout.officialN },
    };
  } catch {
    return null;
  }
}

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
        simulation: simulationSummary(),
      };
      if (wantsJson(c)) return c.json(view);
      return sendPage(c, modelPage(chrome(c, 'Model'), view));
    })
    .get('/simulasi.svg', (c) => {
      if (!fs.existsSync(SIMULATION_SVG)) throw new DeskError('NOT_FOUND', 'Belum ada simulasi: jalankan npm run simulate:learning.');
      return c.body(new Uint8Array(fs.readFileSync(SIMULATION_SVG)), 200, {
        'content-type': 'image/svg+xml',
        'x-content-type-options': 'nosniff',
        // Opened on its own it is a document: our own drawing, but still allowed to load and run nothing.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'cache-control': 'private, no-cache',
      });
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
