import { Tokenizer } from 'htmlparser2';
import { ParseError } from '../errors.ts';

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'tr',
  'td',
  'th',
  'dt',
  'dd',
  'section',
  'article',
  'pre',
  'figcaption',
  'figure',
  'ul',
  'ol',
  'dl',
  'table',
  'hr',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'address',
  'caption',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'head']);
// Elements that never hold content: they open no nesting level.
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// An open <p>/<li>/… is closed by the next of its kind (or by a block, for <p>), as browsers do; without
// this a fragment of 600 unclosed <p> would count as 600 levels deep.
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option']);
// A close tag further down the open stack than this is ignored rather than searched for: keeps the walk
// linear however deep (or broken) the markup is.
const CLOSE_SEARCH = 32;
/** Deepest nesting htmlToText reads when the caller sets no limit (the ingest default, maxHtmlDepth). */
export const DEFAULT_MAX_HTML_DEPTH = 512;

export interface HtmlToTextOptions {
  /** Fragments nested deeper are refused with ParseError HTML_TOO_DEEP. (Default: 512) */
  maxDepth?: number;
}

/**
 * Plain text of an HTML fragment: block elements become line breaks, entities are decoded (legacy
 * ones without ";" too), scripts and styles dropped, text kept in document order. Never returns HTML:
 * stored text is always inert, and markup that was escaped twice (`&amp;lt;p&amp;gt;`) is read once more.
 *
 * Runs htmlparser2's tokenizer with its own stack of plain push/pop, not htmlparser2's Parser (which
 * shifts its stack array on every tag, quadratic in depth: 300,000 nested <div>s took a minute), and
 * not a DOM (building a tree for every feed item was the slowest step of ingest). Linear in input.
 */
export function htmlToText(html: string, opts: HtmlToTextOptions = {}): string {
  if (!/[<&]/.test(html)) return cleanText(html);
  const text = fragmentText(html, opts.maxDepth ?? DEFAULT_MAX_HTML_DEPTH);
  // Double-escaped markup decodes to literal tags on the first pass; a second pass reads them.
  return ESCAPED_TAG.test(text) ? fragmentText(text, opts.maxDepth ?? DEFAULT_MAX_HTML_DEPTH) : text;
}

const ESCAPED_TAG =
  /<\/?(p|br|div|span|a|b|i|em|strong|img|ul|ol|li|h[1-6]|blockquote|figure|table|tr|td|font|center|u|s|small|big|sup|sub|hr|pre|code)(\s[^<>]*)?\/?>/i;

function fragmentText(html: string, maxDepth: number): string {
  const out: string[] = [];
  const stack: string[] = [];
  let skipping = 0;
  let tagName = '';
  const push = (name: string) => {
    stack.push(name);
    if (SKIP.has(name)) skipping++;
    if (stack.length > maxDepth) {
      throw new ParseError(`HTML bersarang lebih dari ${maxDepth} elemen; ditolak tanpa diurai`, { code: 'HTML_TOO_DEEP' });
    }
  };
  const pop = () => {
    const name = stack.pop();
    if (name && SKIP.has(name)) skipping--;
    return name;
  };
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        if (SELF_CLOSING_SIBLINGS.has(tagName) && stack[stack.length - 1] === tagName) pop();
        else if (BLOCK.has(tagName) && stack[stack.length - 1] === 'p') pop();
        if (BLOCK.has(tagName) && !skipping) out.push('\n');
      },
      onopentagend() {
        if (!VOID.has(tagName)) push(tagName);
      },
      onselfclosingtag() {
        // `<div/>` in HTML opens a div; a self-closed element holds nothing, so it nests nothing here.
      },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (BLOCK.has(name) && !skipping) out.push('\n');
        for (let i = stack.length - 1, n = 0; i >= 0 && n < CLOSE_SEARCH; i--, n++) {
          if (stack[i] === name) {
            while (stack.length > i) pop();
            break;
          }
        }
      },
      ontext(start, end) {
        if (!skipping) out.push(html.slice(start, end));
      },
      ontextentity(codepoint) {
        if (!skipping) out.push(String.fromCodePoint(codepoint));
      },
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      onattribname() {},
      oncdata(start, end, offset) {
        // CDATA is a comment in HTML; feeds that put it inside markup mean text.
        if (!skipping) out.push(html.slice(start, end - offset));
      },
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onprocessinginstruction() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return cleanText(out.join(''));
}

/**
 * Decodes HTML character references in plain text (named, numeric, and legacy ones without ";" such
 * as "&copy 2024"), leaving "<" and a bare "&" as they are. Feeds use HTML entities in XML freely.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  const src = text.replace(/</g, '&lt;');
  const out: string[] = [];
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      ontext: (start, end) => void out.push(src.slice(start, end)),
      ontextentity: (cp) => void out.push(String.fromCodePoint(cp)),
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      onattribname() {},
      oncdata() {},
      onclosetag() {},
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onopentagend() {},
      onopentagname() {},
      onprocessinginstruction() {},
      onselfclosingtag() {},
    },
  );
  tokenizer.write(src);
  tokenizer.end();
  return out.join('');
}

// C0/C1 control characters other than tab and newline, and the non-characters U+FFFE/U+FFFF: never
// text, and PostgreSQL refuses NUL outright (one NUL byte failed a whole batch).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/g;

/** Removes control characters (NUL included) that have no place in stored text. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** Collapses runs of spaces, trims lines, keeps at most one blank line between paragraphs; drops control characters. */
export function cleanText(text: string): string {
  return stripControl(text)
    .replace(/\r\n?|\u0085|\u2028|\u2029/g, '\n')
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
