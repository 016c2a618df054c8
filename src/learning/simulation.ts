/**
 * The desk-learning simulation (scripts/simulate-learning.ts): a labelled real set split into a
 * held-out part and a stream of corrections; the model starts as shipped, an analyst corrects 50
 * items at a time the way the desk offers them, the product's trainer retrains on every correction so
 * far, and the held-out figures are measured after each batch. The pure parts (the draw, the batch an
 * analyst would pick, the figures) are here; the loop that classifies and trains is `simulateLearning`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { classify, type ClassifyContext, type ClassifyResult } from '../classify/classifier.ts';
import { modelVersion, type ClassifierModels } from '../classify/models.ts';
import { mulberry32 } from '../classify/logreg.ts';
import type { LabelledText } from '../db/labels.repo.ts';
import { LABEL_POLICE_CLASS, POLICE_CLASS_LABEL, POLICE_CLASSES, type ItemLabel, type PoliceClass, type SourceTrust } from '../vocabulary.ts';
import { toTrainingLabels, type TrainingLabel } from './evaluate.ts';
import { spreadPick } from './spread.ts';
import { loadVersionModels } from './models.service.ts';
import type { Trainer } from './trainer.ts';

/** One text of the labelled set, with the class its source gives it. */
export interface SimDoc {
  /** Stable position in the set (item id of the simulated desk). */
  id: number;
  /** Where it came from (`news25:12`); its set names the "source" the labelling queue spreads over. */
  ref: string;
  set: string;
  text: string;
  trust: SourceTrust;
  gold: PoliceClass;
  /** Texts made from one another (an article and its headline) share a group and a side of the split. */
  group: string;
}

/** The correction an analyst gives for a class: the desk's one-click label (`lain` is "Bukan hoaks"). */
export function labelFor(cls: PoliceClass): ItemLabel {
  const hit = (Object.entries(LABEL_POLICE_CLASS) as Array<[ItemLabel, PoliceClass | null]>).find(([, c]) => c === cls);
  return hit ? hit[0] : 'bukan_hoaks';
}

function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The held-out part, drawn first: `share` of every class (by each group's first text), whole groups
 * only, in a seeded order; the rest is the correction stream, in the same seeded order.
 * @example drawHeldOut([{ id: 1, gold: 'lain', group: 'a' } as SimDoc], 1, 7).heldout.length // 1
 */
export function drawHeldOut<T extends Pick<SimDoc, 'gold' | 'group'>>(docs: readonly T[], share: number, seed: number): { heldout: T[]; stream: T[] } {
  const groups = new Map<string, T[]>();
  for (const d of docs) (groups.get(d.group) ?? groups.set(d.group, []).get(d.group)!).push(d);
  const perClass = new Map<PoliceClass, number>();
  for (const g of groups.values()) perClass.set(g[0]!.gold, (perClass.get(g[0]!.gold) ?? 0) + 1);
  const target = new Map([...perClass].map(([c, n]) => [c, Math.round(n * share)]));
  const taken = new Map<PoliceClass, number>();
  const heldout: T[] = [];
  const stream: T[] = [];
  for (const g of shuffle([...groups.values()], mulberry32(seed))) {
    const c = g[0]!.gold;
    if ((taken.get(c) ?? 0) < target.get(c)!) {
      taken.set(c, (taken.get(c) ?? 0) + 1);
      heldout.push(...g);
    } else stream.push(...g);
  }
  return { heldout, stream };
}

/** What the desk knows of an unlabelled item: the current model's reading of it. */
export interface Candidate {
  id: number;
  source_id: string;
  topics: readonly string[];
  flagged: boolean;
  priority: number;
  /** As the labelling queue computes it (`labelCertainty`): lower is less sure. */
  certainty: number;
}

/**
 * How sure the model is of an item, as "Perlu label" ranks it (the SQL of labels.repo's
 * `uncertainItems`): the hoax score's distance from its line, or the margin between the two most
 * probable police classes, whichever is smaller. 0 = could not be less sure.
 */
export function labelCertainty(hoaxScore: number, probabilities: Partial<Record<PoliceClass, number>> | null | undefined): number {
  const p = Object.values(probabilities ?? {}).sort((a, b) => b - a);
  const margin = p.length ? p[0]! - (p[1] ?? 0) : 1;
  return Math.min(Math.abs(hoaxScore - 0.5) * 2, margin);
}

/**
 * The next `n` items an analyst corrects: half from the queue (Antrean: flagged items, highest
 * priority first, where false positives get "Berita resmi/netral" or "Bukan hoaks" and hoaxes are
 * confirmed), the rest from "Perlu label" (least certain first, spread over sources and topics). When
 * one runs dry the other fills the batch.
 */
export function pickBatch<T extends Candidate>(candidates: readonly T[], n: number): T[] {
  const queue = candidates.filter((c) => c.flagged).sort((a, b) => b.priority - a.priority || a.id - b.id);
  const fromQueue = queue.slice(0, Math.ceil(n / 2));
  const taken = new Set(fromQueue.map((c) => c.id));
  const uncertain = spreadPick(
    candidates.filter((c) => !taken.has(c.id)),
    n - fromQueue.length,
  );
  for (const c of uncertain) taken.add(c.id);
  // The queue fills what "Perlu label" could not.
  const more = queue.filter((c) => !taken.has(c.id)).slice(0, n - taken.size);
  return [...fromQueue, ...uncertain, ...more];
}

export interface ClassFigures {
  precision: number | null;
  recall: number | null;
  support: number;
}

export interface HeldOutFigures {
  n: number;
  perClass: Record<PoliceClass, ClassFigures>;
  /** Hoax or not (hoaks tentang polisi and mengatasnamakan are hoaxes), through the whole classifier. */
  hoax: ClassFigures;
  /** Share of official/neutral texts the classifier calls a hoax: the false positives of official posts. */
  officialFalsePositive: number | null;
  officialN: number;
}

const isHoaxClass = (c: PoliceClass) => c === 'hoaks_polisi' || c === 'mengatasnamakan';
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1e4) / 1e4 : null);

/** Per-class precision and recall, hoax precision and recall, and the official-post false-positive rate. Pure. */
export function heldOutFigures(rows: ReadonlyArray<{ gold: PoliceClass; predicted: PoliceClass; hoax: boolean }>): HeldOutFigures {
  const perClass = Object.fromEntries(
    POLICE_CLASSES.map((c) => {
      const tp = rows.filter((r) => r.gold === c && r.predicted === c).length;
      const predicted = rows.filter((r) => r.predicted === c).length;
      const support = rows.filter((r) => r.gold === c).length;
      return [c, { precision: ratio(tp, predicted), recall: ratio(tp, support), support }];
    }),
  ) as Record<PoliceClass, ClassFigures>;
  const hoaxTp = rows.filter((r) => r.hoax && isHoaxClass(r.gold)).length;
  const official = rows.filter((r) => r.gold === 'resmi_netral');
  return {
    n: rows.length,
    perClass,
    hoax: {
      precision: ratio(hoaxTp, rows.filter((r) => r.hoax).length),
      recall: ratio(hoaxTp, rows.filter((r) => isHoaxClass(r.gold)).length),
      support: rows.filter((r) => isHoaxClass(r.gold)).length,
    },
    officialFalsePositive: ratio(official.filter((r) => r.hoax).length, official.length),
    officialN: official.length,
  };
}

export interface BatchFigures {
  batch: number;
  corrections: number;
  /** The corrections of this batch by label. */
  labels: Partial<Record<ItemLabel, number>>;
  model: string;
  heldout: HeldOutFigures;
  /** Official-post false positives when the text comes with its source's trust class. */
  officialFalsePositiveWithTrust: number | null;
  train_seconds: number | null;
}

/** The corrections after which official-post false positives were first below `target`; null: never. */
export function correctionsToTarget(rows: readonly BatchFigures[], target: number): number | null {
  const hit = rows.find((r) => r.heldout.officialFalsePositive !== null && r.heldout.officialFalsePositive < target);
  return hit ? hit.corrections : null;
}

export interface SimulationOptions {
  docs: readonly SimDoc[];
  heldOutShare: number;
  seed: number;
  batches: number;
  batchSize: number;
  trainer: Trainer;
  /** The shipped models and the pipeline's lexicon and places, as the classify stage has them. */
  ctx: ClassifyContext;
  /** Each batch's models are written to `<workDir>/batch-<n>/`. */
  workDir: string;
  /** Texts are read as the desk meets a forwarded post (no source trust), or with their source's trust. */
  withTrust: boolean;
  onBatch?: (row: BatchFigures) => void;
}

/**
 * Runs the simulation: figures before any correction (batch 0), then after each batch of corrections
 * and a retrain on all of them through `trainer` (the product's own in the script).
 */
export async function simulateLearning(opts: SimulationOptions): Promise<{ rows: BatchFigures[]; heldout: number; stream: number }> {
  const { heldout, stream } = drawHeldOut(opts.docs, opts.heldOutShare, opts.seed);
  let models: ClassifierModels = { model: opts.ctx.model, triage: opts.ctx.triage };
  const read = (d: SimDoc, withTrust: boolean): ClassifyResult =>
    classify({ text: d.text, sourceTrust: withTrust ? d.trust : null }, { ...opts.ctx, model: models.model, triage: models.triage });
  const given: LabelledText[] = [];
  const remaining = new Map(stream.map((d) => [d.id, d]));
  const rows: BatchFigures[] = [];
  let trainSeconds: number | null = null;
  let batchLabels: Partial<Record<ItemLabel, number>> = {};
  for (let b = 0; ; b++) {
    const readings = heldout.map((d) => ({ d, r: read(d, opts.withTrust) }));
    const figures = heldOutFigures(readings.map(({ d, r }) => ({ gold: d.gold, predicted: r.police_flags?.class ?? 'lain', hoax: r.hoax })));
    const official = heldout.filter((d) => d.gold === 'resmi_netral');
    const withTrust = official.length ? official.filter((d) => read(d, true).hoax).length / official.length : null;
    const row: BatchFigures = {
      batch: b,
      corrections: given.length,
      labels: batchLabels,
      model: modelVersion(models),
      heldout: figures,
      officialFalsePositiveWithTrust: withTrust === null ? null : Math.round(withTrust * 1e4) / 1e4,
      train_seconds: trainSeconds,
    };
    rows.push(row);
    opts.onBatch?.(row);
    if (b >= opts.batches || !remaining.size) break;

    const candidates = [...remaining.values()].map((d) => {
      const r = read(d, opts.withTrust);
      return {
        id: d.id,
        source_id: d.set,
        topics: r.topics,
        flagged: r.flagged,
        priority: r.priority,
        certainty: labelCertainty(r.hoax_score, r.police_flags?.probabilities),
      };
    });
    const batch = pickBatch(candidates, opts.batchSize);
    batchLabels = {};
    for (const c of batch) {
      const d = remaining.get(c.id)!;
      remaining.delete(c.id);
      const value = labelFor(d.gold);
      batchLabels[value] = (batchLabels[value] ?? 0) + 1;
      given.push({ item_id: d.id, title: null, text: d.text, source_id: d.set, author: null, value, user_id: 1, heldout: false, created_at: new Date(0) });
    }
    // The same conversion `saring train` applies to the desk's stored labels.
    const trust = new Map(opts.withTrust ? opts.docs.map((d) => [d.set, d.trust] as const) : []);
    const labels: TrainingLabel[] = toTrainingLabels(given, trust);
    const dir = path.join(opts.workDir, `batch-${b + 1}`);
    fs.mkdirSync(dir, { recursive: true });
    const t0 = Date.now();
    await opts.trainer.train(labels, dir);
    trainSeconds = Math.round((Date.now() - t0) / 1000);
    models = loadVersionModels(opts.workDir, dir);
  }
  return { rows, heldout: heldout.length, stream: stream.length };
}

/** Classes with fewer held-out texts than this are left off the plot (their recall moves in big steps); the JSON keeps them. */
export const PLOT_MIN_SUPPORT = 10;

/**
 * The plot's lines: official posts called hoax (the target's figure), hoax precision, and the recall of
 * every police class with enough held-out texts. Pure.
 */
export function chartPoints(rows: readonly BatchFigures[]): Array<{ koreksi: number; seri: string; nilai: number }> {
  const out: Array<{ koreksi: number; seri: string; nilai: number }> = [];
  const push = (koreksi: number, seri: string, nilai: number | null) => {
    if (nilai !== null) out.push({ koreksi, seri, nilai });
  };
  for (const r of rows) {
    push(r.corrections, 'berita resmi/netral disebut hoaks', r.heldout.officialFalsePositive);
    push(r.corrections, 'presisi hoaks', r.heldout.hoax.precision);
    for (const c of POLICE_CLASSES)
      if (r.heldout.perClass[c].support >= PLOT_MIN_SUPPORT) push(r.corrections, `recall ${POLICE_CLASS_LABEL[c]}`, r.heldout.perClass[c].recall);
  }
  return out;
}
