/**
 * Every threshold the classifier decides by, in one place, each with where its value comes from.
 * No imports: pipeline definitions read the defaults without loading the classifier.
 */

/**
 * Thresholds on cosine similarity, calibrated by scripts/calibrate-claims.ts on TurnBackHoax 2026
 * (circulated claim → its own debunk, indexed by title and conclusion only), with the distinctive-term
 * rule below: on the held-out half, at 0.19 the right debunk is found with precision 0.90 / recall 0.76;
 * at 0.29 precision is 0.94 (recall 0.57). Below SUGGEST a match is not shown (nor the "cocok dengan
 * hoaks lama" signal); at STRONG it flags the item by itself.
 */
export const CLAIM_MATCH_SUGGEST = 0.19;
export const CLAIM_MATCH_STRONG = 0.29;
/**
 * HLBK (hoaks lama beredar kembali): an item resembling a claim the desk already decided. Calibrated
 * by scripts/calibrate-hlbk.ts (npm run calibrate:hlbk) on TurnBackHoax collections; the figures are
 * in the README. Above SUGGEST the link to the case is offered; above AUTO it is made, unless the
 * item has fewer than HLBK_MIN_WORDS words: a short text matches too easily, so it is only offered.
 */
export const HLBK_SUGGEST = 0.34;
export const HLBK_AUTO = 0.64;
export const HLBK_MIN_WORDS = 8;
/** Characters of an item compared with decided claims: a claim is stated up front, and a long article's tail only costs time. */
export const HLBK_QUERY_CHARS = 1500;
/** Distinct terms (words or word pairs) a post must share with a debunk to match it. */
export const MIN_SHARED_TERMS = 4;
/**
 * Names or numbers of the claim (claim-match.ts distinctiveTerms) a post must name too, where the debunk
 * has any. npm run calibrate:claims: one cuts police news matching a debunk from 19 % to 13.6 % at the
 * same precision (recall 0.81 → 0.76); two cut it to 10 % but recall to 0.67.
 */
export const MIN_SHARED_MARKS = 1;

/** (Default: 0.45) A pipeline may set its own in `classify.flagThreshold`. */
export const DEFAULT_FLAG_THRESHOLD = 0.45;
