import fs from 'node:fs';
import path from 'node:path';
import { CUE_CODES, cueVector, detectCues, type Cue } from './cues.ts';
import { FastTextFeatures } from './fast-features.ts';
import { readModelFile, writeModelFile } from './model-file.ts';
import { blockSize, fitPlatt, memberLogit, memberTrainsOn, memberView, trainMember, type Block, type MemberSpec, type MemberState } from './hoax-members.ts';
import { sigmoid } from './logreg.ts';
import { displayTerm, MODELS_DIR, type TextReading } from './normalise.ts';
import { scaleToThreshold } from './score.ts';
import { featureSize, TextFeatures, type FitOptions, type TextFeatureState } from './text-features.ts';
import type { SparseVector } from './tfidf.ts';

/** The hoax-likelihood model as stored in models/: vocabulary, ensemble members, threshold and how it was made. */
export interface HoaxModelArtifact {
  format: 'saring-hoax-model/3';
  version: string;
  trained_at: string;
  /** Decision threshold on the probability, chosen on the validation splits. */
  threshold: number;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
  /** Word and character n-gram vocabularies; scoring reads texts the same way. */
  text: TextFeatureState;
  /** The ensemble: each member's weights over its block of the vocabulary and its Platt scaling. */
  members: MemberState[];
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

/**
 * The members, chosen on the validation splits (npm run tune:hoax): the three together beat each alone
 * and each pair, and light regularisation (3e-6) beat 1e-4…1e-5. (fastText, gradient boosting and a
 * char-CNN were reported to add nothing in an earlier Python study; they were not tried here.)
 */
export const DEFAULT_MEMBERS: MemberSpec[] = [
  { name: 'lr-all', block: 'all', input: 'tfidf', l2: 3e-6 },
  { name: 'nb-word', block: 'word', input: 'nb', l2: 3e-6 },
  { name: 'nb-char', block: 'char', input: 'nb', l2: 3e-6 },
];
/** Word uni+bigrams (df ≥ 2) and char_wb 2–5 grams (df ≥ 2), chosen on the validation splits. */
export const DEFAULT_FEATURES: FitOptions = { charShare: 0.5, charRange: [2, 5], charMinDf: 2, charMax: 200_000, wordMinDf: 2, wordMax: 60_000 };

/** `dataset` names the text's data set, for members that train on some sets only (MemberSpec.sets). */
type Doc = { text: string; label: 0 | 1; weight?: number; dataset?: string };

export class HoaxModel {
  private readonly vectorizer: FastTextFeatures;
  private readonly wordSize: number;
  private readonly members: Member[];
  /**
   * For the usual ensemble (one TF-IDF member over all columns, one NB member over words and one over
   * character n-grams): per column, the first's weight and the NB member's weight, kept by the
   * vectorizer beside the column's count and IDF (`side[4 × column + 2]` and `+ 3`), so scoring reads
   * the cache line that counting the column has just read, rather than two arrays far away. null for
   * other ensembles.
   */
  private readonly pair: { members: [Member, Member, Member]; weights: Float32Array } | null;

  private constructor(readonly artifact: HoaxModelArtifact) {
    this.wordSize = artifact.text.word.terms.length;
    this.members = artifact.members.map((m) => ({
      block: m.block,
      nb: m.input === 'nb',
      sparse: Float32Array.from(m.weights.sparse),
      dense: Float32Array.from(m.weights.dense),
      bias: m.weights.bias,
      ...m.platt,
    }));
    const pair = pairWeights(this.members, this.wordSize);
    this.vectorizer = new FastTextFeatures(artifact.text, pair?.weights);
    this.pair = pair && { members: pair.members, weights: this.vectorizer.side };
  }

  get version(): string {
    return this.artifact.version;
  }

  get threshold(): number {
    return this.artifact.threshold;
  }

  static fromArtifact(a: HoaxModelArtifact): HoaxModel {
    if (a.format !== 'saring-hoax-model/3') throw new Error(`hoax model: unsupported format "${String(a.format)}" (run "npm run train")`);
    // From the state, not a TextFeatures: building one only to read its size indexed the whole vocabulary twice per load.
    const size = featureSize(a.text);
    for (const m of a.members) {
      if (m.weights.sparse.length !== blockSize(m.block, a.text.word.terms.length, size))
        throw new Error(`hoax model: member ${m.name}'s weights and vocabulary differ in size`);
    }
    return new HoaxModel(a);
  }

  /** Loads models/hoax-model.json (or another artifact); the error says how to make one. */
  static load(file = DEFAULT_MODEL_PATH): HoaxModel {
    if (!fs.existsSync(file)) throw new Error(`hoax model not found at ${file}: run "npm run train"`);
    return HoaxModel.fromArtifact(readModelFile(file, 'hoax model') as HoaxModelArtifact);
  }

  /**
   * Trains the ensemble on labelled texts (1 = hoax), each counting `weight` (weak labels less), and
   * Platt-scales each member on `calibration` (held-out texts: the validation splits); without them
   * the members' probabilities are averaged as they are. The threshold is set later, on validation
   * data. Stopwords stay: measured on the IFN validation split, dropping them cost ~0.05 macro-F1
   * (function words carry the register of chain messages).
   */
  static train(docs: Doc[], opts: { features?: FitOptions; members?: MemberSpec[]; calibration?: Doc[] } = {}): HoaxModel {
    const vectorizer = TextFeatures.fit(
      docs.map((d) => d.text),
      opts.features ?? DEFAULT_FEATURES,
    );
    const wordSize = vectorizer.state.word.terms.length;
    const read = (d: Doc) => ({
      x: vectorizer.transform(d.text),
      dense: cueVector(detectCues(d.text)),
      label: d.label,
      weight: d.weight ?? 1,
      dataset: d.dataset,
    });
    const trainX = docs.map(read);
    const calX = (opts.calibration ?? []).map(read);
    const members = (opts.members ?? DEFAULT_MEMBERS).map((spec) => {
      const view = (d: { x: SparseVector }) => memberView(d.x, wordSize, spec.block, spec.input);
      const m = trainMember(
        spec,
        trainX.filter((d) => memberTrainsOn(spec, d.dataset)).map((d) => ({ ...d, view: view(d) })),
        blockSize(spec.block, wordSize, vectorizer.size),
      );
      if (!calX.length) return m;
      const z = calX.map((d) => memberLogit(m, view(d), d.dense));
      return {
        ...m,
        platt: fitPlatt(
          z,
          calX.map((d) => d.label),
          calX.map((d) => d.weight),
        ),
      };
    });
    return new HoaxModel({
      format: 'saring-hoax-model/3',
      version: 'untrained',
      trained_at: new Date().toISOString(),
      threshold: 0.5,
      training: {},
      metrics: {},
      text: vectorizer.state,
      members,
    });
  }

  withMeta(meta: Partial<Pick<HoaxModelArtifact, 'version' | 'threshold' | 'training' | 'metrics'>>): HoaxModel {
    return new HoaxModel({ ...this.artifact, ...meta });
  }

  save(file = DEFAULT_MODEL_PATH): void {
    writeModelFile(file, this.artifact);
  }

  /** The probability alone, for evaluation. */
  probability(text: string): number {
    return this.read(text).p;
  }

  /** `opts.reading`: a TextReading of the text scored (title, newline, text), shared with the classifier's other readers. */
  score(input: { title?: string | null; text: string }, opts: { maxReasons?: number; reading?: TextReading } = {}): HoaxScore {
    const text = input.title ? `${input.title}\n${input.text}` : input.text;
    const { x, cues, dense, p } = this.read(text, opts.reading);
    // A feature's part in the score: its pull on each member's Platt-scaled logit, averaged over the
    // members (the ensemble averages probabilities, so this is the readable linear approximation).
    const k = 1 / this.members.length;
    const reasons: HoaxReason[] = [];
    cues.forEach((c) => {
      const q = CUE_CODES.indexOf(c.code);
      const weight = this.members.reduce((a, m) => a + k * m.a * m.dense[q]! * dense[q]!, 0);
      if (weight > 0) reasons.push({ kind: 'cue', label: `${c.label}${c.spans[0] ? `: "${c.spans[0].text}"` : ''}`, weight: round(weight), spans: c.spans });
    });
    let nWord = 0;
    while (nWord < x.idx.length && x.idx[nWord]! < this.wordSize) nWord++;
    const terms: Array<{ i: number; raw: number; weight: number }> = [];
    // Character n-grams weigh in the score but are no reason an analyst can read: words only.
    // The usual ensemble's word weights side by side (HoaxModel.pair: the same float32 values), which
    // read() has just read for these columns: no second read of each member's array far away.
    const pair = this.pair;
    for (let q = 0; q < nWord; q++) {
      const i = x.idx[q]!;
      let weight = 0;
      for (const m of this.members) {
        if (m.block === 'char') continue;
        const w = pair === null ? m.sparse[i]! : pair.weights[m === pair.members[0] ? 4 * i + 2 : 4 * i + 3]!;
        weight = weight + k * m.a * w * (m.nb ? 1 / Math.sqrt(nWord) : x.val[q]!);
      }
      if (weight > 0.05) terms.push({ i, raw: weight, weight: round(weight) });
    }
    // Labelled only for the terms shown.
    terms.sort((a, b) => b.weight - a.weight);
    for (const t of terms.slice(0, opts.maxReasons ?? 5))
      reasons.push({ kind: 'term', label: `kata "${displayTerm(this.artifact.text.word.terms[t.i]!)}" (+${t.raw.toFixed(2)})`, weight: t.weight });
    reasons.sort((a, b) => b.weight - a.weight);
    // The stored score puts the decision threshold at 0.5 (scaleToThreshold), as every hoax score does.
    return { score: scaleToThreshold(p, this.threshold), hoax: p >= this.threshold, reasons, cues };
  }

  /** One pass over the text's features: every member reads its block of the same vector. */
  private read(text: string, reading?: TextReading): { x: SparseVector; cues: Cue[]; dense: Float32Array; p: number } {
    const x = this.vectorizer.transform(reading ?? text);
    const cues = detectCues(text);
    const dense = cueVector(cues);
    let nWord = 0;
    while (nWord < x.idx.length && x.idx[nWord]! < this.wordSize) nWord++;
    const pair = this.pair;
    if (pair !== null) {
      // The usual ensemble: each member's sum as the loop below makes it, all three in one pass.
      const [all, word, char] = pair.members;
      const w = pair.weights;
      const presenceWord = 1 / Math.sqrt(Math.max(1, nWord));
      const presenceChar = 1 / Math.sqrt(Math.max(1, x.idx.length - nWord));
      let zAll = all.bias;
      let zWord = word.bias;
      let zChar = char.bias;
      for (let q = 0; q < nWord; q++) {
        const at = 4 * x.idx[q]! + 2;
        zAll += w[at]! * x.val[q]!;
        zWord += w[at + 1]! * presenceWord;
      }
      for (let q = nWord; q < x.idx.length; q++) {
        const at = 4 * x.idx[q]! + 2;
        zAll += w[at]! * x.val[q]!;
        zChar += w[at + 1]! * presenceChar;
      }
      let p = 0;
      for (const m of this.members) {
        let z = m === all ? zAll : m === word ? zWord : zChar;
        for (let q = 0; q < dense.length; q++) z += m.dense[q]! * dense[q]!;
        p += sigmoid(m.a * z + m.b);
      }
      return { x, cues, dense, p: p / this.members.length };
    }
    let p = 0;
    for (const m of this.members) {
      const [from, to, offset] = m.block === 'word' ? [0, nWord, 0] : m.block === 'char' ? [nWord, x.idx.length, this.wordSize] : [0, x.idx.length, 0];
      // memberView's values: TF-IDF as is, or presence / √(number present) for NB members.
      const presence = 1 / Math.sqrt(Math.max(1, to - from));
      let z = m.bias;
      for (let q = from; q < to; q++) z += m.sparse[x.idx[q]! - offset]! * (m.nb ? presence : x.val[q]!);
      for (let q = 0; q < dense.length; q++) z += m.dense[q]! * dense[q]!;
      p += sigmoid(m.a * z + m.b);
    }
    return { x, cues, dense, p: p / this.members.length };
  }
}

type Member = { block: Block; nb: boolean; sparse: Float32Array; dense: Float32Array; bias: number; a: number; b: number };

/** HoaxModel.pair for members that are the usual ensemble, else null. */
function pairWeights(members: Member[], wordSize: number): { members: [Member, Member, Member]; weights: Float32Array } | null {
  const all = members.filter((m) => m.block === 'all' && !m.nb);
  const word = members.filter((m) => m.block === 'word' && m.nb);
  const char = members.filter((m) => m.block === 'char' && m.nb);
  if (members.length !== 3 || all.length !== 1 || word.length !== 1 || char.length !== 1) return null;
  const size = all[0]!.sparse.length;
  // The members' own float32 weights: kept as float32, read back as the same numbers.
  const weights = new Float32Array(2 * size);
  for (let i = 0; i < size; i++) {
    weights[2 * i] = all[0]!.sparse[i]!;
    weights[2 * i + 1] = i < wordSize ? word[0]!.sparse[i]! : char[0]!.sparse[i - wordSize]!;
  }
  return { members: [all[0]!, word[0]!, char[0]!], weights };
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
