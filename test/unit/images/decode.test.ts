import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, ImageError, inspectImage, sniffFormat } from '../../../src/images/decode.ts';
import { displayCopy } from '../../../src/images/prepare.ts';
import { decodeImage } from '../../../src/images/decode.ts';
import { PROJECT_DIR } from '../../helpers/paths.ts';

const img = (f: string) => fs.readFileSync(path.join(PROJECT_DIR, 'test/fixtures/images', f));

async function refusal(p: Promise<unknown>): Promise<ImageError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageError);
  return err as ImageError;
}

describe('inspectImage', () => {
  it('reads format and size from the bytes of real images', async () => {
    await expect(inspectImage(img('hoax-chat.png'), 'gambar 1')).resolves.toMatchObject({ format: 'png', width: 480 });
    await expect(inspectImage(img('photo-exif.jpg'), 'foto')).resolves.toMatchObject({ format: 'jpeg', width: 160, height: 120 });
  });

  it('refuses a decompression bomb from its header, in Indonesian, naming the image', async () => {
    const bomb = img('bomb.png');
    expect(bomb.length).toBeLessThan(200);
    const err = await refusal(inspectImage(bomb, 'bom.png'));
    expect(err.code).toBe('IMAGE_BOMB');
    expect(err.message).toMatch(/^bom\.png: gambar 50000 × 50000 piksel melebihi batas 40 megapiksel .*bom dekompresi/);
    // libvips enforces the same limit when a pipeline decodes it anyway
    await expect(decodeImage(bomb).raw().toBuffer()).rejects.toThrow(/pixel limit/i);
  });

  it('refuses SVG (never rendered: it can carry scripts and fetch addresses), whatever its name says', async () => {
    expect(sniffFormat(img('drawing.svg'))).toBe('svg');
    const err = await refusal(inspectImage(img('drawing.svg'), 'gambar.png'));
    expect(err.code).toBe('IMAGE_SVG');
    expect(err.message).toContain('gambar.png: gambar SVG tidak diterima');
  });

  it('refuses what is not an image, an empty file and a file over the size cap', async () => {
    expect((await refusal(inspectImage(img('not-an-image.jpg'), 'x.jpg'))).message).toBe('x.jpg: bukan gambar JPEG, PNG, WebP atau GIF.');
    expect((await refusal(inspectImage(Buffer.alloc(0), 'kosong.jpg'))).code).toBe('IMAGE_EMPTY');
    const tooBig = await refusal(inspectImage(img('hoax-chat.png'), 'besar.png', { ...DEFAULT_IMAGE_LIMITS, maxBytes: 1024 }));
    expect(tooBig.code).toBe('IMAGE_TOO_LARGE');
    expect(tooBig.message).toMatch(/besar\.png: ukuran 0,0 MiB melebihi batas 0,0 MiB/);
  });

  it('refuses a PNG whose data is cut off as corrupt when decoded', async () => {
    const cut = img('hoax-chat.png').subarray(0, 2_000);
    await expect(decodeImage(cut).raw().toBuffer()).rejects.toThrow();
  });
});

describe('displayCopy', () => {
  it('strips EXIF (camera, GPS, the sender’s name) from the copy the desk shows', async () => {
    const original = await sharp(img('photo-exif.jpg')).metadata();
    expect(original.exif?.toString('latin1')).toContain('Budi Pelapor');
    const view = await displayCopy(decodeImage(img('photo-exif.jpg')));
    expect(view.mime).toBe('image/jpeg');
    const meta = await sharp(view.body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(view.body.toString('latin1')).not.toContain('Budi Pelapor');
    expect(meta.width).toBe(160);
  });
});
