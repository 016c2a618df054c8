import * as cheerio from 'cheerio';

const BLOCK = 'p, div, br, li, h1, h2, h3, h4, h5, h6, blockquote, tr, section, article, pre, figcaption';

/**
 * Plain text of an HTML fragment: block elements become line breaks, entities are decoded,
 * scripts and styles dropped. Never returns HTML: stored text is always inert.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return cleanText(html);
  const $ = cheerio.load(html, null, false);
  $('script, style, noscript, template, iframe').remove();
  $(BLOCK).each((_, el) => {
    $(el).prepend('\n').append('\n');
  });
  return cleanText($.root().text());
}

/** Collapses runs of spaces, trims lines, keeps at most one blank line between paragraphs. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\t\f\v ]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text folded for comparison: lower case, no URLs, letters and digits only, single spaces. */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Cuts text to at most `max` characters on a word boundary where one is near. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd() + '…';
}
