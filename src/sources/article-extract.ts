import type * as cheerio from 'cheerio';
import { loadHtml } from './cheerio-load.ts';
import type { AnyNode } from 'domhandler';
import { parseAnyDate } from '../ingest/dates.ts';
import { cleanText, htmlToText } from '../ingest/text.ts';

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
  'script',
  'style',
  'noscript',
  'iframe',
  'form',
  'nav',
  'aside',
  'footer',
  'header',
  'button',
  'svg',
  'figure',
  'ins',
  '[class*="share"]',
  '[class*="social"]',
  '[class*="related"]',
  '[class*="baca-juga"]',
  '[class*="bacajuga"]',
  '[class*="advert"]',
  '[class*="ads-"]',
  '[class*="-ads"]',
  '[id*="ads-"]',
  '[class*="banner"]',
  '[class*="newsletter"]',
  '[class*="tags"]',
  '[class*="comment"]',
  '[aria-hidden="true"]',
].join(', ');

// Inline "read also" links and calls to follow the outlet, which editors paste between paragraphs.
const NOISE_PARAGRAPH =
  /^(baca juga|baca:|simak juga|lihat juga|tonton juga|baca selengkapnya|ikuti (kami|berita|update)|dapatkan (update|berita)|klik di sini|advertisement|scroll to continue)/i;

/** Extracts an article from a page. Pure: the HTML is already fetched. */
export function extractArticle(html: string, selectors: ArticleSelectors = {}): Article {
  const $ = loadHtml(html);
  const ld = jsonLdArticle($);
  const meta = (name: string) => $(`meta[property="${name}"], meta[name="${name}"]`).first().attr('content')?.trim() || null;

  const title =
    textOf($, selectors.title) ??
    str(ld?.headline) ??
    meta('og:title') ??
    (cleanText($('h1').first().text()) || null) ??
    (cleanText($('title').text()) || null);

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
  if (!root.length) root = bestCandidate($);
  if (!root.length) return '';
  root.find(NOISE).remove();
  if (selectors.remove?.length) root.find(selectors.remove.join(', ')).remove();

  const blocks = root.find(BLOCKS).filter((_, el) => !$(el).parents('p, li, blockquote').length);
  // A page without <p> (text in <div>s split by <br>, or a bare <td>) is read as text blocks.
  const paragraphs = (blocks.length ? blocks.toArray().map((el) => cleanText($(el).text())) : htmlToText($.html(root)).split(/\n+/))
    .map((p) => cleanText(p))
    .filter((p) => p && !NOISE_PARAGRAPH.test(p));
  return paragraphs.join('\n\n');
}

const BLOCKS = 'p, h2, h3, h4, li, blockquote';

/**
 * The element holding the story, chosen by text density rather than position: every <article>, the
 * parent of the most paragraph text, and (for pages without <p>) the element with the most text of
 * its own are scored by their paragraph text outside links, and the best wins. The first <article> of
 * a page is often a teaser card or a related-story box.
 */
function bestCandidate($: cheerio.CheerioAPI): cheerio.Cheerio<AnyNode> {
  const candidates: AnyNode[] = [...$('article').toArray()];
  const dense = densestBlock($);
  if (dense.length) candidates.push(dense.get(0)!);
  if (!candidates.length || candidates.every((c) => score($, c) === 0)) {
    const textBlock = richestTextBlock($);
    if (textBlock) candidates.push(textBlock);
  }
  const scored = candidates.map((c) => ({ c, s: score($, c) })).sort((a, b) => b.s - a.s);
  const best = scored[0];
  if (!best || best.s === 0) return $([]);
  // An element around the winner scoring nearly as well is the better root: it keeps headings and lists.
  const wrapper = scored.find((x) => x.c !== best.c && x.s >= best.s * 0.9 && $(x.c).find(best.c as never).length > 0);
  return $((wrapper ?? best).c);
}

/** Text in the element's paragraphs (or, without any, its own text), minus text inside links. */
function score($: cheerio.CheerioAPI, el: AnyNode): number {
  const node = $(el);
  const blocks = node.find('p, li, blockquote, pre');
  const text = blocks.length ? blocks.toArray().reduce((n, b) => n + $(b).text().trim().length, 0) : node.text().trim().length;
  const linked = node
    .find('a')
    .toArray()
    .reduce((n, a) => n + $(a).text().trim().length, 0);
  const total = node.text().trim().length || 1;
  return text * (1 - Math.min(1, linked / total));
}

/** The parent of the most paragraph text, for pages with no article markup. */
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

/** The element with the most text directly inside it (text nodes, not descendants'), for pages with no <p>. */
function richestTextBlock($: cheerio.CheerioAPI): AnyNode | undefined {
  let best: AnyNode | undefined;
  let bestLen = 0;
  $('body div, body td, body section, body main, body span, body font').each((_, el) => {
    if ($(el).closest(NOISE).length) return;
    let len = 0;
    for (const c of (el as { children?: AnyNode[] }).children ?? []) if (c.type === 'text') len += ((c as { data?: string }).data ?? '').trim().length;
    if (len > bestLen) [best, bestLen] = [el, len];
  });
  return bestLen >= 80 ? best : undefined;
}

type LdArticle = { headline?: unknown; datePublished?: unknown; author?: unknown };

function jsonLdArticle($: cheerio.CheerioAPI): LdArticle | undefined {
  for (const el of $('script[type="application/ld+json"]').toArray()) {
    try {
      const doc: unknown = JSON.parse($(el).text());
      const nodes = Array.isArray(doc) ? doc : [doc, ...((doc as { '@graph'?: unknown[] })['@graph'] ?? [])];
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
