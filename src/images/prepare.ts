import type sharp from 'sharp';

/**
 * What is computed from an image's pixels, once per distinct image (by sha256): its perceptual hash,
 * the bytes Tesseract reads, and the copy the desk shows.
 */

/** Tesseract reads text best at ~30 px per line: small screenshots are enlarged, big photos reduced. */
const OCR_MIN_WIDTH = 1_200;
const OCR_MAX_SIDE = 3_000;

/** Grey PNG for OCR, enlarged when narrow (a phone screenshot sent at 480 px). */
export async function ocrInput(image: sharp.Sharp, width: number, height: number): Promise<Buffer> {
  let scale = width < OCR_MIN_WIDTH ? Math.min(3, OCR_MIN_WIDTH / width) : 1;
  if (Math.max(width, height) * scale > OCR_MAX_SIDE) scale = OCR_MAX_SIDE / Math.max(width, height);
  let p = image.clone().greyscale();
  if (Math.abs(scale - 1) > 0.05) p = p.resize(Math.round(width * scale), Math.round(height * scale), { kernel: 'lanczos3' });
  return p.png({ compressionLevel: 1 }).toBuffer();
}

/** Longest side of the copy the desk shows. */
export const DISPLAY_MAX_SIDE = 1_600;

/**
 * The copy the desk shows and shares: first frame, orientation applied, at most 1,600 px, re-encoded
 * as JPEG (PNG when it has transparency) with no metadata at all: EXIF (GPS position, phone model,
 * the sender's name in some apps), XMP and comments are gone because nothing is copied over.
 */
export async function displayCopy(image: sharp.Sharp): Promise<{ body: Buffer; mime: 'image/jpeg' | 'image/png' }> {
  const p = image.clone().resize(DISPLAY_MAX_SIDE, DISPLAY_MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
  const { hasAlpha } = await image.clone().metadata();
  if (hasAlpha) return { body: await p.png().toBuffer(), mime: 'image/png' };
  return { body: await p.flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer(), mime: 'image/jpeg' };
}
