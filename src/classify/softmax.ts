import { mulberry32 } from './logreg.ts';
import type { SparseVector } from './tfidf.ts';

/**
 * Multinomial logistic regression (softmax) over sparse vectors plus dense extra features, trained by
 * lazy Adam on mini-batches (only the coordinates a batch touches move, which keeps sparse training
 * fast), L2, classes balanced by summed example weight. Weights are stored class-major: row k of
 * `sparse` is class k. Pure and deterministic (seeded shuffling).
 */
export interface TrainOptions {
  /** (Default: 10) */
  epochs?: number;
  /** (Default: 0.02) */
  learningRate?: number;
  /** (Default: 1e-5) */
  l2?: number;
  /** (Default: 32) */
  batchSize?: number;
  /** (Default: 1) */
  seed?: number;
}

export interface SoftmaxWeights {
  classes: number;
  sparse: Float32Array;
  dense: Float32Array;
  bias: Float32Array;
}

export interface MultiExample {
  x: SparseVector;
  dense: Float32Array;
  y: number;
  w?: number;
}

export function trainSoftmax(examples: MultiExample[], classes: number, sparseSize: number, denseSize: number, opts: TrainOptions = {}): SoftmaxWeights {
  const { epochs = 10, learningRate = 0.02, l2 = 1e-5, batchSize = 32, seed = 1 } = opts;
  const mass = new Float64Array(classes);
  for (const e of examples) mass[e.y]! += e.w ?? 1;
  const total = mass.reduce((a, b) => a + b, 0);
  const balance = Array.from(mass, (m) => (m ? total / (classes * m) : 0));
  const row = sparseSize + denseSize + 1;
  const dim = row * classes;
  const w = new Float64Array(dim);
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const grad = new Float64Array(dim);
  const touched = new Set<number>();
  const p = new Float64Array(classes);
  const b1 = 0.9;
  const b2 = 0.999;
  let t = 0;
  const rand = mulberry32(seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < order.length; start += batchSize) {
      touched.clear();
      const batch = order.slice(start, start + batchSize);
      for (const n of batch) {
        const e = examples[n]!;
        probabilities(w, row, sparseSize, classes, e.x, e.dense, p);
        const scale = (e.w ?? 1) * balance[e.y]!;
        for (let k = 0; k < classes; k++) {
          const err = (p[k]! - (k === e.y ? 1 : 0)) * scale;
          const base = k * row;
          for (let q = 0; q < e.x.idx.length; q++) {
            const i = base + e.x.idx[q]!;
            grad[i]! += err * e.x.val[q]!;
            touched.add(i);
          }
          for (let q = 0; q < e.dense.length; q++) {
            grad[base + sparseSize + q]! += err * e.dense[q]!;
            touched.add(base + sparseSize + q);
          }
          grad[base + row - 1]! += err;
          touched.add(base + row - 1);
        }
      }
      t++;
      const lrT = (learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      for (const i of touched) {
        const isBias = i % row === row - 1;
        const g = grad[i]! / batch.length + (isBias ? 0 : l2 * w[i]!);
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        w[i]! -= (lrT * m[i]!) / (Math.sqrt(v[i]!) + 1e-8);
        grad[i] = 0;
      }
    }
  }
  const sparse = new Float32Array(classes * sparseSize);
  const dense = new Float32Array(classes * denseSize);
  const bias = new Float32Array(classes);
  for (let k = 0; k < classes; k++) {
    sparse.set(w.subarray(k * row, k * row + sparseSize), k * sparseSize);
    dense.set(w.subarray(k * row + sparseSize, k * row + sparseSize + denseSize), k * denseSize);
    bias[k] = w[k * row + row - 1]!;
  }
  return { classes, sparse, dense, bias };
}

/** Class probabilities; `temperature` > 1 softens them (set on validation data to calibrate). */
export function predictSoftmax(wt: SoftmaxWeights, x: SparseVector, dense: Float32Array, temperature = 1): number[] {
  const K = wt.classes;
  const S = wt.sparse.length / K;
  const D = wt.dense.length / K;
  const z = new Array<number>(K);
  for (let k = 0; k < K; k++) {
    let s = wt.bias[k]!;
    const base = k * S;
    for (let q = 0; q < x.idx.length; q++) s += wt.sparse[base + x.idx[q]!]! * x.val[q]!;
    for (let q = 0; q < dense.length; q++) s += wt.dense[k * D + q]! * dense[q]!;
    z[k] = s / temperature;
  }
  return softmax(z);
}

function probabilities(w: Float64Array, row: number, sparseSize: number, K: number, x: SparseVector, dense: Float32Array, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    const base = k * row;
    let s = w[base + row - 1]!;
    for (let q = 0; q < x.idx.length; q++) s += w[base + x.idx[q]!]! * x.val[q]!;
    for (let q = 0; q < dense.length; q++) s += w[base + sparseSize + q]! * dense[q]!;
    out[k] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[k] = Math.exp(out[k]! - max);
  for (let k = 0; k < K; k++) out[k]! /= sum;
}

export function softmax(z: number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}
