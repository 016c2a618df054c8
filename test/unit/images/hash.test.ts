import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/images/decode.ts';
import { hamming, hashDistance, imageHashes } from '../../../src/images/hash.ts';
import { IMAGE_MATCH, ocrWords, sameImage, wordOverlap } from '../../../src/images/match.ts';
import { PROJECT_DIR } from '../../helpers/paths.ts';

const img = (f: string) => fs.readFileSync(path.join(PROJECT_DIR, 'test/fixtures/images', f));
async function hashesOf(bytes: Buffer): Promise<string[]> {
  const m = await sharp(bytes).metadata();
  return imageHashes(decodeImage(bytes), m.width!, m.height!);
}

describe('imageHashes / hashDistance', () => {
  it('gives 16-hex hashes of the full image and its seven windows', async () => {
    const h = await hashesOf(img('hoax-chat.png'));
    expect(h).toHaveLength(7);
    for (const x of h) expect(x).toMatch(/^[0-9a-f]{16}$/);
  });

  it('finds a captioned, cropped, smaller, re-compressed copy close, and another screenshot of the same layout farther', async () => {
    const original = await hashesOf(img('hoax-chat.png'));
    const copy = await hashesOf(img('hoax-chat-copy.jpg'));
    const other = await hashesOf(img('other-chat.png'));
    expect(hashDistance(copy, original)).toBeLessThanOrEqual(IMAGE_MATCH.maxDistanceWithText);
    expect(hashDistance(copy, original)).toBeLessThan(hashDistance(copy, other));
  });

  it('keeps a re-compressed, resized photo within the hash-alone distance', async () => {
    const photo = img('photo-exif.jpg');
    const smaller = await sharp(photo).resize(100).jpeg({ quality: 30 }).toBuffer();
    expect(hashDistance(await hashesOf(smaller), await hashesOf(photo))).toBeLessThanOrEqual(IMAGE_MATCH.maxDistance);
  });

  it('counts differing bits', () => {
    expect(hamming('0000000000000000', '0000000000000000')).toBe(0);
    expect(hamming('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hamming('8000000000000001', '0000000000000000')).toBe(2);
  });
});

describe('sameImage', () => {
  const h = (x: string) => [x, x, x, x, x, x, x];
  const words = (s: string) => ocrWords(s);
  const long = 'razia besar gabungan polres belitung timur semua jalan manggar motor tanpa surat disita';

  it('decides by hash alone when either image has no text', () => {
    expect(sameImage({ hashes: h('0000000000000000'), words: new Set() }, { hashes: h('000000000000003f'), words: new Set() }).match).toBe(true);
    expect(sameImage({ hashes: h('0000000000000000'), words: new Set() }, { hashes: h('00000000000000ff'), words: new Set() }).match).toBe(false);
  });

  it('needs the words to agree when both carry text, and then allows a looser hash', () => {
    const a = { hashes: h('0000000000000000'), words: words(long) };
    // 12 bits apart: too far by hash alone, a copy when the text is the same
    expect(sameImage(a, { hashes: h('0000000000000fff'), words: words(`VIRAL ${long}`) })).toMatchObject({ match: true, distance: 12 });
    // 2 bits apart but another message in the same layout: not a copy
    const other = words('kerja bakti membersihkan selokan depan balai desa hari minggu jam tujuh pagi cangkul karung');
    expect(sameImage(a, { hashes: h('0000000000000003'), words: other }).match).toBe(false);
  });

  it('measures word overlap against the shorter text', () => {
    expect(wordOverlap(words('satu dua tiga'), words('satu dua tiga empat lima'))).toBe(1);
    expect(wordOverlap(new Set(), words('satu'))).toBe(0);
  });
});
