import { featureTokens, tokenize, type TextReading } from './normalise.ts';
import { FastTextFeatures } from './fast-features.ts';
import { TfidfVectorizer, type SparseVector, type TfidfState } from './tfidf.ts';

/**
 * The text features both learned models read: TF-IDF word uni+bigrams (normalised, stemmed) beside
 * TF-IDF character n-grams inside words ("char_wb"), each block L2-normalised and the two scaled to
 * one vector. Character n-grams carry what stemming and the slang list miss: affixed and slang forms
 * ("polisinya", "pulisi", "percumalaporpolisi"), misspellings, emoji-adjacent words. Pure.
 *
 * Character n-grams are kept by a 32-bit hash of the gram rather than the gram itself: no substring is
 * allocated while scoring, and the vocabulary stores as integers.
 */
export interface CharState {
  /** Hashes of the kept grams, in index order. */
  hashes: number[];
  idf: number[];
  min: number;
  max: number;
  /** Only the first `chars` characters are read: the start of a text says what it is. */
  chars: number;
}

export interface TextFeatureState {
  word: TfidfState;
  char: CharState;
  /** Share of the vector's weight given to the character block (0..1). */
  charShare: number;
  features: { stem: boolean; dropStopwords: boolean };
}

export interface FitOptions {
  wordMinDf?: number;
  wordMax?: number;
  charMinDf?: number;
  charMax?: number;
  charRange?: [number, number];
  chars?: number;
  charShare?: number;
  /** Stem the word block's tokens. (Default: true) */
  stem?: boolean;
}

export class TextFeatures {
  private readonly word: TfidfVectorizer;
  private readonly fast: FastTextFeatures;

  constructor(readonly state: TextFeatureState) {
    this.word = new TfidfVectorizer(state.word);
    this.fast = new FastTextFeatures(state);
  }

  get size(): number {
    return featureSize(this.state);
  }

  /** A word feature's text, or null for a character n-gram. */
  term(i: number): string | null {
    return i < this.word.size ? this.word.term(i) : null;
  }

  static fit(texts: string[], opts: FitOptions = {}): TextFeatures {
    const features = { stem: opts.stem ?? true, dropStopwords: false };
    const word = TfidfVectorizer.fit(
      texts.map((t) => featureTokens(t, features)),
      { minDf: opts.wordMinDf ?? 2, maxFeatures: opts.wordMax ?? 30_000 },
    );
    const [min, max] = opts.charRange ?? [3, 5];
    const chars = opts.chars ?? 1_000;
    const df = new Map<number, number>();
    for (const t of texts) for (const h of new Set(charHashes(t, min, max, chars))) df.set(h, (df.get(h) ?? 0) + 1);
    const kept = [...df.entries()]
      .filter(([, n]) => n >= (opts.charMinDf ?? 3))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, opts.charMax ?? 40_000);
    const n = texts.length;
    return new TextFeatures({
      word: word.state,
      char: { hashes: kept.map(([h]) => h), idf: kept.map(([, d]) => round(Math.log((1 + n) / (1 + d)) + 1)), min, max, chars },
      charShare: opts.charShare ?? 0.5,
      features,
    });
  }

  /** The vector of a text. Scoring runs through FastTextFeatures, which computes the same vector faster. */
  transform(text: string | TextReading): SparseVector {
    return this.fast.transform(text);
  }
}

/** The length of the vectors a state makes: word features, then character n-grams. */
export function featureSize(state: TextFeatureState): number {
  return state.word.terms.length + state.char.hashes.length;
}

/** FNV-1a hashes of the character n-grams of each word, padded with a space on both sides. */
export function charHashes(text: string, min: number, max: number, chars: number): number[] {
  const out: number[] = [];
  for (const token of tokenize(text.slice(0, chars))) {
    const w = ` ${token} `;
    for (let n = min; n <= max; n++) {
      for (let s = 0; s + n <= w.length; s++) {
        let h = 0x811c9dc5 ^ n;
        for (let k = s; k < s + n; k++) {
          h ^= w.charCodeAt(k);
          h = Math.imul(h, 0x01000193);
        }
        out.push(h >>> 0);
      }
      if (w.length < n) break;
    }
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
