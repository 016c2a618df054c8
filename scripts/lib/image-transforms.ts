import sharp from 'sharp';

/**
 * The changes a forwarded image goes through, applied for real with libvips: re-compression, a
 * smaller copy, crops that do not line up with the hash's windows, and a caption bar (a "VIRAL!!"
 * banner, a channel's watermark strip) added above or below.
 */
export type Transform = (png: Buffer) => Promise<Buffer>;

async function size(b: Buffer): Promise<{ w: number; h: number }> {
  const m = await sharp(b).metadata();
  return { w: m.width!, h: m.height! };
}

function crop(l: number, t: number, r: number, btm: number): Transform {
  return async (b) => {
    const { w, h } = await size(b);
    const left = Math.round(w * l);
    const top = Math.round(h * t);
    return sharp(b)
      .extract({ left, top, width: Math.floor(w * (1 - l - r)), height: Math.floor(h * (1 - t - btm)) })
      .png()
      .toBuffer();
  };
}

function captionBar(where: 'top' | 'bottom', share: number, text: string, dark: boolean): Transform {
  return async (b) => {
    const { w, h } = await size(b);
    const bar = Math.round(h * share);
    const bg = dark ? '#000000' : '#ffffff';
    const fg = dark ? '#ffeb3b' : '#d50000';
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${bar}"><rect width="100%" height="100%" fill="${bg}"/>` +
        `<text x="${Math.round(w * 0.04)}" y="${Math.round(bar * 0.66)}" font-size="${Math.round(Math.min(bar * 0.45, w / 14))}" font-family="DejaVu Sans" font-weight="bold" fill="${fg}">${text}</text></svg>`,
    );
    return sharp(b)
      .extend({ [where]: bar, background: bg })
      .composite([{ input: svg, top: where === 'top' ? 0 : h, left: 0 }])
      .png()
      .toBuffer();
  };
}

export const TRANSFORMS: Record<string, Transform> = {
  'jpeg q25': (b) => sharp(b).jpeg({ quality: 25 }).toBuffer(),
  'resize 40 %': async (b) =>
    sharp(b)
      .resize(Math.round((await size(b)).w * 0.4))
      .toBuffer(),
  'crop 8/3/2/10 %': crop(0.08, 0.03, 0.02, 0.1),
  'crop top 12 %': crop(0, 0.12, 0, 0),
  'caption top 16 %': captionBar('top', 0.16, 'VIRAL!! SEBARKAN', true),
  'caption bottom 20 %': captionBar('bottom', 0.2, 'BENARKAH INI?', false),
  'caption + resize + jpeg': async (b) => {
    const c = await captionBar('bottom', 0.12, 'info grup sebelah', true)(b);
    return sharp(c)
      .resize(Math.round((await size(c)).w * 0.6))
      .jpeg({ quality: 40 })
      .toBuffer();
  },
};
