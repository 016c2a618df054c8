import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { ConfigError } from '../errors.ts';

/**
 * HTML to an A4 PDF by Debian's Chromium (driven by playwright-core; no browser is ever downloaded).
 * Chosen over a pure-Node PDF library because the report is already HTML with SVG charts: Chromium
 * prints it as it looks, with text that stays selectable and searchable, and page numbers in the footer.
 */
export async function htmlToPdf(html: string, opts: { chromiumPath: string; footer: string }): Promise<Buffer> {
  if (!fs.existsSync(opts.chromiumPath)) {
    throw new ConfigError(`PDF needs Chromium at ${opts.chromiumPath} (Debian: apt-get install chromium; or set CHROMIUM_PATH); use --format html meanwhile`);
  }
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    // The document is self-contained: nothing may be fetched while printing it.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 15mm;color:#444;display:flex;justify-content:space-between"><span>${esc(opts.footer)}</span><span>Halaman <span class="pageNumber"></span> dari <span class="totalPages"></span></span></div>`,
    });
  } finally {
    await browser.close();
  }
}
