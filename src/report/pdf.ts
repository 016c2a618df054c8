import { CHROMIUM_ARGS, locateChromium } from './chromium.ts';

/**
 * HTML to an A4 PDF by the machine's Chromium, Chrome or Edge (driven by playwright-core; no browser is
 * ever downloaded). `chromiumPath` names it; unset, the usual install places are searched.
 * Chosen over a pure-Node PDF library because the report is already HTML with SVG charts: Chromium
 * prints it as it looks, with text that stays selectable and searchable, and page numbers in the footer.
 */
export async function htmlToPdf(html: string, opts: { chromiumPath?: string | undefined; footer: string }): Promise<Buffer> {
  const executablePath = locateChromium({
    platform: process.platform,
    env: opts.chromiumPath ? { ...process.env, CHROMIUM_PATH: opts.chromiumPath } : process.env,
  });
  // Loaded on first use: playwright-core costs over half a second of start-up to every command otherwise.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
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
