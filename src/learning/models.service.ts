import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { HoaxModel } from '../classify/hoax-model.ts';
import { loadModels, modelVersion, type ClassifierModels } from '../classify/models.ts';
import { PoliceTriageModel } from '../classify/police-triage.ts';
import type { ClassifyContext } from '../classify/classifier.ts';
import { appendAudit } from '../db/audit.repo.ts';
import { classLabelsForTraining } from '../db/labels.repo.ts';
import { activeModelVersion, getModelVersion, insertModelVersion, updateModelVersion } from '../db/model-versions.repo.ts';
import type { Database, ModelVersion } from '../db/schema.ts';
import { DeskError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { requireRole, type Actor } from '../review/roles.ts';
import type { SourceTrust } from '../vocabulary.ts';
import { compareFigures, type Figures } from './gates.ts';
import { deskGates, toTrainingLabels } from './evaluate.ts';
import { HOAX_FILE, TRIAGE_FILE, type ShippedEvaluator, type Trainer } from './trainer.ts';

/**
 * Model versions trained from the desk: a candidate is trained on the shipped data plus the desk's
 * labels (never the held-out ones), judged beside the active model on the same held-out sets, and
 * kept either as a candidate an admin may promote or as refused with the reason. Promotion and
 * rollback switch which version is active; every process reloads it (runtime.ts) and the classify
 * sweep reclassifies the stored items, resumably (it skips what the new version already classified).
 */

/** Folders of trained versions, under the data dir. */
export const MODELS_SUBDIR = 'models';

export interface LearningDeps {
  db: Kysely<Database>;
  dataDir: string;
  /** The deployment's classify context (lexicon, registry, and the active models). */
  ctx: ClassifyContext;
  sourceTrust?: ReadonlyMap<string, SourceTrust>;
  trainer: Trainer;
  /** The shipped held-out sets (models/eval and the labelled sets' test splits); omitted, only the desk's gates count. */
  evaluator?: ShippedEvaluator;
  log: Logger;
  /** How much worse a gate may be and still count as not worse. (Default: 0) */
  tolerance?: number;
}

/** A version's models, read from its folder (relative to the data dir); null dir: the shipped models/. */
export function loadVersionModels(dataDir: string, dir: string | null): ClassifierModels {
  if (!dir) return loadModels();
  const abs = path.resolve(dataDir, dir);
  return { model: HoaxModel.load(path.join(abs, HOAX_FILE)), triage: PoliceTriageModel.load(path.join(abs, TRIAGE_FILE)) };
}

/**
 * Puts the active version's models (or the shipped ones) into `ctx`: what every classifying process
 * runs before a pass when the active version changed (runtime.ts), so a promotion reaches workers too.
 */
export async function applyActiveModel(db: Kysely<Database>, dataDir: string, ctx: ClassifyContext, log: Logger): Promise<void> {
  const active = await activeModelVersion(db);
  const m = loadVersionModels(dataDir, active?.dir ?? null);
  ctx.model = m.model;
  ctx.triage = m.triage;
  log.info({ model_version: modelVersion(ctx) }, `classifier models: ${active ? `version ${active.id}` : 'shipped models/'}`);
}

/** Trains, judges and records one candidate; returns its row (status candidate or refused). */
export async function trainCandidate(deps: LearningDeps, opts: { now?: Date } = {}): Promise<ModelVersion> {
  const now = opts.now ?? new Date();
  const rows = await classLabelsForTraining(deps.db);
  const labels = toTrainingLabels(rows, deps.sourceTrust);
  const heldoutIds = new Set(rows.filter((l) => l.heldout).map((l) => l.item_id));
  const train = labels.filter((l) => !heldoutIds.has(l.item_id));
  const heldout = labels.filter((l) => heldoutIds.has(l.item_id));
  const active = await activeModelVersion(deps.db);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const rel = path.join(MODELS_SUBDIR, `candidate-${stamp}`);
  const abs = path.resolve(deps.dataDir, rel);
  fs.mkdirSync(abs, { recursive: true });
  deps.log.info(
    { train: train.length, heldout: heldout.length, dir: abs },
    `training a candidate on ${train.length} desk label(s); ${heldout.length} held out`,
  );
  const record = await deps.trainer.train(train, abs);
  const candidate = loadVersionModels(deps.dataDir, rel);
  const baselineModels = { model: deps.ctx.model, triage: deps.ctx.triage };
  const figuresOf = async (m: ClassifierModels, dir: string | null): Promise<Figures> => ({
    gates: [...deskGates(m, deps.ctx, heldout), ...(deps.evaluator ? await deps.evaluator.evaluate(dir ? path.resolve(deps.dataDir, dir) : null) : [])],
  });
  const baseline = await figuresOf(baselineModels, active?.dir ?? null);
  const figures = await figuresOf(candidate, rel);
  const decision = compareFigures(baseline, figures, deps.tolerance ?? 0);
  const id = modelVersion(candidate);
  const fullRecord = {
    ...record,
    trained_at: now.toISOString(),
    labels_train: train.length,
    labels_heldout: heldout.length,
    baseline_id: active?.id ?? null,
    baseline_version: modelVersion(baselineModels),
  };
  fs.writeFileSync(path.join(abs, 'record.json'), JSON.stringify(fullRecord, null, 2));
  fs.writeFileSync(path.join(abs, 'figures.json'), JSON.stringify({ candidate: figures, baseline, decision }, null, 2));
  if (await getModelVersion(deps.db, id))
    throw new DeskError('CONFLICT', `Versi model ${id} sudah tercatat: data dan label tidak berubah sejak pelatihan sebelumnya.`);
  return insertModelVersion(deps.db, {
    id,
    status: decision.promote ? 'candidate' : 'refused',
    dir: rel,
    hoax_version: candidate.model.version,
    triage_version: candidate.triage.version,
    labels_used: train.length,
    record: JSON.stringify(fullRecord),
    figures: JSON.stringify(figures),
    baseline_figures: JSON.stringify(baseline),
    decision: decision.reason,
    created_at: now,
  });
}

/**
 * Makes a candidate the active model. Refused when it was refused by its gates, or when the active
 * model changed since it was judged (it was compared with another model: train again).
 */
export async function promoteModel(db: Kysely<Database>, actor: Actor, id: string): Promise<ModelVersion> {
  requireRole(actor, 'model.manage');
  return db.transaction().execute(async (tx) => {
    const c = await getModelVersion(tx, id);
    if (!c) throw new DeskError('NOT_FOUND', `Versi model ${id} tidak ditemukan.`);
    if (c.status === 'refused')
      throw new DeskError('INVALID_STATE', `Versi model ${id} ditolak gerbang mutu dan tidak bisa dipromosikan. ${c.decision ?? ''}`.trim());
    if (c.status !== 'candidate') throw new DeskError('INVALID_STATE', `Versi model ${id} berstatus ${c.status}, bukan kandidat.`);
    const active = await activeModelVersion(tx);
    const judgedAgainst = (c.record as { baseline_id?: string | null }).baseline_id ?? null;
    if ((active?.id ?? null) !== judgedAgainst)
      throw new DeskError(
        'INVALID_STATE',
        `Versi model ${id} dinilai terhadap ${judgedAgainst ?? 'model bawaan'}, sedangkan yang aktif kini ${active?.id ?? 'model bawaan'}. Latih ulang dengan \`saring train\`.`,
      );
    if (active) await updateModelVersion(tx, active.id, 'active', { status: 'retired' });
    const after = await updateModelVersion(tx, id, 'candidate', {
      status: 'active',
      promoted_at: new Date(),
      promoted_by: actor.id,
      previous_id: active?.id ?? null,
    });
    if (!after) throw new DeskError('CONFLICT', `Versi model ${id} baru saja diubah orang lain; muat ulang halaman.`);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'model.promoted',
      entity: 'model',
      entityId: id,
      before: { active: active?.id ?? 'bawaan' },
      after: { active: id, decision: c.decision },
    });
    return after;
  });
}

/** Puts back the version that was active before the current one (the shipped models when there was none). */
export async function rollbackModel(db: Kysely<Database>, actor: Actor, reason?: string): Promise<{ retired: ModelVersion; active: ModelVersion | null }> {
  requireRole(actor, 'model.manage');
  const why = reason?.trim() || null;
  if (why && why.length > 2000) throw new DeskError('INVALID_INPUT', `Alasan terlalu panjang (${why.length} karakter, maksimal 2000).`);
  return db.transaction().execute(async (tx) => {
    const active = await activeModelVersion(tx);
    if (!active) throw new DeskError('INVALID_STATE', 'Model bawaan sedang aktif; tidak ada versi untuk dikembalikan.');
    const retired = (await updateModelVersion(tx, active.id, 'active', { status: 'retired' }))!;
    const back = active.previous_id
      ? await updateModelVersion(tx, active.previous_id, 'retired', { status: 'active', promoted_at: new Date(), promoted_by: actor.id })
      : undefined;
    await appendAudit(tx, {
      userId: actor.id,
      action: 'model.rolled_back',
      entity: 'model',
      entityId: active.id,
      before: { active: active.id },
      after: { active: back?.id ?? 'bawaan', reason: why },
    });
    return { retired, active: back ?? null };
  });
}
