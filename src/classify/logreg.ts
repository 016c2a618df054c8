import type { SparseVector } from './tfidf.ts';

/**
 * Binary logistic regression over sparse vectors plus a few dense extra features, L2-regularised,
 * examples weighted and classes balanced by their summed weights, fitted by full-batch L-BFGS. Pure and
 * deterministic. (The softmax of the police triage, softmax.ts, shares the PRNG.)
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
  /** How much this example counts (weak labels count less). (Default: 1) */
  w?: number;
}

export function predictLogReg(weights: LogRegWeights, x: SparseVector, dense: Float32Array): number {
  let z = weights.bias;
  for (let q = 0; q < x.idx.length; q++) z += weights.sparse[x.idx[q]!]! * x.val[q]!;
  for (let q = 0; q < dense.length; q++) z += weights.dense[q]! * dense[q]!;
  return sigmoid(z);
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

export interface BatchTrainOptions {
  /** L2 penalty on the feature weights (not the bias); the loss it is added to is the weighted mean over examples. (Default: 1e-4) */
  l2?: number;
  /** (Default: 300) */
  maxIterations?: number;
  /** Stops when the objective improves by less than this, relatively. (Default: 1e-7) */
  tolerance?: number;
}

/**
 * Weighted examples, balanced classes, fitted by full-batch L-BFGS to (near) the optimum of the
 * L2-regularised loss rather than stopped after a few epochs of stochastic steps. There is
 * no sampling, so no seed: the same data always gives the same weights; and the penalty becomes the one
 * capacity knob (what C is in liblinear), which the NB-SVM members are tuned by. The hoax model's three
 * members train in about a minute together on ~20k texts.
 */
export function trainLogRegLbfgs(examples: Example[], sparseSize: number, denseSize: number, opts: BatchTrainOptions = {}): LogRegWeights {
  const { l2 = 1e-4, maxIterations = 300, tolerance = 1e-7 } = opts;
  const n = examples.length;
  // One flat CSR copy of the data (dense features appended as sparse columns) keeps the passes tight.
  let nnz = 0;
  for (const e of examples) nnz += e.x.idx.length + e.dense.length;
  const rows = new Int32Array(n + 1);
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  let k = 0;
  examples.forEach((e, i) => {
    for (let q = 0; q < e.x.idx.length; q++, k++) {
      cols[k] = e.x.idx[q]!;
      vals[k] = e.x.val[q]!;
    }
    for (let q = 0; q < e.dense.length; q++, k++) {
      cols[k] = sparseSize + q;
      vals[k] = e.dense[q]!;
    }
    rows[i + 1] = k;
  });
  // Classes balanced by their summed example weights, as trainLogReg does; weights sum to 1.
  const nPos = examples.reduce((a, e) => a + (e.y === 1 ? (e.w ?? 1) : 0), 0);
  const total = examples.reduce((a, e) => a + (e.w ?? 1), 0);
  const c = Float64Array.from(examples, (e) => (e.w ?? 1) * (e.y === 1 ? 0.5 / Math.max(1e-9, nPos) : 0.5 / Math.max(1e-9, total - nPos)));
  const y = Float64Array.from(examples, (e) => e.y);
  const dim = sparseSize + denseSize + 1;
  const bias = dim - 1;

  const evaluate = (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      let z = w[bias]!;
      for (let q = rows[i]!; q < rows[i + 1]!; q++) z += w[cols[q]!]! * vals[q]!;
      // log(1 + e^-z) for y=1, log(1 + e^z) for y=0, computed without overflow.
      const s = y[i] ? -z : z;
      f += c[i]! * (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s)));
      const err = c[i]! * (sigmoid(z) - y[i]!);
      for (let q = rows[i]!; q < rows[i + 1]!; q++) g[cols[q]!]! += err * vals[q]!;
      g[bias]! += err;
    }
    for (let j = 0; j < bias; j++) {
      f += 0.5 * l2 * w[j]! * w[j]!;
      g[j]! += l2 * w[j]!;
    }
    return f;
  };

  const w = lbfgs(evaluate, dim, maxIterations, tolerance);
  return { sparse: Float32Array.from(w.subarray(0, sparseSize)), dense: Float32Array.from(w.subarray(sparseSize, bias)), bias: w[bias]! };
}

/** Minimises a smooth convex function from 0 by L-BFGS (10 pairs) with a backtracking Armijo line search. */
export function lbfgs(evaluate: (w: Float64Array, grad: Float64Array) => number, dim: number, maxIterations: number, tolerance: number): Float64Array {
  const memory = 10;
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  let w = new Float64Array(dim);
  let g = new Float64Array(dim);
  let f = evaluate(w, g);
  const dir = new Float64Array(dim);
  const alpha = new Float64Array(memory);
  let wNext = new Float64Array(dim);
  let gNext = new Float64Array(dim);
  const dot = (a: Float64Array, b: Float64Array) => {
    let z = 0;
    for (let j = 0; j < dim; j++) z += a[j]! * b[j]!;
    return z;
  };
  for (let iter = 0; iter < maxIterations; iter++) {
    // Two-loop recursion: dir = -H·g.
    for (let j = 0; j < dim; j++) dir[j] = -g[j]!;
    for (let m = s.length - 1; m >= 0; m--) {
      alpha[m] = rho[m]! * dot(s[m]!, dir);
      for (let j = 0; j < dim; j++) dir[j]! -= alpha[m]! * yv[m]![j]!;
    }
    const gamma = s.length ? dot(s[s.length - 1]!, yv[yv.length - 1]!) / dot(yv[yv.length - 1]!, yv[yv.length - 1]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < dim; j++) dir[j]! *= gamma;
    for (let m = 0; m < s.length; m++) {
      const beta = rho[m]! * dot(yv[m]!, dir);
      for (let j = 0; j < dim; j++) dir[j]! += s[m]![j]! * (alpha[m]! - beta);
    }
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      for (let j = 0; j < dim; j++) dir[j] = -g[j]!;
      slope = dot(g, dir);
      s.length = yv.length = rho.length = 0;
    }
    let step = 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 30; tries++, step /= 2) {
      for (let j = 0; j < dim; j++) wNext[j] = w[j]! + step * dir[j]!;
      fNext = evaluate(wNext, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
    }
    if (!(fNext < f)) break;
    const sNew = new Float64Array(dim);
    const yNew = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      sNew[j] = wNext[j]! - w[j]!;
      yNew[j] = gNext[j]! - g[j]!;
    }
    const sy = dot(sNew, yNew);
    if (sy > 1e-12) {
      if (s.length === memory) {
        s.shift();
        yv.shift();
        rho.shift();
      }
      s.push(sNew);
      yv.push(yNew);
      rho.push(1 / sy);
    }
    const done = (f - fNext) / Math.max(Math.abs(f), 1e-12) < tolerance;
    [w, wNext] = [wNext, w];
    [g, gNext] = [gNext, g];
    f = fNext;
    if (done) break;
  }
  return w;
}
