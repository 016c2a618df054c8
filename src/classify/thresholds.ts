/**
 * Every threshold the classifier decides by, in one place, each with where its value comes from.
 * No imports: pipeline definitions read the defaults without loading the classifier.
 */

/**
 * Thresholds on cosine similarity, calibrated by scripts/calibrate-claims.ts on TurnBackHoax 2026
 * (circulated claim → its own debunk, indexed by title and conclusion only): on the held-out half,
 * at 0.18 the right debunk is found with precision 0.91 / recall 0.83; at 0.28 precision is 0.95
 * (recall 0.63). Below SUGGEST a match is not shown; at STRONG it flags the item by itself.
 */
export const CLAIM_MATCH_SUGGEST = 0.18;
export const CLAIM_MATCH_STRONG = 0.28;
/** Distinct terms (words or word pairs) a post must share with a debunk to match it. */
export const MIN_SHARED_TERMS = 4;

/** (Default: 0.45) A pipeline may set its own in `classify.flagThreshold`. */
export const DEFAULT_FLAG_THRESHOLD = 0.45;
