import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, locateChromium } from '../../src/report/chromium.ts';

/**
 * A stand-in for the screenshots the public forwards: real hoax texts rendered by headless Chromium
 * as a WhatsApp-like chat bubble (green wallpaper, sender, forwarded label, time) at a phone's width.
 * They are clean renders, not photos of screens: OCR on real screenshots (JPEG artefacts, emoji,
 * tilted phone photos) will do worse than on these.
 */
export interface ChatShot {
  text: string;
  sender: string;
  /** 'wa' chat bubble, 'poster' bold text on a coloured card (a "broadcast" image). */
  style: 'wa' | 'poster';
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function html(s: ChatShot): string {
  if (s.style === 'poster') {
    return `<html><body style="margin:0;background:#fff"><div id="shot" style="width:540px;padding:28px;background:#b71c1c;color:#fff;font:700 22px/1.35 'DejaVu Sans',sans-serif">
<div style="font-size:30px;margin-bottom:14px">⚠ INFO PENTING</div><div>${escape(s.text)}</div>
<div style="margin-top:18px;font-size:15px;font-weight:400">Sebarkan ke grup keluarga</div></div></body></html>`;
  }
  return `<html><body style="margin:0"><div id="shot" style="width:412px;padding:14px 10px;background:#e5ddd5;font:15px/1.4 'Liberation Sans',Arial,sans-serif">
<div style="background:#fff;border-radius:8px;padding:6px 9px 4px;max-width:340px;box-shadow:0 1px 0.5px rgba(0,0,0,.13)">
<div style="color:#8c8c8c;font-style:italic;font-size:13px">↪↪ Diteruskan berkali-kali</div>
<div style="color:#1f7aec;font-weight:700;font-size:14px">${escape(s.sender)}</div>
<div style="color:#111;white-space:pre-wrap">${escape(s.text)}</div>
<div style="color:#999;font-size:11px;text-align:right">21.05</div></div></div></body></html>`;
}

/** Renders each shot to PNG bytes (device scale 2, as phones capture). */
export async function renderChatShots(shots: readonly ChatShot[]): Promise<Buffer[]> {
  const browser: Browser = await chromium.launch({ executablePath: locateChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2, viewport: { width: 600, height: 800 } });
    const out: Buffer[] = [];
    for (const s of shots) {
      await page.setContent(html(s));
      out.push(await page.locator('#shot').screenshot({ type: 'png' }));
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** Every word a shot shows, in reading order: what a perfect OCR would return. */
export function shotText(s: ChatShot): string {
  return s.style === 'poster' ? `⚠ INFO PENTING\n${s.text}\nSebarkan ke grup keluarga` : `↪↪ Diteruskan berkali-kali\n${s.sender}\n${s.text}\n21.05`;
}
