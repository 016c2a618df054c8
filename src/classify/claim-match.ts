import { featureTokens } from './normalise.ts';
import { MIN_SHARED_TERMS } from './thresholds.ts';
import { TfidfVectorizer } from './tfidf.ts';

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
const VERDICT_PREFIX = /^\s*\[?\s*(salah|hoaks|hoax|penipuan|disinformasi|misinformasi|keliru|menyesatkan|fitnah|belum terbukti|belum ada bukti|parodi|satire|konten palsu|konteks keliru)\s*\]?\s*[:\-–]?\s*/i;

/** The claim a fact-check title states, without its verdict: "[SALAH] Gunung Lawu …" → "Gunung Lawu …". */
export function claimOfTitle(title: string): string {
  return title.replace(VERDICT_PREFIX, '').trim();
}

export function isDebunk(title: string | null): boolean {
  return !title || !NOT_DEBUNKED.test(title);
}

export class ClaimIndex {
  private readonly postings = new Map<number, Array<{ doc: number; w: number }>>();

  private constructor(
    private readonly vectorizer: TfidfVectorizer,
    private readonly debunks: Debunk[],
    tokens: string[][],
  ) {
    debunks.forEach((_, doc) => {
      const v = this.vectorizer.transform(tokens[doc]!);
      v.idx.forEach((term, k) => {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, w: v.val[k]! });
      });
    });
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

  /** Debunks at or above `minScore` cosine similarity, best first. */
  match(text: string, opts: { minScore: number; limit?: number }): ClaimMatch[] {
    const q = this.vectorizer.transform(featureTokens(text, { dropStopwords: true }));
    const scores = new Map<number, number>();
    const shared = new Map<number, number>();
    q.idx.forEach((term, k) => {
      for (const p of this.postings.get(term) ?? []) {
        scores.set(p.doc, (scores.get(p.doc) ?? 0) + p.w * q.val[k]!);
        shared.set(p.doc, (shared.get(p.doc) ?? 0) + 1);
      }
    });
    // A short post can reach a high cosine on one or two common words ("libur sekolah"); a claim
    // is only recognised when several of its terms recur.
    return [...scores.entries()]
      .filter(([doc, s]) => s >= opts.minScore && shared.get(doc)! >= MIN_SHARED_TERMS)
      .sort((a, b) => b[1] - a[1])
      .slice(0, opts.limit ?? 3)
      .map(([doc, s]) => {
        const d = this.debunks[doc]!;
        return { url: d.url, title: d.title, score: Math.round(s * 1000) / 1000, ...(d.caseId !== undefined ? { caseId: d.caseId } : {}) };
      });
  }

}

function claimTokens(d: Debunk): string[] {
  const claim = d.title ? claimOfTitle(d.title) : '';
  // The claim in the title counts twice: it is what circulates; the body is mostly the rebuttal.
  return featureTokens(`${claim} ${claim} ${d.text}`, { dropStopwords: true });
}
