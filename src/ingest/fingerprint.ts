import { createHash } from 'node:crypto';
import { foldForMatching } from './text.ts';

/**
 * Fingerprints for dedup: an exact content hash, and a MinHash signature for reposts that differ by a
 * few words (a greeting added, "Sebarkan!" appended, a line dropped). MinHash estimates the Jaccard
 * similarity of the texts' word-pair sets; its LSH bands let the database find candidates by index.
 * (Simhash was measured first: on real TurnBackHoax claims with such edits only 16 % stayed within
 * 3 bits, because short posts change too large a share of their shingles.)
 */
export interface Fingerprint {
  contentHash: string;
  /** MinHash signature (SIGNATURE_SIZE values), or null when the text is too short to compare. */
  minhash: number[] | null;
  /** LSH band keys, tagged with their band number so that equal values in different bands never match. */
  bands: number[] | null;
}

/** Below this many words two texts share word pairs by chance; only exact matches count. */
export const MIN_WORDS_FOR_MINHASH = 8;
/** Estimated Jaccard similarity of word pairs at or above which two texts are near duplicates. */
export const NEAR_DUPLICATE_JACCARD = 0.6;
export const SIGNATURE_SIZE = 64;
/** Words of a text that enter its signature: a long post's opening identifies its reposts. (Default: 500) */
export const MAX_WORDS_FOR_MINHASH = 500;
/** 16 bands × 4 rows: texts at Jaccard 0.6 become candidates with p ≈ 0.89, at 0.8 with p > 0.999. */
const BANDS = 16;
const ROWS = SIGNATURE_SIZE / BANDS;

/** Characters of a text that identify it; two texts equal this far are the same post. (Default: 20 000) */
export const FINGERPRINT_CHARS = 20_000;

export function fingerprint(fields: { title?: string | null; text: string; url?: string | null; images?: readonly string[] }): Fingerprint {
  // Folding is the costliest step on long articles, and their first pages identify them well enough.
  const body = foldForMatching(fields.text.slice(0, FINGERPRINT_CHARS));
  // Short bodies (a tip with only a link, a photo with a one-word caption) hash with their title and
  // URL, so different short posts do not collide on the same few words; an image-only post (a tip
  // that is just a screenshot) with its images' URLs or content hashes.
  const images = fields.images?.length ? `\n${fields.images.join('\n')}` : '';
  const basis = body.length >= 40 ? body : `${foldForMatching(`${fields.title ?? ''} ${fields.text}`)}\n${fields.url ?? ''}${images}`;
  const contentHash = createHash('sha256').update(basis).digest('hex');
  // A repost is recognisable from its first words; bounding them bounds the cost for long articles.
  const words = body.split(' ', MAX_WORDS_FOR_MINHASH).filter(Boolean);
  if (words.length < MIN_WORDS_FOR_MINHASH) return { contentHash, minhash: null, bands: null };
  const minhash = minhashOf(words);
  return { contentHash, minhash, bands: bandsOf(minhash) };
}

// Fixed seeds for the SIGNATURE_SIZE hash permutations: signatures must be comparable across runs.
const SEEDS_A = Array.from({ length: SIGNATURE_SIZE }, (_, i) => (mix32(i * 2 + 1) | 1) >>> 0);
const SEEDS_B = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(i * 2 + 2));

/** MinHash over word pairs (2-shingles), as signed 32-bit integers for an int[] column. */
export function minhashOf(words: string[]): number[] {
  const sig = new Array<number>(SIGNATURE_SIZE).fill(0x7fffffff);
  const seen = new Set<number>();
  for (let i = 0; i < Math.max(1, words.length - 1); i++) {
    const h = fnv1a32(`${words[i]} ${words[i + 1] ?? ''}`);
    if (seen.has(h)) continue;
    seen.add(h);
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      // A multiply-add "permutation" with one xor-shift: a full mix32 per value cost 3× more.
      let v = (Math.imul(h, SEEDS_A[k]!) + SEEDS_B[k]!) | 0;
      v = (v ^ (v >>> 15)) & 0x7fffffff;
      if (v < sig[k]!) sig[k] = v;
    }
  }
  return sig;
}

/** Share of equal signature positions: an unbiased estimate of the Jaccard similarity. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

export function bandsOf(sig: readonly number[]): number[] {
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x9e3779b9;
    for (let r = 0; r < ROWS; r++) h = mix32(h ^ sig[b * ROWS + r]!);
    out.push((b << 27) | (h & 0x07ffffff) | 0); // 4-bit band tag + 27-bit key (collisions ~1 in 10^8)
  }
  return out;
}

function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's fmix32: spreads every input bit over the output. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
