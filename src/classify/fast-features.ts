import { featureTokens, TextReading } from './normalise.ts';
import type { TextFeatureState } from './text-features.ts';
import type { SparseVector, TfidfState } from './tfidf.ts';

/**
 * TextFeatures.transform for the hoax model's scoring path, about three times faster: the same vectors
 * (scripts/bench-hoax.ts checks that they are identical on 2,000 texts), computed without building a
 * bigram string or an array of character-gram hashes per text, with n-grams looked up in
 * open-addressing integer tables instead of Maps (32-bit hashes above 2³¹ are boxed numbers as Map
 * keys, and slow), and counts kept in reusable typed arrays. Reads a TextFeatureState as
 * TextFeatures stores it. Not re-entrant (one scratch buffer per instance), which JavaScript's one
 * thread makes safe.
 */
export class FastTextFeatures {
  private readonly words: WordGrams;
  private readonly chars: IntTable;
  private readonly wordSize: number;
  private readonly counts: Int32Array;
  private readonly touched: Int32Array;
  /** The current word, space-padded, as char codes (grown as needed). */
  private code = new Uint16Array(64);
  /**
   * Each word's char-block columns, as hashWord found them: words recur across texts far more than
   * they are new (on the bench's 20,000 texts, about nine in ten tokens were seen before), so a word
   * seen lately costs one Map lookup instead of ~4 × its length FNV hashes and table probes.
   */
  private readonly charCols = new WordColumns();
  /** Scratch for hashWord. */
  private found = new Int32Array(256);

  constructor(readonly state: TextFeatureState) {
    this.words = new WordGrams(state.word.terms, state.word.ngrams);
    this.wordSize = state.word.terms.length;
    this.chars = new IntTable(state.char.hashes.length);
    state.char.hashes.forEach((h, i) => this.chars.set(h | 0, i));
    const size = this.wordSize + state.char.hashes.length;
    this.counts = new Int32Array(size);
    this.touched = new Int32Array(size);
  }

  get size(): number {
    return this.counts.length;
  }

  /** The vector of a text; a TextReading of it shares its tokens with the classifier's other readers. */
  transform(input: string | TextReading): SparseVector {
    const reading = typeof input === 'string' ? new TextReading(input) : input;
    // Word block: unigrams and adjacent-token bigrams of the normalised, stemmed tokens.
    let nWord = 0;
    const count = (i: number) => {
      if (this.counts[i]!++ === 0) this.touched[nWord++] = i;
    };
    const opts = this.state.features;
    const words = opts.stem !== false ? reading.features(opts.dropStopwords !== false) : featureTokens(reading.text, opts);
    this.words.forEach(words, count);
    // Char block: the n-gram columns of each word, from the cache or hashed once (hashWord).
    let nAll = nWord;
    const cols = this.charCols;
    for (const token of reading.tokens(this.state.char.chars)) {
      let at = cols.index.get(token);
      if (at === undefined) at = this.hashWord(token);
      const arena = cols.arena;
      for (let k = at + 1, end = at + 1 + arena[at]!; k < end; k++) {
        const i = this.wordSize + arena[k]!;
        if (this.counts[i]!++ === 0) this.touched[nAll++] = i;
      }
    }
    const idx = this.touched.slice(0, nAll);
    idx.subarray(0, nWord).sort();
    idx.subarray(nWord).sort();
    const val = new Float32Array(nAll);
    sublinearBlock(this.counts, idx, val, 0, nWord, this.state.word.idf, 0, Math.sqrt(1 - this.state.charShare));
    sublinearBlock(this.counts, idx, val, nWord, nAll, this.state.char.idf, this.wordSize, Math.sqrt(this.state.charShare));
    return { idx, val };
  }

  /**
   * Hashes a word's n-grams (FNV-1a of each n-gram of the space-padded word, exactly as charHashes
   * computes it), stores the columns of those the vocabulary keeps, one per occurrence, in the cache,
   * and returns where they start there.
   */
  private hashWord(token: string): number {
    const len = token.length + 2;
    if (len > this.code.length) this.code = new Uint16Array(2 * len);
    const code = this.code;
    // The word padded with a space on both sides, as char codes.
    code[0] = code[len - 1] = 32;
    for (let k = 1; k < len - 1; k++) code[k] = token.charCodeAt(k - 1);
    const { min, max } = this.state.char;
    const most = (max - min + 1) * len;
    const found = this.found.length < most ? (this.found = new Int32Array(2 * most)) : this.found;
    let n = 0;
    for (let g = min; g <= max; g++) {
      for (let s = 0; s + g <= len; s++) {
        let h = 0x811c9dc5 ^ g;
        for (let k = s; k < s + g; k++) h = Math.imul(h ^ code[k]!, 0x01000193);
        const i = this.chars.get(h);
        if (i >= 0) found[n++] = i;
      }
      if (len < g) break;
    }
    return this.charCols.add(token, found.subarray(0, n));
  }
}

/**
 * Lists of integers by word, in one growing Int32Array (each list: its length, then its entries) rather
 * than an array per word. Bounded: emptied when it holds MAX_WORDS words or MAX_INTS integers, so a
 * long-running process keeps at most ~MAX_INTS × 4 bytes plus the words.
 */
class WordColumns {
  static readonly MAX_WORDS = 50_000;
  static readonly MAX_INTS = 1 << 21;
  readonly index = new Map<string, number>();
  arena = new Int32Array(1 << 16);
  private used = 0;

  /** Stores `list` for `word`; returns where it starts in `arena`. */
  add(word: string, list: Int32Array): number {
    const need = list.length + 1;
    if (this.index.size >= WordColumns.MAX_WORDS || this.used + need > WordColumns.MAX_INTS) {
      this.index.clear();
      this.used = 0;
    }
    if (this.used + need > this.arena.length) {
      const grown = new Int32Array(Math.min(WordColumns.MAX_INTS, Math.max(2 * this.arena.length, this.used + need)));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    const at = this.used;
    this.arena[at] = list.length;
    this.arena.set(list, at + 1);
    this.used += need;
    this.index.set(word, at);
    return at;
  }
}

/**
 * TfidfVectorizer.transform, the same vectors (the same sums in the same order), without a string per
 * bigram or a Map of counts: tokens become integer ids, bigrams are looked up as pairs of ids. For
 * matching a text against an index's vocabulary many times (claim-match.ts). Not re-entrant, like
 * FastTextFeatures.
 */
export class FastWordTfidf {
  private readonly words: WordGrams;
  private readonly counts: Int32Array;
  private readonly touched: Int32Array;

  constructor(readonly state: TfidfState) {
    this.words = new WordGrams(state.terms, state.ngrams);
    this.counts = new Int32Array(state.terms.length);
    this.touched = new Int32Array(state.terms.length);
  }

  transform(tokens: readonly string[]): SparseVector {
    let n = 0;
    this.words.forEach(tokens, (i) => {
      if (this.counts[i]!++ === 0) this.touched[n++] = i;
    });
    const idx = this.touched.slice(0, n).sort();
    const val = new Float32Array(n);
    sublinearBlock(this.counts, idx, val, 0, n, this.state.idf, 0, 1);
    return { idx, val };
  }
}

/**
 * Sublinear TF-IDF over idx[from, to), L2-normalised, scaled, and the counts read reset to zero: the
 * arithmetic of TfidfVectorizer and TextFeatures, step for step (float32 roundings included).
 */
function sublinearBlock(
  counts: Int32Array,
  idx: Int32Array,
  val: Float32Array,
  from: number,
  to: number,
  idf: readonly number[],
  offset: number,
  scale: number,
): void {
  let norm = 0;
  for (let k = from; k < to; k++) {
    const v = (1 + Math.log(counts[idx[k]!]!)) * idf[idx[k]! - offset]!;
    counts[idx[k]!] = 0;
    val[k] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = from; k < to; k++) {
    val[k]! /= norm;
    val[k]! *= scale;
  }
}

/**
 * A word vocabulary (unigrams and "a b" bigrams) as integer tables: each token becomes an id once, and
 * a bigram is looked up as a pair of ids, with no string built per bigram.
 */
class WordGrams {
  private readonly tokenId = new Map<string, number>();
  /** Token id → index of the unigram term, or -1. */
  private readonly unigram: Int32Array;
  private readonly bigram: IntPairTable;
  private ids = new Int32Array(256);

  constructor(
    terms: readonly string[],
    private readonly ngrams: number,
  ) {
    const id = (t: string) => {
      let k = this.tokenId.get(t);
      if (k === undefined) this.tokenId.set(t, (k = this.tokenId.size));
      return k;
    };
    // Token ids of each term's first and second word (-1: a unigram), in two flat arrays rather than
    // an array per term: this runs for every vocabulary entry each time a model loads.
    const first = new Int32Array(terms.length);
    const second = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      const space = t.indexOf(' ');
      first[i] = id(space < 0 ? t : t.slice(0, space));
      second[i] = space < 0 ? -1 : id(t.slice(space + 1));
    }
    this.unigram = new Int32Array(this.tokenId.size).fill(-1);
    this.bigram = new IntPairTable(terms.length);
    for (let i = 0; i < terms.length; i++) {
      if (second[i]! < 0) this.unigram[first[i]!] = i;
      else this.bigram.set(first[i]!, second[i]!, i);
    }
  }

  /** Calls `count` with the term index of each unigram and adjacent-token bigram of `tokens` found in the vocabulary. */
  forEach(tokens: readonly string[], count: (term: number) => void): void {
    if (tokens.length > this.ids.length) this.ids = new Int32Array(2 * tokens.length);
    const ids = this.ids;
    for (let k = 0; k < tokens.length; k++) ids[k] = this.tokenId.get(tokens[k]!) ?? -1;
    for (let k = 0; k < tokens.length; k++) {
      const a = ids[k]!;
      if (a < 0) continue;
      if (this.unigram[a]! >= 0) count(this.unigram[a]!);
      if (this.ngrams === 2 && k + 1 < tokens.length && ids[k + 1]! >= 0) {
        const i = this.bigram.get(a, ids[k + 1]!);
        if (i >= 0) count(i);
      }
    }
  }
}

/** Open-addressing hash table from a pair of 32-bit integers to a non-negative index (-1 when absent). */
class IntPairTable {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(n: number) {
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Int32Array(cap * 2);
    this.values = new Int32Array(cap).fill(-1);
  }

  set(a: number, b: number, value: number): void {
    let s = this.slot(a, b);
    while (this.values[s]! >= 0 && (this.keys[2 * s] !== a || this.keys[2 * s + 1] !== b)) s = (s + 1) & this.mask;
    [this.keys[2 * s], this.keys[2 * s + 1], this.values[s]] = [a, b, value];
  }

  get(a: number, b: number): number {
    for (let s = this.slot(a, b); this.values[s]! >= 0; s = (s + 1) & this.mask) {
      if (this.keys[2 * s] === a && this.keys[2 * s + 1] === b) return this.values[s]!;
    }
    return -1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }
}

/** Open-addressing hash table from a 32-bit integer to a non-negative index (-1 when absent); key and value side by side, one cache line a probe. */
class IntTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(n: number) {
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
    for (let s = 1; s < this.slots.length; s += 2) this.slots[s] = -1;
  }

  set(key: number, value: number): void {
    let s = Math.imul(key, 0x9e3779b1) & this.mask;
    while (this.slots[2 * s + 1]! >= 0 && this.slots[2 * s] !== key) s = (s + 1) & this.mask;
    [this.slots[2 * s], this.slots[2 * s + 1]] = [key, value];
  }

  get(key: number): number {
    for (let s = Math.imul(key, 0x9e3779b1) & this.mask; ; s = (s + 1) & this.mask) {
      const v = this.slots[2 * s + 1]!;
      if (v < 0 || this.slots[2 * s] === key) return v;
    }
  }
}
