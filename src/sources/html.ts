import { loadHtml } from './cheerio-load.ts';
import { z } from 'zod';
import { describeError, ParseError } from '../errors.ts';
import { canonicalUrl } from '../ingest/canonical-url.ts';
import { checkedHtml } from './html-depth.ts';
import { parseOffLoop } from './parse-thread.ts';
import { defineSource, type ParsedItem, type Rejected } from './types.ts';

const selectorsSchema = z.strictObject({
  title: z.string().min(1).optional(),
  body: z.string().min(1).optional(),
  date: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
  remove: z.array(z.string().min(1)).optional(),
});

/** News sites without a feed: a listing page whose links lead to article pages. */
export const html = defineSource({
  kind: 'html',
  description: 'News site without a feed: listing page + article pages (CSS selectors)',
  config: z.strictObject({
    listUrl: z.url({ protocol: /^https?$/ }),
    /** Links on the listing page that lead to articles. (Default: every link) */
    linkSelector: z.string().min(1).default('a[href]'),
    /** Only links whose URL matches this regular expression are articles, e.g. "/berita/\\d+". */
    linkPattern: z
      .string()
      .refine((p) => isRegExp(p), 'not a valid regular expression')
      .optional(),
    /** Follow links to other hosts too. (Default: false) */
    otherHosts: z.boolean().default(false),
    /** Articles fetched per run at most; the newest links come first on listings. (Default: 20) */
    maxArticles: z.number().int().min(1).max(200).default(20),
    selectors: selectorsSchema.default({}),
    language: z.string().min(2).max(8).default('id'),
  }),
  async collect(ctx, config) {
    const listing = await ctx.fetch(config.listUrl, { accept: 'text/html', respectRobots: true, conditional: true });
    if (listing.notModified) return { items: [], rejected: [], notModified: true };
    const links = articleLinks(checkedHtml(listing.text(), listing.url, ctx.maxHtmlDepth), listing.url, config);
    if (!links.length) {
      throw new ParseError(`halaman daftar ${config.listUrl} tidak berisi tautan artikel yang cocok dengan ${config.linkPattern ?? config.linkSelector}`, {
        code: 'NO_ARTICLES',
      });
    }
    const known = await ctx.knownUrls(links);
    const failed = await ctx.recentlyFailed();
    const items: ParsedItem[] = [];
    const rejected: Rejected[] = [];
    // Sequential on purpose: the per-host limiter spaces requests anyway, and order keeps logs readable.
    for (const url of links.filter((l) => !known.has(l) && !failed.has(l)).slice(0, config.maxArticles)) {
      try {
        const page = await ctx.fetch(url, { accept: 'text/html', respectRobots: true });
        const a = await parseOffLoop('article', page.text(), url, ctx.maxHtmlDepth, config.selectors);
        if (!a.text && !a.title) {
          rejected.push({ ref: url, reason: 'judul dan isi tidak ditemukan (selektor usang?)' });
          continue;
        }
        // The listing's link stays the item's URL, so the next run recognises it as known; the page's
        // own canonical URL is kept beside it.
        const canonical = a.canonical ? canonicalUrl(a.canonical, page.url) : null;
        items.push({
          url,
          title: a.title,
          text: a.text,
          author: a.author,
          publishedAt: a.publishedAt,
          language: config.language,
          raw: canonical && canonical !== url ? { canonical } : {},
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        rejected.push({ ref: url, reason: describeError(err).message });
      }
    }
    return { items, rejected };
  },
});

/** Canonical, de-duplicated article URLs of a listing page, in page order. Pure. */
export function articleLinks(page: string, pageUrl: string, config: { linkSelector: string; linkPattern?: string | undefined; otherHosts: boolean }): string[] {
  const $ = loadHtml(page);
  const host = new URL(pageUrl).hostname.replace(/^www\./, '');
  const pattern = config.linkPattern ? new RegExp(config.linkPattern) : null;
  const out = new Set<string>();
  $(config.linkSelector).each((_, el) => {
    const href = $(el).attr('href');
    const url = href ? canonicalUrl(href, pageUrl) : null;
    if (!url) return;
    if (!config.otherHosts && new URL(url).hostname !== host) return;
    if (pattern && !pattern.test(url)) return;
    if (url === canonicalUrl(pageUrl)) return;
    out.add(url);
  });
  return [...out];
}

function isRegExp(p: string): boolean {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}
