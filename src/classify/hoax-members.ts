import { sigmoid, trainLogRegLbfgs, type Example } from './logreg.ts';
import type { SparseVector } from './tfidf.ts';

/**
 * The members of the hoax model's ensemble. Every member reads the one TextFeatures vector of a text
 * (word uni+bigrams, then char_wb n-grams), so a text is tokenised and hashed once however many
 * members there are. A member picks a block of it and reads it one of two ways:
 *
 * - `tfidf`: the TF-IDF values as they are (the plain linear model);
 * - `nb`: NB-SVM (Wang & Manning 2012): whether each n-gram is present, scaled by its log-count ratio
 *   r = log((p/‖p‖₁)/(q/‖q‖₁)), p and q the smoothed (α = 1) weighted presence counts in hoaxes and
 *   not-hoaxes of the training set, then logistic regression. r is folded into the stored weights, so
 *   scoring reads presence only. Presence is divided by √(number present) so that long articles do
 *   not get extreme scores by length alone.
 *
 * Each member's logit is Platt-scaled (σ(a·z + b), fitted on held-out data) before the ensemble
 * averages the members' probabilities: the members' raw logits live on different scales. Pure.
 */
export type Block = 'word' | 'char' | 'all';
export type Input = 'tfidf' | 'nb';

export interface MemberSpec {
  name: string;
  block: Block;
  input: Input;
  /** L2 penalty (BatchTrainOptions.l2). */
  l2: number;
  /**
   * Trains on the texts of these data sets only (the training docs' `dataset`); all when absent. A
   * member fitted on social posts alone (claims, tweets, complaints) is not pulled towards what tells
   * news articles and headlines apart, which the other members learn. Scoring is the same either way.
   */
  sets?: string[];
}

export interface MemberState extends Omit<MemberSpec, 'l2' | 'sets'> {
  /** The data sets it was trained on, when not all (MemberSpec.sets). */
  sets?: string[];
  /** Over the block's features only; for `nb` members r is folded in. */
  weights: { sparse: number[]; dense: number[]; bias: number };
  platt: { a: number; b: number };
}

/** The part of a TextFeatures vector a member reads, in block-local indices, valued as the member reads it. */
export function memberView(x: SparseVector, wordSize: number, block: Block, input: Input): SparseVector {
  let from = 0;
  let to = x.idx.length;
  // TextFeatures vectors hold the word indices first, then the char indices (each sorted).
  if (block !== 'all') {
    let split = 0;
    while (split < x.idx.length && x.idx[split]! < wordSize) split++;
    [from, to] = block === 'word' ? [0, split] : [split, x.idx.length];
  }
  const offset = block === 'char' ? wordSize : 0;
  const idx = new Int32Array(to - from);
  const val = new Float32Array(to - from);
  const presence = 1 / Math.sqrt(Math.max(1, to - from));
  for (let k = from; k < to; k++) {
    idx[k - from] = x.idx[k]! - offset;
    val[k - from] = input === 'nb' ? presence : x.val[k]!;
  }
  return { idx, val };
}

export function blockSize(block: Block, wordSize: number, totalSize: number): number {
  return block === 'word' ? wordSize : block === 'char' ? totalSize - wordSize : totalSize;
}

/** The NB log-count ratio of each feature, from weighted presence counts with α = 1 smoothing. */
export function logCountRatio(views: SparseVector[], labels: Array<0 | 1>, weights: number[], size: number): Float64Array {
  const p = new Float64Array(size).fill(1);
  const q = new Float64Array(size).fill(1);
  views.forEach((x, i) => {
    const counts = labels[i] ? p : q;
    for (const j of x.idx) counts[j]! += weights[i]!;
  });
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  return p.map((pj, j) => Math.log(pj / sp / (q[j]! / sq)));
}

/** Trains one member on block views of the training texts (weights as stored: r folded in for `nb`). Platt is identity until calibrated. */
export function trainMember(
  spec: MemberSpec,
  docs: Array<{ view: SparseVector; dense: Float32Array; label: 0 | 1; weight: number }>,
  size: number,
): MemberState {
  const r =
    spec.input === 'nb'
      ? logCountRatio(
          docs.map((d) => d.view),
          docs.map((d) => d.label),
          docs.map((d) => d.weight),
          size,
        )
      : null;
  const examples: Example[] = docs.map((d) => ({
    x: r ? { idx: d.view.idx, val: Float32Array.from(d.view.val, (v, k) => v * r[d.view.idx[k]!]!) } : d.view,
    dense: d.dense,
    y: d.label,
    w: d.weight,
  }));
  const w = trainLogRegLbfgs(examples, size, docs[0]?.dense.length ?? 0, { l2: spec.l2 });
  const sparse = r ? Array.from(w.sparse, (v, j) => v * r[j]!) : [...w.sparse];
  return {
    name: spec.name,
    block: spec.block,
    input: spec.input,
    weights: { sparse: sparse.map(round), dense: [...w.dense].map(round), bias: round(w.bias) },
    ...(spec.sets ? { sets: spec.sets } : {}),
    platt: { a: 1, b: 0 },
  };
}

/** Whether a training text is one the member trains on (MemberSpec.sets): a text of no named set trains every member. */
export function memberTrainsOn(spec: Pick<MemberSpec, 'sets'>, dataset: string | undefined): boolean {
  return !spec.sets || dataset === undefined || spec.sets.includes(dataset);
}

/** The member's raw logit on its view. */
export function memberLogit(
  m: { weights: { sparse: ArrayLike<number>; dense: ArrayLike<number>; bias: number } },
  view: SparseVector,
  dense: Float32Array,
): number {
  let z = m.weights.bias;
  for (let q = 0; q < view.idx.length; q++) z += m.weights.sparse[view.idx[q]!]! * view.val[q]!;
  for (let q = 0; q < dense.length; q++) z += m.weights.dense[q]! * dense[q]!;
  return z;
}

/**
 * Platt scaling: the a, b of σ(a·z + b) that best fit held-out labels (weighted logistic regression
 * on one feature, by Newton's method).
 */
export function fitPlatt(z: number[], labels: Array<0 | 1>, weights: number[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0,
      gb = 0,
      haa = 1e-9,
      hab = 0,
      hbb = 1e-9;
    z.forEach((zi, i) => {
      const p = sigmoid(a * zi + b);
      const w = weights[i]!;
      const e = w * (p - labels[i]!);
      const h = w * p * (1 - p);
      ga += e * zi;
      gb += e;
      haa += h * zi * zi;
      hab += h * zi;
      hbb += h;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a: round(a), b: round(b) };
}

/** The ensemble's probability: the mean of the members' Platt-scaled probabilities. */
export function ensembleProbability(members: Array<{ platt: { a: number; b: number } }>, logits: number[]): number {
  let p = 0;
  members.forEach((m, k) => (p += sigmoid(m.platt.a * logits[k]! + m.platt.b)));
  return p / members.length;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
