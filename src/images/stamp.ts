import { decodeImage } from './decode.ts';

/**
 * A decided hoax's image, stamped for sharing with the clarification: a red frame and a red "HOAKS"
 * stamp across it, drawn from an SVG this module writes itself (never from input) and re-encoded as
 * JPEG with no metadata. Input is the images stage's desk copy (already checked, at most 1,600 px),
 * decoded again with the same limits.
 */
export async function stampImage(view: Buffer, label = 'HOAKS'): Promise<Buffer> {
  const image = decodeImage(view);
  const { width = 0, height = 0 } = await image.clone().metadata();
  if (!width || !height) throw new Error('stampImage: image without dimensions');
  const side = Math.min(width, height);
  const font = Math.max(18, Math.round(side * 0.22));
  const frame = Math.max(4, Math.round(side * 0.025));
  const safe = label.replace(/[^A-Z0-9 ]/gi, '').slice(0, 20) || 'HOAKS';
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="${frame / 2}" y="${frame / 2}" width="${width - frame}" height="${height - frame}" fill="none" stroke="#d50000" stroke-width="${frame}"/>` +
      `<g transform="translate(${width / 2} ${height / 2}) rotate(-18)">` +
      `<rect x="${-font * 2}" y="${-font * 0.75}" width="${font * 4}" height="${font * 1.5}" fill="#ffffff" fill-opacity="0.78" stroke="#d50000" stroke-width="${Math.max(3, font / 12)}"/>` +
      `<text x="0" y="${font * 0.36}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${font}" fill="#d50000">${safe}</text></g></svg>`,
  );
  return image
    .composite([{ input: svg, top: 0, left: 0 }])
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 88, mozjpeg: true })
    .toBuffer();
}
