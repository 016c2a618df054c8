import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { parseAnyDate } from '../ingest/dates.ts';
import { cleanText } from '../ingest/text.ts';

/** CSS selectors for one site; each falls back to page metadata when unset or not found. */
export interface ArticleSelectors {
  title?: string | undefined;
  body?: string | undefined;
  date?: string | undefined;
  author?: string | undefined;
  /** Extra elements to drop from the body (site-specific widgets). */
  remove?: string[] | undefined;
}

export interface Article {
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: Date | null;
  /** The page's own canonical URL, when it declares one. */
  canonical: string | null;
}

// Navigation, share widgets, ads, related-article boxes: never part of the story.
const NOISE = [
  'script', 'style', 'noscript', 'iframe', 'form', 'nav', 'aside', 'footer', 'header', 'button', 'svg', 'figure', 'ins',
  '[class*="share"]', '[class*="social"]', '[class*="related"]', '[class*="baca-juga"]', '[class*="bacajuga"]',
  '[class*="advert"]', '[class*="ads-"]', '[class*="-ads"]', '[id*="ads-"]', '[class*="banner"]', '[class*="newsletter"]',
  '[class*="tags"]', '[class*="comment"]', '[aria-hidden="true"]',
].join(', ');

// Inline "read also" links and calls to follow the outlet, which editors paste between paragraphs.
const NOISE_PARAGRAPH = /^(baca juga|baca:|simak juga|lihat juga|tonton juga|baca selengkapnya|ikuti (kami|berita|update)|dapatkan (update|berita)|klik di sini|advertisement|scroll to continue)/i;

/** Extracts an article from a page. Pure: the HTML is already fetched. */
export function extractArticle(html: string, selectors: ArticleSelectors = {}): Article {
  const $ = cheerio.load(html);
  const ld = jsonLdArticle($);
  const meta = (name: string) => $(`meta[property="${name}"], meta[name="${name}"]`).first().attr('content')?.trim() || null;

  const title =
    textOf($, selectors.title) ?? str(ld?.headline) ?? meta('og:title') ?? (cleanText($('h1').first().text()) || null) ?? (cleanText($('title').text()) || null);

  const dateRaw =
    (selectors.date ? ($(selectors.date).first().attr('datetime') ?? textOf($, selectors.date)) : null) ??
    meta('article:published_time') ??
    str(ld?.datePublished) ??
    $('time[datetime]').first().attr('datetime') ??
    null;

  const ldAuthor = Array.isArray(ld?.author) ? ld.author[0] : ld?.author;
  const author = textOf($, selectors.author) ?? str((ldAuthor as { name?: unknown } | undefined)?.name) ?? str(ldAuthor) ?? null;

  return {
    title,
    text: bodyText($, selectors),
    author,
    publishedAt: parseAnyDate(dateRaw),
    canonical: $('link[rel="canonical"]').attr('href') ?? meta('og:url'),
  };
}

function bodyText($: cheerio.CheerioAPI, selectors: ArticleSelectors): string {
  let root = selectors.body ? $(selectors.body).first() : $([]);
  if (!root.length) root = $('[itemprop="articleBody"]').first();
  if (!root.length) root = $('article').first();
  if (!root.length) root = densestBlock($);
  if (!root.length) return '';
  root.find(NOISE).remove();
  if (selectors.remove?.length) root.find(selectors.remove.join(', ')).remove();

  const blocks = root.find('p, h2, h3, h4, li, blockquote').filter((_, el) => !$(el).parents('p, li, blockquote').length);
  const paragraphs = (blocks.length ? blocks.toArray() : [root.get(0)!])
    .map((el) => cleanText($(el).text()))
    .filter((p) => p && !NOISE_PARAGRAPH.test(p));
  return paragraphs.join('\n\n');
}

/** The element holding the most paragraph text, for pages with no article markup. */
function densestBlock($: cheerio.CheerioAPI): cheerio.Cheerio<AnyNode> {
  const score = new Map<AnyNode, number>();
  $('p').each((_, p) => {
    const parent = p.parent;
    if (parent) score.set(parent, (score.get(parent) ?? 0) + $(p).text().trim().length);
  });
  let best: AnyNode | undefined;
  let bestScore = 0;
  for (const [el, s] of score) if (s > bestScore) [best, bestScore] = [el, s];
  return best ? $(best) : $([]);
}

type LdArticle = { headline?: unknown; datePublished?: unknown; author?: unknown };

function jsonLdArticle($: cheerio.CheerioAPI): LdArticle | undefined {
  for (const el of $('script[type="application/ld+json"]').toArray()) {
    try {
      const doc: unknown = JSON.parse($(el).text());
      const nodes = Array.isArray(doc) ? doc : [doc, ...(((doc as { '@graph'?: unknown[] })['@graph']) ?? [])];
      for (const node of nodes as Array<Record<string, unknown>>) {
        const type = node?.['@type'];
        const types = Array.isArray(type) ? type : [type];
        if (types.some((t) => typeof t === 'string' && /(News)?Article|BlogPosting|Report/.test(t))) return node as LdArticle;
      }
    } catch {
      // Sites ship broken JSON-LD often enough; the other fallbacks still apply.
    }
  }
  return undefined;
}

function textOf($: cheerio.CheerioAPI, selector: string | undefined): string | null {
  if (!selector) return null;
  return cleanText($(selector).first().text()) || null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? cleanText(v) : null;
}
