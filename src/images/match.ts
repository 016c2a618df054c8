import { hashDistance, type ImageHashes } from './hash.ts';

/**
 * When two images are copies of each other. The one place for the image thresholds (as
 * classify/thresholds.ts is for texts), chosen by `npm run eval:images` (README "Images").
 *
 * A perceptual hash sees a picture's layout. For photos and posters that is the picture; for chat
 * screenshots it is not: two screenshots of different messages share the wallpaper, the bubble and
 * the lines of text, and land a few bits apart. So when both images carry text (OCR), the text must
 * agree as well, and then a looser hash distance is allowed (a crop or caption moves the hash more
 * than it moves the words). Without text on both, the hash alone decides, at the strict distance.
 */
export interface ImageMatchRule {
  maxDistance: number;
  maxDistanceWithText: number;
  minWordOverlap: number;
  minWords: number;
}

export const IMAGE_MATCH: Readonly<ImageMatchRule> = {
  /**
   * Copies by hash alone: at most this many of 64 bits apart (hashDistance). On chat screenshots (the
   * hard case: same layout, other words) 6 gave precision 0.93, 8 only 0.64; a false copy of a decided
   * hoax links an item to its case, so the stricter one.
   */
  maxDistance: 6,
  /** Copies that both carry text: at most this many bits apart… */
  maxDistanceWithText: 16,
  /** …and sharing at least this share of the shorter text's distinct words (0.6 let 1 in 7 wrong pairs through). */
  minWordOverlap: 0.7,
  /** An image "carries text" when its OCR found at least this many distinct words. */
  minWords: 8,
};

export interface MatchSubject {
  hashes: ImageHashes;
  /** Distinct words of the OCR text (ocrWords); empty when OCR found none or did not run. */
  words: ReadonlySet<string>;
}

/** Distinct lower-case words of three letters or more (OCR noise rarely forms one). Pure. */
export function ocrWords(text: string | null | undefined): Set<string> {
  return new Set((text ?? '').toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
}

/** Shared distinct words over the smaller set's size (0 when either is empty). Pure. */
export function wordOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  if (!small.size) return 0;
  let shared = 0;
  for (const w of small) if (big.has(w)) shared++;
  return shared / small.size;
}

export interface MatchVerdict {
  match: boolean;
  distance: number;
  /** Null when the hash alone decided (not both images carry text). */
  overlap: number | null;
}

/** Whether `a` and `b` are the same image (see IMAGE_MATCH). Pure. */
export function sameImage(a: MatchSubject, b: MatchSubject, m: Readonly<ImageMatchRule> = IMAGE_MATCH): MatchVerdict {
  const distance = hashDistance(a.hashes, b.hashes);
  const texty = a.words.size >= m.minWords && b.words.size >= m.minWords;
  if (!texty) return { match: distance <= m.maxDistance, distance, overlap: null };
  if (distance > m.maxDistanceWithText) return { match: false, distance, overlap: null };
  const overlap = wordOverlap(a.words, b.words);
  return { match: overlap >= m.minWordOverlap, distance, overlap };
}
