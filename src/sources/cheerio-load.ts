import { createRequire } from 'node:module';
import type * as Cheerio from 'cheerio';

const require = createRequire(import.meta.url);
let cheerio: typeof Cheerio | undefined;

/**
 * cheerio.load, with cheerio required on the first call. Loading cheerio costs about 0.2 s of CPU, and
 * every command that reads a pipeline reaches the HTML source kinds (for their config schemas): the
 * `saring classify` of a JSONL file, and `saring start` before its first request, paid for pages they
 * never parse. Its CommonJS build is required, so the parsers stay synchronous.
 */
export function loadHtml(html: string): Cheerio.CheerioAPI {
  cheerio ??= require('cheerio') as typeof Cheerio;
  return cheerio.load(html);
}
