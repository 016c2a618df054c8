import { FastWordTfidf } from './fast-features.ts';
import { featureTokens, type TextReading } from './normalise.ts';
import { MIN_SHARED_MARKS, MIN_SHARED_TERMS } from './thresholds.ts';
import { TfidfVectorizer, type SparseVector } from './tfidf.ts';

/**
 * Matching items against claims that fact-checkers already debunked. TF-IDF cosine over an inverted
 * index, so a post is compared only with debunks that share a word with it. (Sentence embeddings
 * would catch paraphrases better; they need model weights this workplace does not have yet.)
 */

export interface Debunk {
  itemId?: number;
  /** Set when the claim is one the desk decided (HLBK): the case it belongs to. */
  caseId?: number;
  url: string | null;
  title: string | null;
  text: string;
}

export interface ClaimMatch {
  url: string | null;
  title: string | null;
  score: number;
  caseId?: number;
}

/** Verdicts that mean "not false": such fact-checks are not debunks. */
const NOT_DEBUNKED = /^\s*\[?\s*(benar|fakta|sebagian benar|klarifikasi)\s*\]?\s*[:\-–]/i;
const VERDICT_PREFIX =
  /^\s*\[?\s*(salah|hoaks|hoax|penipuan|disinformasi|misinformasi|keliru|menyesatkan|fitnah|belum terbukti|belum ada bukti|parodi|satire|konten palsu|konteks keliru)\s*\]?\s*[:\-–]?\s*/i;

/** The claim a fact-check title states, without its verdict: "[SALAH] Gunung Lawu …" → "Gunung Lawu …". */
export function claimOfTitle(title: string): string {
  return title.replace(VERDICT_PREFIX, '').trim();
}

export function isDebunk(title: string | null): boolean {
  return !title || !NOT_DEBUNKED.test(title);
}

export class ClaimIndex {
  /**
   * Postings flattened into typed arrays: term t's documents are `postDoc[postStart[t] … postStart[t + 1]]`,
   * in document order, with their weights beside them: no object per posting, and a query's scores
   * add up in typed arrays rather than Maps.
   */
  private readonly postStart: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postWeight: Float32Array;
  /** Each term's largest weight in any debunk: a query term's most possible part in any cosine. */
  private readonly maxWeight: Float32Array;
  /** Each debunk's distinctive terms: the names and numbers that make its claim that claim. */
  private readonly marks: Array<ReadonlySet<string>>;
  /**
   * Scratch, one slot per debunk (match is never re-entered: JavaScript has one thread): its score and
   * shared terms in the current query, all 0 between queries.
   */
  private readonly score: Float64Array;
  private readonly shared: Int32Array;
  /** Scratch: a query term's bound, its posting-list role, and the candidate debunks (marked, listed, their first shared term). */
  private bounds = new Float64Array(64);
  private sortedBounds = new Float64Array(64);
  private readonly candidate: Uint8Array;
  private readonly firstTerm: Int32Array;
  private candidates: Int32Array<ArrayBuffer> = new Int32Array(64);
  /** The vocabulary's vectors as TfidfVectorizer gives them, made faster. */
  private readonly fast: FastWordTfidf;

  private constructor(
    vectorizer: TfidfVectorizer,
    private readonly debunks: Debunk[],
    tokens: string[][],
  ) {
    this.marks = debunks.map((d) => {
      // A headline capitalises its verbs too ("Foto Mahfud MD Ditangkap Polisi"): its marks count only as the body writes them.
      const title = d.title ? claimOfTitle(d.title) : '';
      const headline = (title.match(/\p{L}{3,}/gu) ?? []).filter((w) => /^\p{Lu}/u.test(w)).length >= 0.6 * (title.match(/\p{L}{3,}/gu) ?? []).length;
      return distinctiveTerms(`${headline ? '' : title}\n${d.text.slice(0, 600)}`);
    });
    this.fast = new FastWordTfidf(vectorizer.state);
    const vectors = debunks.map((_, doc) => this.fast.transform(tokens[doc]!));
    const terms = vectorizer.size;
    this.postStart = new Int32Array(terms + 1);
    for (const v of vectors) for (const t of v.idx) this.postStart[t + 1]!++;
    for (let t = 0; t < terms; t++) this.postStart[t + 1]! += this.postStart[t]!;
    const fill = this.postStart.slice(0, terms);
    this.postDoc = new Int32Array(this.postStart[terms]!);
    this.postWeight = new Float32Array(this.postStart[terms]!);
    vectors.forEach((v, doc) => {
      v.idx.forEach((t, k) => {
        const at = fill[t]!++;
        this.postDoc[at] = doc;
        this.postWeight[at] = v.val[k]!;
      });
    });
    this.maxWeight = new Float32Array(terms);
    for (let t = 0; t < terms; t++) {
      for (let p = this.postStart[t]!; p < this.postStart[t + 1]!; p++) this.maxWeight[t] = Math.max(this.maxWeight[t]!, this.postWeight[p]!);
    }
    this.score = new Float64Array(debunks.length);
    this.shared = new Int32Array(debunks.length);
    this.candidate = new Uint8Array(debunks.length);
    this.firstTerm = new Int32Array(debunks.length);
  }

  /**
   * Indexes debunks with a vocabulary of their own: the names that make a claim recognisable
   * ("Gunung Lawu", a village, an official) are rare words no general vocabulary keeps.
   */
  static build(debunks: Debunk[]): ClaimIndex {
    const kept = debunks.filter((d) => isDebunk(d.title));
    const tokens = kept.map(claimTokens);
    const vectorizer = TfidfVectorizer.fit(tokens, { minDf: 1, maxFeatures: 300_000, ngrams: 2 });
    return new ClaimIndex(vectorizer, kept, tokens);
  }

  get size(): number {
    return this.debunks.length;
  }

  /**
   * Debunks at or above `minScore` cosine similarity, best first. `tokens`: the text's featureTokens
   * with stopwords dropped, when the caller has them already.
   */
  match(
    text: string,
    opts: {
      minScore: number;
      limit?: number;
      /** (Default: true) For calibration only. */ requireMarks?: boolean;
      tokens?: readonly string[];
      /** A TextReading of the text (`text` its first `chars` characters): its features(true, chars) are the tokens. */
      reading?: TextReading;
      chars?: number;
    },
  ): ClaimMatch[] {
    const q = opts.reading
      ? this.fast.transformReading(opts.reading, opts.chars)
      : this.fast.transform(opts.tokens ?? featureTokens(text, { dropStopwords: true }));
    const scored = this.scoreAbove(q, opts.minScore);
    if (!scored.length) return [];
    // A short post can reach a high cosine on one or two common words ("libur sekolah"); a claim
    // is only recognised when several of its terms recur, and one of them names what the claim is
    // about: a police arrest report shares "polisi", "tangkap" and "foto" with the debunk of an AI photo
    // of a minister, but not the minister.
    const words = markWords(text);
    return scored
      .filter((c) => opts.requireMarks === false || sharesMark(this.marks[c.doc]!, words))
      .sort((a, b) => b.score - a.score || a.first - b.first)
      .slice(0, opts.limit ?? 3)
      .map(({ doc, score }) => {
        const d = this.debunks[doc]!;
        return { url: d.url, title: d.title, score: Math.round(score * 1000) / 1000, ...(d.caseId !== undefined ? { caseId: d.caseId } : {}) };
      });
  }

  /** scoreAbove's result from every posting list of the query's terms, read in full. */
  private scoreAll(q: SparseVector, minScore: number): Array<{ doc: number; score: number; first: number }> {
    if (this.debunks.length <= SCAN_ALL_MAX) return this.scoreAllScanned(q, minScore);
    // Scores summed term by term in typed arrays, in the order a Map of scores was filled before (the
    // same products added in the same order, so the same sums); `reached` keeps the order in which
    // documents were first reached, which orders equal scores. A document is new to this query while
    // its count of shared terms is 0: every document reached is set back to 0 below, after scoring.
    const { postStart, postDoc, postWeight, score, shared } = this;
    const reached: number[] = [];
    for (let k = 0; k < q.idx.length; k++) {
      const t = q.idx[k]!;
      const qv = q.val[k]!;
      for (let p = postStart[t]!, end = postStart[t + 1]!; p < end; p++) {
        const doc = postDoc[p]!;
        if (shared[doc]!++ === 0) reached.push(doc);
        score[doc]! += postWeight[p]! * qv;
      }
    }
    const scored: Array<{ doc: number; score: number; first: number }> = [];
    for (let first = 0; first < reached.length; first++) {
      const doc = reached[first]!;
      if (score[doc]! >= minScore && shared[doc]! >= MIN_SHARED_TERMS) scored.push({ doc, score: score[doc]!, first });
      score[doc] = 0;
      shared[doc] = 0;
    }
    return scored;
  }

  /**
   * scoreAll for a small index: the same sums (the same products added in the same term order), with
   * no test per posting of whether it reached a new debunk (a branch the processor mispredicts about
   * as often as not). Every debunk is read once afterwards instead, and a debunk kept finds its first
   * shared term by binary search: `first` orders as the order of first reach does (first shared term,
   * then document number, as the posting lists are in document order).
   */
  private scoreAllScanned(q: SparseVector, minScore: number): Array<{ doc: number; score: number; first: number }> {
    const { postStart, postDoc, postWeight, score, shared } = this;
    for (let k = 0; k < q.idx.length; k++) {
      const t = q.idx[k]!;
      const qv = q.val[k]!;
      for (let p = postStart[t]!, end = postStart[t + 1]!; p < end; p++) {
        const doc = postDoc[p]!;
        shared[doc]!++;
        score[doc]! += postWeight[p]! * qv;
      }
    }
    const scored: Array<{ doc: number; score: number; first: number }> = [];
    const docs = this.debunks.length;
    for (let doc = 0; doc < docs; doc++) {
      if (shared[doc]! >= MIN_SHARED_TERMS && score[doc]! >= minScore) scored.push({ doc, score: score[doc]!, first: this.firstShared(q, doc) * docs + doc });
    }
    score.fill(0);
    shared.fill(0);
    return scored;
  }

  /** The place in `q` of the first term whose posting list holds `doc` (the lists are in document order). */
  private firstShared(q: SparseVector, doc: number): number {
    for (let k = 0; k < q.idx.length; k++) {
      let lo = this.postStart[q.idx[k]!]!;
      let hi = this.postStart[q.idx[k]! + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.postDoc[mid]! < doc) lo = mid + 1;
        else hi = mid;
      }
      if (lo < this.postStart[q.idx[k]! + 1]! && this.postDoc[lo] === doc) return k;
    }
    return q.idx.length;
  }

  /**
   * The debunks whose cosine with `q` reaches `minScore` and that share MIN_SHARED_TERMS terms with it,
   * with their scores, in the order a full pass over every posting list reached them (`first`).
   *
   * Most debunks a query reaches share only common words with it and stay far below `minScore`: a
   * term's part in any cosine is at most its query weight × its largest weight in any debunk (its
   * bound). The query's terms of smallest bounds that together stay under `minScore` cannot lift a
   * debunk to it on their own, so only a debunk holding one of the other terms (essential terms, mostly
   * rare: short posting lists) can get there, and only one whose essential terms and the others' bounds
   * together still reach `minScore`. Those candidates are then scored exactly as before: the
   * same products added in the same term order (a candidate is looked up in a long posting list by
   * binary search, the lists being in document order), hence the same sums; and a candidate's first
   * shared term, then its document number, give the order of first reach that orders equal scores.
   */
  private scoreAbove(q: SparseVector, minScore: number): Array<{ doc: number; score: number; first: number }> {
    const { postStart, postDoc, postWeight, score, shared, candidate, firstTerm, maxWeight } = this;
    const n = q.idx.length;
    if (this.bounds.length < n) [this.bounds, this.sortedBounds] = [new Float64Array(2 * n), new Float64Array(2 * n)];
    const bounds = this.bounds;
    let postings = 0;
    for (let k = 0; k < n; k++) {
      bounds[k] = q.val[k]! * maxWeight[q.idx[k]!]!;
      postings += postStart[q.idx[k]! + 1]! - postStart[q.idx[k]!]!;
    }
    // Over a few thousand postings, or a small index, one pass over them all costs less than sorting out candidates.
    if (postings < PRUNE_FROM || this.debunks.length < PRUNE_FROM) return this.scoreAll(q, minScore);
    // The cut: terms whose bound is below `cut` are not essential, and their bounds add up to less than minScore (less a margin for rounding).
    const sorted = this.sortedBounds.subarray(0, n);
    sorted.set(bounds.subarray(0, n));
    sorted.sort();
    let sum = 0;
    let j = 0;
    while (j < n && sum + sorted[j]! < minScore - 1e-6) sum += sorted[j++]!;
    if (j === n) return [];
    const cut = sorted[j]!;
    // Candidates: every debunk in an essential term's posting list, with what those terms give it
    // (summed in any order: a bound only) and how many it shares.
    let rest = 0;
    let restTerms = 0;
    let c = 0;
    for (let k = 0; k < n; k++) {
      if (bounds[k]! < cut) {
        rest += bounds[k]!;
        restTerms++;
        continue;
      }
      const t = q.idx[k]!;
      const qv = q.val[k]!;
      for (let p = postStart[t]!, end = postStart[t + 1]!; p < end; p++) {
        const doc = postDoc[p]!;
        if (shared[doc]!++ === 0) {
          if (c === this.candidates.length) this.candidates = grown(this.candidates);
          this.candidates[c++] = doc;
        }
        score[doc]! += postWeight[p]! * qv;
      }
    }
    // Those that the other terms could still lift to minScore and MIN_SHARED_TERMS, in document order.
    let kept = 0;
    for (let i = 0; i < c; i++) {
      const doc = this.candidates[i]!;
      if (score[doc]! + rest >= minScore - 1e-6 && shared[doc]! + restTerms >= MIN_SHARED_TERMS) {
        this.candidates[kept++] = doc;
        candidate[doc] = 1;
      }
      score[doc] = 0;
      shared[doc] = 0;
    }
    c = kept;
    if (c === 0) return [];
    const cands = this.candidates.subarray(0, c).sort();
    // Their exact scores, term by term in query order.
    for (let k = 0; k < n; k++) {
      const t = q.idx[k]!;
      const qv = q.val[k]!;
      const start = postStart[t]!;
      const end = postStart[t + 1]!;
      if (end - start <= 4 * c) {
        for (let p = start; p < end; p++) {
          const doc = postDoc[p]!;
          if (candidate[doc] === 0) continue;
          if (shared[doc]!++ === 0) firstTerm[doc] = k;
          score[doc]! += postWeight[p]! * qv;
        }
      } else {
        // A long list: each candidate found by binary search from where the last one was.
        let lo = start;
        for (let i = 0; i < c && lo < end; i++) {
          const doc = cands[i]!;
          let hi = end;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (postDoc[mid]! < doc) lo = mid + 1;
            else hi = mid;
          }
          if (lo < end && postDoc[lo] === doc) {
            if (shared[doc]!++ === 0) firstTerm[doc] = k;
            score[doc]! += postWeight[lo]! * qv;
            lo++;
          }
        }
      }
    }
    const scored: Array<{ doc: number; score: number; first: number }> = [];
    for (let i = 0; i < c; i++) {
      const doc = cands[i]!;
      // `first`: the place in the order of first reach (first shared term, then document number), as a sortable number.
      if (score[doc]! >= minScore && shared[doc]! >= MIN_SHARED_TERMS)
        scored.push({ doc, score: score[doc]!, first: firstTerm[doc]! * this.debunks.length + doc });
      score[doc] = 0;
      shared[doc] = 0;
      candidate[doc] = 0;
    }
    return scored;
  }
}

/** The number of postings (and of debunks) from which scoreAbove sorts out candidates first. */
const PRUNE_FROM = 6000;
/** The most debunks for which scoreAll reads every debunk's score after summing rather than tracking those reached. */
const SCAN_ALL_MAX = 4096;

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(2 * a.length);
  b.set(a);
  return b;
}

/**
 * Names and numbers of a claim: capitalised words that do not open a sentence ("Mahfud", "Manggar",
 * "Kapolres"), words in capitals ("BMKG"), and numbers of two digits or more ("1.745", "15"). Lower-cased;
 * words any text about the police or a hoax would share ("Polisi", "Hoaks", "Video") are not marks.
 */
export function distinctiveTerms(text: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(^|[.!?:\n]\s*|\s)([\p{Lu}][\p{L}]+|\d[\d.,]*\d)/gu)) {
    const word = m[2]!;
    const opensSentence = /^(|[.!?:\n]\s*)$/.test(m[1]!) && !/\p{Lu}{2}/u.test(word);
    if (/^\d/.test(word)) {
      out.add(word.replace(/[.,]/g, ''));
      continue;
    }
    const w = word.toLowerCase();
    if (opensSentence || COMMON_MARKS.has(w) || w.length < 3) continue;
    out.add(w);
  }
  return out;
}

/** A text's words and numbers as marks are compared: lower case, numbers without separators. */
function markWords(text: string): ReadonlySet<string> {
  return new Set((text.toLowerCase().match(/\p{L}+|\d[\d.,]*\d|\d/gu) ?? []).map((w) => w.replace(/[.,]/g, '')));
}

/** A debunk with marks matches only a text that names one of them; one without marks, on its words alone. */
function sharesMark(marks: ReadonlySet<string>, words: ReadonlySet<string>): boolean {
  const need = Math.min(MIN_SHARED_MARKS, marks.size);
  let n = 0;
  for (const m of marks) if (words.has(m) && ++n >= need) return true;
  return need === 0;
}

const COMMON_MARKS = new Set([
  'polisi',
  'polri',
  'kepolisian',
  'hoaks',
  'hoax',
  'salah',
  'benar',
  'fakta',
  'faktanya',
  'video',
  'foto',
  'narasi',
  'beredar',
  'indonesia',
  'pemerintah',
  'presiden',
  'the',
  'dan',
  'yang',
  'ini',
  'itu',
  'akun',
  'facebook',
  'instagram',
  'tiktok',
  'whatsapp',
  'twitter',
  'youtube',
  'berdasarkan',
  'penipuan',
  'disinformasi',
  'misinformasi',
  'konten',
  'palsu',
  'menyesatkan',
  'kesimpulan',
  'klaim',
  'penjelasan',
  'senin',
  'selasa',
  'rabu',
  'kamis',
  'jumat',
  'sabtu',
  'minggu',
  'info',
  'pesan',
  'berita',
]);

function claimTokens(d: Debunk): string[] {
  const claim = d.title ? claimOfTitle(d.title) : '';
  // The claim in the title counts twice: it is what circulates; the body is mostly the rebuttal.
  return featureTokens(`${claim} ${claim} ${d.text}`, { dropStopwords: true });
}
