import { createHash } from 'node:crypto';
import { foldForMatching } from './text.ts';

/**
 * Fingerprints for dedup: an exact content hash, and a 64-bit simhash for reposts that differ by a
 * few words (a greeting added, an emoji dropped, "Sebarkan!" appended).
 */
export interface Fingerprint {
  contentHash: string;
  /** 16 hex digits, or null when the text is too short for near-duplicate matching to mean anything. */
  simhash: string | null;
  /** The simhash's four 16-bit bands, tagged with their position: `band << 16 | value`. */
  bands: number[] | null;
}

/** Below this many words two texts share most shingles by chance; only exact matches count. */
export const MIN_WORDS_FOR_SIMHASH = 8;
/** Reposts within this Hamming distance of 64 bits are near duplicates; 4 bands make 3 the pigeonhole limit. */
export const NEAR_DUPLICATE_DISTANCE = 3;

export function fingerprint(fields: { title?: string | null; text: string; url?: string | null }): Fingerprint {
  const body = foldForMatching(fields.text);
  // Short bodies (a tip with only a link, a photo post with a caption) hash with their title and URL
  // so that different short posts do not collide on an empty body.
  const basis = body.length >= 40 ? body : foldForMatching(`${fields.title ?? ''} ${fields.text} ${fields.url ?? ''}`);
  const contentHash = createHash('sha256').update(basis).digest('hex');
  const words = body.split(' ').filter(Boolean);
  if (words.length < MIN_WORDS_FOR_SIMHASH) return { contentHash, simhash: null, bands: null };
  const [hi, lo] = simhash64(words);
  return { contentHash, simhash: toHex(hi, lo), bands: bandsOf(hi, lo) };
}

/** Simhash over word 3-shingles, as two unsigned 32-bit halves. */
export function simhash64(words: string[]): [number, number] {
  const counts = new Int32Array(64);
  const n = Math.max(1, words.length - 2);
  for (let i = 0; i < n; i++) {
    const shingle = words.slice(i, i + 3).join(' ');
    const h1 = fnv1a32(shingle, 0x811c9dc5);
    const h2 = fnv1a32(shingle, 0x01000193 ^ 0x9e3779b9);
    for (let b = 0; b < 32; b++) {
      counts[b]! += (h1 >>> b) & 1 ? 1 : -1;
      counts[b + 32]! += (h2 >>> b) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (counts[b]! > 0) hi |= 1 << b;
    if (counts[b + 32]! > 0) lo |= 1 << b;
  }
  return [hi >>> 0, lo >>> 0];
}

export function hammingDistance(a: string, b: string): number {
  const [ah, al] = fromHex(a);
  const [bh, bl] = fromHex(b);
  return popcount32((ah ^ bh) >>> 0) + popcount32((al ^ bl) >>> 0);
}

export function bandsOf(hi: number, lo: number): number[] {
  return [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff].map((v, band) => (band << 16) | v);
}

export function bandsOfHex(hex: string): number[] {
  const [hi, lo] = fromHex(hex);
  return bandsOf(hi, lo);
}

function fnv1a32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche (murmur3 fmix32) so that similar shingles spread over all bits
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function toHex(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function fromHex(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8, 16), 16)];
}
