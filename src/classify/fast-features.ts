import { ColumnSet } from './column-set.ts';
import { featureTokens, READINGS_MAX, readingsEpoch, TextReading, tokenFeatures } from './normalise.ts';
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
  /**
   * Per column (columns()): its count in the current text (0 between texts) and its IDF's place in
   * `idfs`, side by side; then, with `side` weights, the column's two weights as float32, read through
   * `side` (`stride` 4, else 2). 16 bytes a column with weights: four columns a cache line.
   */
  private readonly cols: Int32Array;
  private readonly idfs: Float64Array;
  readonly side: Float32Array;
  readonly stride: 2 | 4;
  /** The columns the current text touched. */
  private readonly touched: ColumnSet;
  /** Room to read `touched` out into: at least one place per count made. */
  private drained = new Int32Array(1024);
  /** The current word, space-padded, as char codes (grown as needed). */
  private code = new Uint16Array(64);
  /**
   * What each word adds to the vector, as `entry` found it: its char-block columns and the word-block
   * ids of its feature tokens. Words recur across texts far more than they are new (of the bench's
   * 20,000 texts' 930,000 tokens, 94 % had been seen before; 53,000 distinct), so a word seen lately
   * costs one Map lookup instead of a slang lookup, a stem, an id lookup per feature token and ~4 × its
   * length FNV hashes and table probes.
   */
  private readonly perWord = new WordLists();
  /** Scratch: the current text's word ids, and a word's columns while entry finds them. */
  private ids = new Int32Array(256);
  private found = new Int32Array(256);
  private ats = new Int32Array(256);
  /**
   * Where each word's entry starts, by the slot of its reading (-1: not yet), for the readings' epoch
   * and perWord's epoch recorded beside it. 400 KB, made on first use.
   */
  private atBySlot: Int32Array | undefined;
  private slotEpoch = -1;
  private listsEpoch = -1;

  /**
   * `side`: two float32 numbers per column (a model's weights, say) kept beside each column's count
   * (read back through `this.side` at `stride × column + 2` and `+ 3`), for a reader of the vector to
   * find in the cache line the count was just read from.
   */
  constructor(
    readonly state: TextFeatureState,
    side?: Float32Array,
  ) {
    this.words = new WordGrams(state.word.terms, state.word.ngrams);
    this.wordSize = state.word.terms.length;
    this.chars = new IntTable(state.char.hashes.length);
    state.char.hashes.forEach((h, i) => this.chars.set(h | 0, i));
    const size = this.wordSize + state.char.hashes.length;
    this.stride = side ? 4 : 2;
    ({ cols: this.cols, idfs: this.idfs } = columns([state.word.idf, state.char.idf], this.stride));
    this.side = new Float32Array(this.cols.buffer);
    // Plain loops, no spread or destructuring: this runs once per load, before the JIT has seen it,
    // over every column (~160,000), and each array they made cost as much as the copy.
    if (side)
      for (let i = 0; i < size; i++) {
        this.side[4 * i + 2] = side[2 * i]!;
        this.side[4 * i + 3] = side[2 * i + 1]!;
      }
    this.touched = new ColumnSet(size);
  }

  get size(): number {
    return this.cols.length / this.stride;
  }

  /** The vector of a text; a TextReading of it shares its tokens with the classifier's other readers. */
  transform(input: string | TextReading): SparseVector {
    const reading = typeof input === 'string' ? new TextReading(input) : input;
    // Word block: unigrams and adjacent-token bigrams of the normalised, stemmed tokens, i.e. of each
    // word's feature tokens in turn (as TextReading.features reads them), by id.
    // Each column counted is marked in `touched` whether or not it was already: no branch on the count
    // just read (most reads miss the cache, and a branch that waits for one, mispredicted about as
    // often as not, keeps the processor from reading the next columns meanwhile).
    const cols = this.cols;
    const stride = this.stride;
    const touched = this.touched;
    let counted = 0;
    const count = (i: number) => {
      cols[stride * i]!++;
      touched.add(i);
      counted++;
    };
    const opts = this.state.features;
    const lists = this.perWord;
    const tokens = reading.tokens();
    const slots = opts.stem !== false ? reading.slots() : null;
    this.checkSlots();
    // Where each token's entry starts, kept for the char block, which reads the same tokens in a text
    // within `chars` (most) and the same first tokens in a longer one, unless the lists were emptied
    // meanwhile (their places then reused).
    const epoch = lists.epoch;
    if (tokens.length > this.ats.length) this.ats = new Int32Array(2 * tokens.length);
    const ats = this.ats;
    if (opts.stem !== false) {
      let n = 0;
      for (let j = 0; j < tokens.length; j++) {
        const at = (ats[j] = slots === null ? this.entry(tokens[j]!) : this.entryBySlot(tokens[j]!, slots[j]!));
        const arena = lists.arena;
        const w = at + 1 + arena[at]!;
        const m = arena[w]!;
        if (n + m > this.ids.length) this.ids = grown(this.ids, 2 * (n + m));
        for (let k = w + 1; k <= w + m; k++) this.ids[n++] = arena[k]!;
      }
      this.words.forEachId(this.ids, n, count);
    } else this.words.forEach(featureTokens(reading.text, opts), count);
    // Char block: the n-gram columns of each word of the text's start.
    const charTokens = reading.tokens(this.state.char.chars);
    // The start's tokens are the whole text's but for the last few (all of them in a short text): those have their entries in `ats`.
    const shared = opts.stem !== false && lists.epoch === epoch ? reading.sharedTokens(this.state.char.chars) : 0;
    const charSlots = shared === charTokens.length || opts.stem === false ? null : reading.slots(this.state.char.chars);
    this.checkSlots();
    for (let j = 0; j < charTokens.length; j++) {
      const at = j < shared ? ats[j]! : charSlots === null ? this.entry(charTokens[j]!) : this.entryBySlot(charTokens[j]!, charSlots[j]!);
      const arena = lists.arena;
      const end = at + 1 + arena[at]!;
      for (let k = at + 1; k < end; k++) {
        const i = this.wordSize + arena[k]!;
        cols[stride * i]!++;
        touched.add(i);
      }
      counted += end - at - 1;
    }
    // Ascending: the word block's columns (all below wordSize) sorted, then the char block's.
    if (this.drained.length < counted) this.drained = new Int32Array(2 * counted);
    const nAll = touched.drain(this.drained);
    const idx = this.drained.slice(0, nAll);
    let nWord = 0;
    while (nWord < nAll && idx[nWord]! < this.wordSize) nWord++;
    const val = new Float32Array(nAll);
    sublinearBlock(cols, this.idfs, stride, idx, val, 0, nWord, Math.sqrt(1 - this.state.charShare));
    sublinearBlock(cols, this.idfs, stride, idx, val, nWord, nAll, Math.sqrt(this.state.charShare));
    return { idx, val };
  }

  /** entry(token) by the slot of the token's reading (TextReading.slots): an array read instead of a Map lookup. */
  private entryBySlot(token: string, slot: number): number {
    let at = this.atBySlot![slot]!;
    if (at < 0) {
      const epoch = this.perWord.epoch;
      at = this.entry(token);
      // Emptied to make room for it: the other places kept are stale.
      if (this.perWord.epoch !== epoch) this.checkSlots();
      this.atBySlot![slot] = at;
    }
    return at;
  }

  /** Empties atBySlot when the readings' slots or perWord's places it holds are from an earlier epoch. */
  private checkSlots(): void {
    if (this.atBySlot !== undefined && this.slotEpoch === readingsEpoch() && this.listsEpoch === this.perWord.epoch) return;
    (this.atBySlot ??= new Int32Array(READINGS_MAX)).fill(-1);
    this.slotEpoch = readingsEpoch();
    this.listsEpoch = this.perWord.epoch;
  }

  /**
   * Where a word's entry starts in `perWord.arena`, made on first sight: the number of its char-block
   * columns, the columns (FNV-1a of each n-gram of the space-padded word, exactly as charHashes
   * computes it, where the vocabulary keeps it; one per occurrence), then the number of its feature
   * tokens and their word-block ids (-1: not in the vocabulary; none when features are not stemmed).
   */
  private entry(token: string): number {
    const known = this.perWord.index.get(token);
    if (known !== undefined) return known;
    const len = token.length + 2;
    if (len > this.code.length) this.code = new Uint16Array(2 * len);
    const code = this.code;
    // The word padded with a space on both sides, as char codes.
    code[0] = code[len - 1] = 32;
    for (let k = 1; k < len - 1; k++) code[k] = token.charCodeAt(k - 1);
    const { min, max } = this.state.char;
    const opts = this.state.features;
    const forms = opts.stem !== false ? tokenFeatures(token, opts.dropStopwords !== false) : [];
    const most = (max - min + 1) * len + forms.length + 2;
    if (this.found.length < most) this.found = new Int32Array(2 * most);
    const found = this.found;
    let n = 1;
    for (let g = min; g <= max; g++) {
      for (let s = 0; s + g <= len; s++) {
        let h = 0x811c9dc5 ^ g;
        for (let k = s; k < s + g; k++) h = Math.imul(h ^ code[k]!, 0x01000193);
        const i = this.chars.get(h);
        if (i >= 0) found[n++] = i;
      }
      if (len < g) break;
    }
    found[0] = n - 1;
    found[n++] = forms.length;
    for (const f of forms) found[n++] = this.words.id(f);
    return this.perWord.add(token, found.subarray(0, n));
  }
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * Integers by word, in one growing Int32Array rather than an array per word. Bounded: emptied when it
 * holds MAX_WORDS words or MAX_INTS integers, so a long-running process keeps at most ~MAX_INTS × 4
 * bytes plus the words.
 */
class WordLists {
  static readonly MAX_WORDS = 100_000;
  static readonly MAX_INTS = 1 << 22;
  readonly index = new Map<string, number>();
  arena = new Int32Array(1 << 16);
  private used = 0;
  /** Counts the times the lists were emptied: a place read before a change of epoch is stale. */
  epoch = 0;

  /** Stores `list` for `word`; returns where it starts in `arena`. */
  add(word: string, list: Int32Array): number {
    const need = list.length;
    if (this.index.size >= WordLists.MAX_WORDS || this.used + need > WordLists.MAX_INTS) {
      this.index.clear();
      this.used = 0;
      this.epoch++;
      if (this.arena.length > WordLists.MAX_INTS) this.arena = new Int32Array(1 << 16);
    }
    if (this.used + need > this.arena.length) {
      // Past MAX_INTS only for one word longer than the cap allows (a blob with no separator); the next add empties it.
      this.arena = grown(this.arena.subarray(0, this.used), Math.max(this.used + need, Math.min(WordLists.MAX_INTS, 2 * this.arena.length)));
    }
    const at = this.used;
    this.arena.set(list, at);
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
  /** Per term, its count in the current text and its IDF, as FastTextFeatures keeps them. */
  private readonly cols: Int32Array;
  private readonly idfs: Float64Array;
  private readonly touched: ColumnSet;
  /** Room to read `touched` out into, as FastTextFeatures keeps it. */
  private drained = new Int32Array(1024);

  /** transformReading's lists by slot (-1: none yet) for the readings' epoch `slotEpoch`, in `arena`; 400 KB, made on first use. */
  private bySlot: Int32Array | undefined;
  private slotEpoch = -1;
  private arena = new Int32Array(1 << 12);
  private used = 0;
  private ids = new Int32Array(256);

  constructor(readonly state: TfidfState) {
    this.words = new WordGrams(state.terms, state.ngrams);
    ({ cols: this.cols, idfs: this.idfs } = columns([state.idf], 2));
    this.touched = new ColumnSet(state.terms.length);
  }

  /**
   * transform(reading.features(true, chars)), from the text's token slots: each word's term ids are
   * looked up once and kept by slot (bounded: emptied at MAX_INTS integers, or when the readings are).
   */
  transformReading(reading: TextReading, chars = Infinity): SparseVector {
    const slots = reading.slots(chars);
    if (slots === null) return this.transform(reading.features(true, chars));
    if (this.bySlot === undefined || this.slotEpoch !== readingsEpoch()) this.emptySlots();
    const bySlot = this.bySlot!;
    let n = 0;
    for (let j = 0; j < slots.length; j++) {
      let at = bySlot[slots[j]!]!;
      if (at < 0) at = this.slotEntry(slots[j]!, reading.tokens(chars)[j]!);
      const m = this.arena[at]!;
      if (n + m > this.ids.length) this.ids = grown(this.ids, 2 * (n + m));
      for (let k = at + 1; k <= at + m; k++) this.ids[n++] = this.arena[k]!;
    }
    return this.count((count) => this.words.forEachId(this.ids, n, count));
  }

  transform(tokens: readonly string[]): SparseVector {
    return this.count((count) => this.words.forEach(tokens, count));
  }

  /** Where a slot's list starts in `arena`: the number of its token's content features, then their token ids (-1: in no term). */
  private slotEntry(slot: number, token: string): number {
    const forms = tokenFeatures(token, true);
    if (this.used + forms.length + 1 > SLOT_INTS) this.emptySlots();
    if (this.used + forms.length + 1 > this.arena.length)
      this.arena = grown(this.arena.subarray(0, this.used), Math.max(this.used + forms.length + 1, 2 * this.arena.length));
    const at = this.used;
    this.arena[this.used++] = forms.length;
    for (const f of forms) this.arena[this.used++] = this.words.id(f);
    this.bySlot![slot] = at;
    return at;
  }

  private emptySlots(): void {
    (this.bySlot ??= new Int32Array(READINGS_MAX)).fill(-1);
    this.slotEpoch = readingsEpoch();
    this.used = 0;
  }

  /** Counts each term `each` gives, marked in `touched` without a branch on the count (as FastTextFeatures.transform does). */
  private count(each: (count: (term: number) => void) => void): SparseVector {
    const cols = this.cols;
    const touched = this.touched;
    let counted = 0;
    each((i) => {
      cols[2 * i]!++;
      touched.add(i);
      counted++;
    });
    if (this.drained.length < counted) this.drained = new Int32Array(2 * counted);
    const n = touched.drain(this.drained);
    const idx = this.drained.slice(0, n);
    const val = new Float32Array(n);
    sublinearBlock(cols, this.idfs, 2, idx, val, 0, n, 1);
    return { idx, val };
  }
}

/** The most integers FastWordTfidf keeps by slot (4 MB). */
const SLOT_INTS = 1 << 20;

/** 1 + ln(count) for the counts most terms have: the same doubles Math.log gives, looked up. */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, c) => 1 + Math.log(c));

/**
 * Columns for the blocks' columns in turn, `stride` 32-bit numbers each: a zero count, then the place of the
 * column's IDF in `idfs`. A vocabulary's IDFs take few distinct values (one per document frequency:
 * a few thousand), so a table of them stays in the cache, and each column is half the bytes the
 * count and IDF took as two doubles: the columns a text touches are spread over megabytes, and
 * reading them was mostly waiting for memory.
 */
function columns(blocks: ReadonlyArray<readonly number[]>, stride: number): { cols: Int32Array; idfs: Float64Array } {
  const cols = new Int32Array(stride * blocks.reduce((n, b) => n + b.length, 0));
  const places = new Map<number, number>();
  let i = 0;
  for (const idf of blocks)
    for (let k = 0; k < idf.length; k++, i++) {
      let at = places.get(idf[k]!);
      if (at === undefined) places.set(idf[k]!, (at = places.size));
      cols[stride * i + 1] = at;
    }
  return { cols, idfs: Float64Array.from(places.keys()) };
}

/**
 * Sublinear TF-IDF over idx[from, to), L2-normalised, scaled, and the counts read reset to zero: the
 * arithmetic of TfidfVectorizer and TextFeatures, step for step (float32 roundings included). `cols`:
 * each column's count and its IDF's place in `idfs` side by side, `stride` numbers a column (columns()).
 */
function sublinearBlock(
  cols: Int32Array,
  idfs: Float64Array,
  stride: number,
  idx: Int32Array,
  val: Float32Array,
  from: number,
  to: number,
  scale: number,
): void {
  let norm = 0;
  for (let k = from; k < to; k++) {
    const at = stride * idx[k]!;
    const c = cols[at]!;
    const v = (c < SUBLINEAR_TF.length ? SUBLINEAR_TF[c]! : 1 + Math.log(c)) * idfs[cols[at + 1]!]!;
    cols[at] = 0;
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

  /** A token's id (-1: in no term of the vocabulary). */
  id(token: string): number {
    return this.tokenId.get(token) ?? -1;
  }

  /** Calls `count` with the term index of each unigram and adjacent-token bigram of `tokens` found in the vocabulary. */
  forEach(tokens: readonly string[], count: (term: number) => void): void {
    if (tokens.length > this.ids.length) this.ids = new Int32Array(2 * tokens.length);
    for (let k = 0; k < tokens.length; k++) this.ids[k] = this.id(tokens[k]!);
    this.forEachId(this.ids, tokens.length, count);
  }

  /** forEach over the first `n` token ids of `ids`. */
  forEachId(ids: Int32Array, n: number, count: (term: number) => void): void {
    for (let k = 0; k < n; k++) {
      const a = ids[k]!;
      if (a < 0) continue;
      if (this.unigram[a]! >= 0) count(this.unigram[a]!);
      if (this.ngrams === 2 && k + 1 < n && ids[k + 1]! >= 0) {
        const i = this.bigram.get(a, ids[k + 1]!);
        if (i >= 0) count(i);
      }
    }
  }
}

/**
 * Open-addressing hash table from a pair of 32-bit integers to a non-negative index (-1 when absent);
 * the two keys and the value side by side (a slot of four), one cache line a probe.
 */
class IntPairTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(n: number) {
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 4);
    for (let s = 2; s < this.slots.length; s += 4) this.slots[s] = -1;
  }

  set(a: number, b: number, value: number): void {
    let s = this.slot(a, b);
    while (this.slots[4 * s + 2]! >= 0 && (this.slots[4 * s] !== a || this.slots[4 * s + 1] !== b)) s = (s + 1) & this.mask;
    [this.slots[4 * s], this.slots[4 * s + 1], this.slots[4 * s + 2]] = [a, b, value];
  }

  get(a: number, b: number): number {
    for (let s = this.slot(a, b); ; s = (s + 1) & this.mask) {
      const v = this.slots[4 * s + 2]!;
      if (v < 0 || (this.slots[4 * s] === a && this.slots[4 * s + 1] === b)) return v;
    }
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
