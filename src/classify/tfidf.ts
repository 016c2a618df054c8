/**
 * TF-IDF over word unigrams and bigrams: sublinear term frequency, smoothed idf, L2-normalised
 * sparse vectors. Pure; serialisable as plain JSON.
 */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export interface TfidfState {
  terms: string[];
  idf: number[];
  ngrams: 1 | 2;
}

export class TfidfVectorizer {
  /** Term → index, built on the first transform: a loaded model scores through FastTextFeatures and never needs it. */
  private index: Map<string, number> | undefined;

  constructor(readonly state: TfidfState) {}

  get size(): number {
    return this.state.terms.length;
  }

  term(i: number): string {
    return this.state.terms[i]!;
  }

  /** Learns the vocabulary: terms in at least `minDf` documents, the `maxFeatures` most frequent. */
  static fit(docs: string[][], opts: { minDf?: number; maxFeatures?: number; ngrams?: 1 | 2 } = {}): TfidfVectorizer {
    const ngrams = opts.ngrams ?? 2;
    const df = new Map<string, number>();
    for (const tokens of docs) for (const t of new Set(grams(tokens, ngrams))) df.set(t, (df.get(t) ?? 0) + 1);
    const minDf = opts.minDf ?? 2;
    const kept = [...df.entries()]
      .filter(([, n]) => n >= minDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, opts.maxFeatures ?? 50_000);
    const n = docs.length;
    return new TfidfVectorizer({
      terms: kept.map(([t]) => t),
      idf: kept.map(([, d]) => Math.log((1 + n) / (1 + d)) + 1),
      ngrams,
    });
  }

  transform(tokens: readonly string[]): SparseVector {
    const index = (this.index ??= new Map(this.state.terms.map((t, i) => [t, i])));
    const tf = new Map<number, number>();
    for (const g of grams(tokens, this.state.ngrams)) {
      const i = index.get(g);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const idx = Int32Array.from([...tf.keys()].sort((a, b) => a - b));
    const val = new Float32Array(idx.length);
    let norm = 0;
    idx.forEach((i, k) => {
      const v = (1 + Math.log(tf.get(i)!)) * this.state.idf[i]!;
      val[k] = v;
      norm += v * v;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < val.length; k++) val[k]! /= norm;
    return { idx, val };
  }
}

function grams(tokens: readonly string[], n: 1 | 2): readonly string[] {
  if (n === 1) return tokens;
  const out = tokens.slice();
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.idx.length && j < b.idx.length) {
    if (a.idx[i] === b.idx[j]) dot += a.val[i++]! * b.val[j++]!;
    else if (a.idx[i]! < b.idx[j]!) i++;
    else j++;
  }
  return dot; // both are L2-normalised
}
