import type sharp from 'sharp';

/**
 * Perceptual hashes of an image, for finding copies of it: 64-bit pHash (the signs of the 8 × 8
 * lowest frequencies of a 32 × 32 grey DCT against their median), stored as 16 hex characters (an
 * int8 would not survive JavaScript numbers). Re-compression, resizing and colour shifts barely move
 * it. A crop or a caption bar moves the whole picture, so each image also gets the hashes of a few
 * windows: the centre at 90 % and 80 %, and the picture without its top or bottom 15 % and 22 %
 * (where captions go). Two images are copies when one's full hash is close to any of the other's
 * windows (`hashDistance`). Measured by `npm run eval:images`, with the threshold in `IMAGE_MATCH`.
 */

/** One full-image hash and its windows, in WINDOWS order (the first is the full image). */
export type ImageHashes = string[];

/** left, top, right, bottom fractions cut away. */
const WINDOWS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 0, 0],
  [0.05, 0.05, 0.05, 0.05],
  [0.1, 0.1, 0.1, 0.1],
  [0, 0.15, 0, 0],
  [0, 0.22, 0, 0],
  [0, 0, 0, 0.15],
  [0, 0, 0, 0.22],
];

/** pHash of the full image and of each window. `image` is a decoded pipeline (decodeImage). */
export async function imageHashes(image: sharp.Sharp, width: number, height: number): Promise<ImageHashes> {
  // One small grey raster of the image, at 4× the hash grid per window, is enough for all windows.
  const W = Math.min(width, 256);
  const H = Math.min(height, 256);
  const { data } = await image.clone().greyscale().resize(W, H, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  return WINDOWS.map(([l, t, r, b]) => {
    const left = Math.floor(W * l);
    const top = Math.floor(H * t);
    return pHashOf(data, W, left, top, Math.max(1, Math.floor(W * (1 - l - r))), Math.max(1, Math.floor(H * (1 - t - b))));
  });
}

/** pHash of a window of a grey raster (row stride `stride`), resampled to 32 × 32 by box averaging. Pure. */
export function pHashOf(px: Uint8Array, stride: number, left: number, top: number, width: number, height: number): string {
  const N = 32;
  const grid = new Float64Array(N * N);
  for (let gy = 0; gy < N; gy++) {
    const y0 = top + Math.floor((gy * height) / N);
    const y1 = Math.max(y0 + 1, top + Math.floor(((gy + 1) * height) / N));
    for (let gx = 0; gx < N; gx++) {
      const x0 = left + Math.floor((gx * width) / N);
      const x1 = Math.max(x0 + 1, left + Math.floor(((gx + 1) * width) / N));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += px[y * stride + x]!;
      grid[gy * N + gx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  // Separable DCT-II, keeping the 8 lowest frequencies each way.
  const K = 8;
  const rows = new Float64Array(N * K);
  for (let y = 0; y < N; y++) for (let k = 0; k < K; k++) rows[y * K + k] = dot(grid, y * N, 1, k, N);
  const coef: number[] = [];
  for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) coef.push(dot(rows, kx, K, ky, N));
  // The DC term says only how bright the picture is; the median is taken without it.
  const median = [...coef.slice(1)].sort((a, b) => a - b)[31]!;
  return bitsToHex(coef.map((c) => c > median));
}

const COS = Array.from({ length: 8 }, (_, k) => Float64Array.from({ length: 32 }, (_, n) => Math.cos((Math.PI / 32) * (n + 0.5) * k)));

function dot(v: Float64Array, start: number, step: number, k: number, n: number): number {
  const c = COS[k]!;
  let s = 0;
  for (let i = 0; i < n; i++) s += v[start + i * step]! * c[i]!;
  return s;
}

export function bitsToHex(bits: readonly boolean[]): string {
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) {
    hex += ((bits[i] ? 8 : 0) | (bits[i + 1] ? 4 : 0) | (bits[i + 2] ? 2 : 0) | (bits[i + 3] ? 1 : 0)).toString(16);
  }
  return hex;
}

/** Bits that differ between two hashes of the same length (hex). Pure. */
export function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

/**
 * How far apart two images are: the smallest Hamming distance between one's full hash and any of
 * the other's hashes (either way round), so a cropped or captioned copy meets its original in the
 * matching window. Pure.
 */
export function hashDistance(a: ImageHashes, b: ImageHashes): number {
  let best = hamming(a[0]!, b[0]!);
  for (let i = 1; i < a.length; i++) best = Math.min(best, hamming(a[i]!, b[0]!));
  for (let i = 1; i < b.length; i++) best = Math.min(best, hamming(a[0]!, b[i]!));
  return best;
}
