import type { SparseVector } from './tfidf.ts';

/**
 * Binary logistic regression over sparse vectors plus a few dense extra features, trained with
 * Adam on mini-batches, L2-regularised, classes weighted to balance them. Pure and deterministic
 * (seeded shuffling), fast enough to train on ~25k documents in seconds.
 */
export interface LogRegWeights {
  sparse: Float32Array;
  dense: Float32Array;
  bias: number;
}

export interface Example {
  x: SparseVector;
  dense: Float32Array;
  y: 0 | 1;
}

export interface TrainOptions {
  /** (Default: 12) */
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

export function trainLogReg(examples: Example[], sparseSize: number, denseSize: number, opts: TrainOptions = {}): LogRegWeights {
  const { epochs = 12, learningRate = 0.02, l2 = 1e-5, batchSize = 32, seed = 1 } = opts;
  const nPos = examples.filter((e) => e.y === 1).length;
  const nNeg = examples.length - nPos;
  const weightOf = (y: 0 | 1) => (y === 1 ? examples.length / (2 * Math.max(1, nPos)) : examples.length / (2 * Math.max(1, nNeg)));
  const dim = sparseSize + denseSize + 1;
  const w = new Float64Array(dim);
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const grad = new Float64Array(dim);
  const touched = new Set<number>();
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
      for (const k of batch) {
        const e = examples[k]!;
        const err = (sigmoid(dot(w, e, sparseSize)) - e.y) * weightOf(e.y);
        for (let q = 0; q < e.x.idx.length; q++) {
          const i = e.x.idx[q]!;
          grad[i]! += err * e.x.val[q]!;
          touched.add(i);
        }
        for (let q = 0; q < e.dense.length; q++) {
          grad[sparseSize + q]! += err * e.dense[q]!;
          touched.add(sparseSize + q);
        }
        grad[dim - 1]! += err;
        touched.add(dim - 1);
      }
      t++;
      // Lazy Adam: only coordinates seen in the batch move, which keeps sparse training fast.
      const lrT = (learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      for (const i of touched) {
        const g = grad[i]! / batch.length + (i < dim - 1 ? l2 * w[i]! : 0);
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        w[i]! -= (lrT * m[i]!) / (Math.sqrt(v[i]!) + 1e-8);
        grad[i] = 0;
      }
    }
  }
  return { sparse: Float32Array.from(w.subarray(0, sparseSize)), dense: Float32Array.from(w.subarray(sparseSize, dim - 1)), bias: w[dim - 1]! };
}

export function predictLogReg(weights: LogRegWeights, x: SparseVector, dense: Float32Array): number {
  let z = weights.bias;
  for (let q = 0; q < x.idx.length; q++) z += weights.sparse[x.idx[q]!]! * x.val[q]!;
  for (let q = 0; q < dense.length; q++) z += weights.dense[q]! * dense[q]!;
  return sigmoid(z);
}

function dot(w: Float64Array, e: Example, sparseSize: number): number {
  let z = w[w.length - 1]!;
  for (let q = 0; q < e.x.idx.length; q++) z += w[e.x.idx[q]!]! * e.x.val[q]!;
  for (let q = 0; q < e.dense.length; q++) z += w[sparseSize + q]! * e.dense[q]!;
  return z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Small seeded PRNG, so that training runs are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
