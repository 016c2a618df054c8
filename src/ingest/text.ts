import { Parser } from 'htmlparser2';

const BLOCK = new Set(['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'tr', 'section', 'article', 'pre', 'figcaption', 'ul', 'ol', 'table', 'hr']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg']);

/**
 * Plain text of an HTML fragment: block elements become line breaks, entities are decoded,
 * scripts and styles dropped. Never returns HTML: stored text is always inert. A streaming parser,
 * not a DOM: feeds carry whole articles in every item, and building a tree for each was the
 * slowest step of ingest.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return cleanText(html);
  const out: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIP.has(name)) skipping++;
        else if (BLOCK.has(name)) out.push('\n');
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) out.push('\n');
      },
      ontext(text) {
        if (!skipping) out.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return cleanText(out.join(''));
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
  // NFKC folds full-width and styled letters ("𝗛𝗢𝗔𝗞𝗦" → "HOAKS"); plain ASCII needs none of it.
  return (/[\u0080-\uffff]/.test(text) ? text.normalize('NFKC') : text)
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A regex source matching `phrase` literally, with any run of white space between its words. */
export function phrasePattern(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
}

/** Cuts text to at most `max` characters on a word boundary where one is near. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd() + '…';
}
