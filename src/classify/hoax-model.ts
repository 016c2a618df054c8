import fs from 'node:fs';
import path from 'node:path';
import { CUE_CODES, cueVector, detectCues, type Cue } from './cues.ts';
import { trainLogReg, predictLogReg, type Example, type LogRegWeights, type TrainOptions } from './logreg.ts';
import { featureTokens, MODELS_DIR } from './normalise.ts';
import { TfidfVectorizer, type SparseVector, type TfidfState } from './tfidf.ts';

/** The hoax-likelihood model as stored in models/: vocabulary, weights, threshold and how it was made. */
export interface HoaxModelArtifact {
  format: 'saring-hoax-model/1';
  version: string;
  trained_at: string;
  /** Decision threshold on the score, chosen on the validation split for macro-F1. */
  threshold: number;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
  /** How texts were tokenised; scoring must do the same. */
  features: { stem: boolean; dropStopwords: boolean };
  tfidf: TfidfState;
  weights: { sparse: number[]; dense: number[]; bias: number };
}

export interface HoaxReason {
  kind: 'term' | 'cue';
  /** Indonesian, for analysts: `kata "sebar" (+0.31)`, `Mengajak menyebarkan: "sebarkan"`. */
  label: string;
  weight: number;
  spans?: Cue['spans'];
}

export interface HoaxScore {
  score: number;
  hoax: boolean;
  reasons: HoaxReason[];
  /** The cues the text showed, for the signals that read them too. */
  cues: Cue[];
}

export const DEFAULT_MODEL_PATH = path.join(MODELS_DIR, 'hoax-model.json');

export class HoaxModel {
  private readonly vectorizer: TfidfVectorizer;
  private readonly weights: LogRegWeights;

  private constructor(readonly artifact: HoaxModelArtifact) {
    this.vectorizer = new TfidfVectorizer(artifact.tfidf);
    this.weights = { sparse: Float32Array.from(artifact.weights.sparse), dense: Float32Array.from(artifact.weights.dense), bias: artifact.weights.bias };
  }

  get version(): string {
    return this.artifact.version;
  }

  get threshold(): number {
    return this.artifact.threshold;
  }

  static fromArtifact(a: HoaxModelArtifact): HoaxModel {
    if (a.format !== 'saring-hoax-model/1') throw new Error(`hoax model: unsupported format "${String(a.format)}"`);
    if (a.weights.sparse.length !== a.tfidf.terms.length) throw new Error('hoax model: weights and vocabulary differ in size');
    return new HoaxModel(a);
  }

  /** Loads models/hoax-model.json (or another artifact); the error says how to make one. */
  static load(file = DEFAULT_MODEL_PATH): HoaxModel {
    if (!fs.existsSync(file)) throw new Error(`hoax model not found at ${file}: run "npm run train"`);
    return HoaxModel.fromArtifact(JSON.parse(fs.readFileSync(file, 'utf8')) as HoaxModelArtifact);
  }

  /** Trains a model on labelled texts (1 = hoax). The threshold is set later, on validation data. */
  static train(docs: Array<{ text: string; label: 0 | 1 }>, opts: { minDf?: number; maxFeatures?: number } & TrainOptions = {}): HoaxModel {
    // Stopwords stay: measured on the IFN validation split, dropping them cost ~0.05 macro-F1
    // (function words carry the register of chain messages).
    const features = { stem: true, dropStopwords: false };
    const tokens = docs.map((d) => featureTokens(d.text, features));
    const vectorizer = TfidfVectorizer.fit(tokens, { minDf: opts.minDf ?? 2, maxFeatures: opts.maxFeatures ?? 30_000 });
    const examples: Example[] = docs.map((d, i) => ({ x: vectorizer.transform(tokens[i]!), dense: cueVector(detectCues(d.text)), y: d.label }));
    const w = trainLogReg(examples, vectorizer.size, CUE_CODES.length, { epochs: 6, ...opts });
    return new HoaxModel({
      format: 'saring-hoax-model/1',
      version: 'untrained',
      trained_at: new Date().toISOString(),
      threshold: 0.5,
      training: {},
      metrics: {},
      features,
      tfidf: vectorizer.state,
      weights: { sparse: [...w.sparse].map(round), dense: [...w.dense].map(round), bias: round(w.bias) },
    });
  }

  withMeta(meta: Partial<Pick<HoaxModelArtifact, 'version' | 'threshold' | 'training' | 'metrics'>>): HoaxModel {
    return new HoaxModel({ ...this.artifact, ...meta });
  }

  save(file = DEFAULT_MODEL_PATH): void {
    fs.writeFileSync(file, JSON.stringify(this.artifact) + '\n');
  }

  /** The probability alone, for evaluation. */
  probability(text: string): number {
    return predictLogReg(this.weights, this.vectorize(text), cueVector(detectCues(text)));
  }

  score(input: { title?: string | null; text: string }, opts: { maxReasons?: number } = {}): HoaxScore {
    const text = input.title ? `${input.title}\n${input.text}` : input.text;
    const x = this.vectorize(text);
    const cues = detectCues(text);
    const score = predictLogReg(this.weights, x, cueVector(cues));
    const reasons: HoaxReason[] = [];
    cues.forEach((c) => {
      const weight = this.weights.dense[CUE_CODES.indexOf(c.code)]! * c.value;
      if (weight > 0) reasons.push({ kind: 'cue', label: `${c.label}${c.spans[0] ? `: "${c.spans[0].text}"` : ''}`, weight: round(weight), spans: c.spans });
    });
    const terms: HoaxReason[] = [];
    for (let q = 0; q < x.idx.length; q++) {
      const weight = this.weights.sparse[x.idx[q]!]! * x.val[q]!;
      if (weight > 0.05) terms.push({ kind: 'term', label: `kata "${this.vectorizer.term(x.idx[q]!)}" (+${weight.toFixed(2)})`, weight: round(weight) });
    }
    terms.sort((a, b) => b.weight - a.weight);
    reasons.push(...terms.slice(0, opts.maxReasons ?? 5));
    reasons.sort((a, b) => b.weight - a.weight);
    return { score: round(score), hoax: score >= this.threshold, reasons, cues };
  }

  private vectorize(text: string): SparseVector {
    return this.vectorizer.transform(featureTokens(text, this.artifact.features));
  }
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
