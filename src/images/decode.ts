import { createRequire } from 'node:module';
import type sharp from 'sharp';

const require = createRequire(import.meta.url);
let sharpModule: typeof sharp | undefined;
/** sharp (libvips, a native addon) is required with the first image, not by every process that could ingest one. */
const loadSharp = () => (sharpModule ??= require('sharp') as typeof sharp);

/**
 * Images are untrusted input (what the public forwards, what a feed links). Before anything reads
 * one: its kind is sniffed from its first bytes (never from a name or a Content-Type), SVG and
 * everything else that is not a raster photo format is refused (SVG is a document that can fetch and
 * script; libvips would render it), and the pixel count is bounded before decoding, so a
 * "decompression bomb" (a tiny PNG that declares 50,000 × 50,000 pixels) is refused from its header.
 */

/** Raster formats accepted, by what their first bytes say. */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const IMAGE_MIME: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

export interface ImageLimits {
  /** Largest file accepted. (Default: 10 MiB) */
  maxBytes: number;
  /** Largest width × height decoded; larger images are refused from their header. (Default: 40 megapixels) */
  maxPixels: number;
  /** Longest side accepted, whatever the area (a 100,000 × 10 strip). (Default: 12,000 px) */
  maxSide: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000, maxSide: 12_000 };

export type ImageErrorCode = 'IMAGE_EMPTY' | 'IMAGE_TOO_LARGE' | 'IMAGE_NOT_SUPPORTED' | 'IMAGE_SVG' | 'IMAGE_BOMB' | 'IMAGE_CORRUPT';

/** An image refused or unreadable. The message is Indonesian (it is shown on the desk) and names the image. */
export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImageError';
  }
}

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
}

/** The format the first bytes announce, 'svg' for an SVG/XML document, or null. Pure. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | 'svg' | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) {
    return 'png';
  }
  const ascii = (from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  // An SVG may start with a BOM, whitespace, an XML declaration, a comment or a doctype.
  const head = Buffer.from(b.subarray(0, 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!--') || head.startsWith('<!doctype')) && head.includes('<svg'))) return 'svg';
  return null;
}

/**
 * Checks an image without decoding its pixels: size, format by its bytes, declared dimensions.
 * `name` is how the image is named in errors ("gambar 2", "https://…/a.jpg").
 * Throws ImageError (Indonesian) when it is refused.
 */
export async function inspectImage(bytes: Buffer, name: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ImageInfo> {
  if (!bytes.length) throw new ImageError('IMAGE_EMPTY', `${name}: berkas gambar kosong.`);
  if (bytes.length > limits.maxBytes) {
    throw new ImageError('IMAGE_TOO_LARGE', `${name}: ukuran ${mib(bytes.length)} melebihi batas ${mib(limits.maxBytes)}.`);
  }
  const format = sniffFormat(bytes);
  if (format === 'svg') throw new ImageError('IMAGE_SVG', `${name}: gambar SVG tidak diterima (dapat berisi skrip); kirim JPEG, PNG, WebP atau GIF.`);
  if (!format) throw new ImageError('IMAGE_NOT_SUPPORTED', `${name}: bukan gambar JPEG, PNG, WebP atau GIF.`);
  let meta: sharp.Metadata;
  try {
    meta = await loadSharp()(bytes, { limitInputPixels: false, failOn: 'none' }).metadata();
  } catch (err) {
    throw new ImageError('IMAGE_CORRUPT', `${name}: gambar rusak atau tidak dapat dibaca.`, { cause: err });
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  // GIF/WebP animations declare every frame's height in `pageHeight`: the whole strip is decoded.
  const area = width * height;
  if (!width || !height) throw new ImageError('IMAGE_CORRUPT', `${name}: gambar tanpa ukuran yang sah.`);
  if (area > limits.maxPixels || width > limits.maxSide || height > limits.maxSide) {
    throw new ImageError(
      'IMAGE_BOMB',
      `${name}: gambar ${width} × ${height} piksel melebihi batas ${Math.round(limits.maxPixels / 1e6)} megapiksel (sisi terpanjang ${limits.maxSide} px); ditolak sebelum dibuka (bom dekompresi).`,
    );
  }
  return { format, width, height, bytes: bytes.length };
}

/**
 * A sharp pipeline over an inspected image, with the pixel limit enforced by libvips too (a header
 * that lies about its size stops the decoder), first frame only, EXIF orientation applied. Output
 * of any pipeline built on this carries no metadata (sharp drops EXIF, XMP and ICC unless asked).
 */
export function decodeImage(bytes: Buffer, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): sharp.Sharp {
  return loadSharp()(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 }).rotate();
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MiB`;
}
