import { Parser } from 'htmlparser2';
import { ParseError } from '../errors.ts';

/**
 * The deepest element nesting of an HTML page, stopping early past `limit`. A page nested thousands
 * deep takes the DOM parser minutes and its text walk overflows the stack, so fetched pages are
 * measured with this streaming tokenizer (linear time, no tree) before they are parsed. Pure.
 */
export function htmlDepth(html: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  const parser = new Parser(
    {
      onopentag() {
        depth++;
        if (depth > max) max = depth;
        if (max > limit) parser.pause();
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  return max;
}

/** Returns the page when its nesting is within `maxDepth`, else refuses it naming the page. */
export function checkedHtml(html: string, ref: string, maxDepth: number): string {
  const depth = htmlDepth(html, maxDepth);
  if (depth > maxDepth) throw new ParseError(`${ref}: HTML bersarang lebih dari ${maxDepth} elemen; ditolak tanpa diurai`, { code: 'HTML_TOO_DEEP' });
  return html;
}
