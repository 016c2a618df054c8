import Parser from 'rss-parser';
import { z } from 'zod';
import { ParseError } from '../errors.ts';
import { cleanText, htmlToText } from '../ingest/text.ts';
import { defineSource, type ParsedItem, type ParseResult, type Rejected } from './types.ts';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * RSS 0.9x/1.0/2.0, Atom and JSON Feed: news sites, WordPress fact-checkers (turnbackhoax.id),
 * YouTube channel feeds, Reddit, and RSSHub-style bridges for X/Instagram/TikTok/Facebook pages.
 */
export const rss = defineSource({
  kind: 'rss',
  description: 'RSS/Atom/JSON feed (news, fact-checkers, YouTube, Reddit, RSSHub bridges)',
  config: z.strictObject({
    url: z.url({ protocol: /^https?$/ }),
    /** Language of the feed's items. (Default: id) */
    language: z.string().min(2).max(8).default('id'),
  }),
  async collect(ctx, config) {
    const res = await ctx.fetch(config.url, { accept: FEED_ACCEPT, conditional: true });
    if (res.notModified) return { items: [], rejected: [], notModified: true };
    const parsed = await parseFeed(res.text(), { baseUrl: res.url, contentType: res.contentType });
    for (const item of parsed.items) item.language ??= config.language;
    return parsed;
  },
});

const LOGIN_PAGE = /<input[^>]+type\s*=\s*["']?password|<form[^>]+action\s*=\s*["'][^"']*(login|signin|sign_in|accounts)/i;

// One parser for the process: it is stateless per call. media:group carries YouTube's text and counts.
const parser: Parser<Record<string, unknown>, Record<string, unknown>> = new Parser({
  customFields: { item: [['media:group', 'mediaGroup'], ['dc:creator', 'dcCreator']] },
});

/** Parses a feed body. Pure: no network, no database. Throws ParseError when it is no feed at all. */
export async function parseFeed(body: string, opts: { baseUrl: string; contentType?: string | null }): Promise<ParseResult> {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new ParseError('feed body is empty', { code: 'FEED_EMPTY' });
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, opts.baseUrl);
  if (/^(<!doctype html|<html)/i.test(trimmed) || /^text\/html/i.test(opts.contentType ?? '')) {
    if (!/<(rss|feed|rdf:RDF)[\s>]/i.test(trimmed.slice(0, 4096))) {
      // Bridges and platforms answer a blocked or private feed with their sign-in page.
      if (LOGIN_PAGE.test(trimmed)) throw new ParseError('not a feed: got a login page (the source now requires signing in)', { code: 'LOGIN_WALL' });
      throw new ParseError(`not a feed: got an HTML page (${opts.contentType ?? 'no content type'})`, { code: 'NOT_A_FEED' });
    }
  }
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(trimmed);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new ParseError(`feed is not valid XML/RSS/Atom: ${reason}`, { code: 'FEED_INVALID', cause: err });
  }
  const base = (typeof feed.link === 'string' && safeUrl(feed.link, opts.baseUrl)) || opts.baseUrl;
  const items: ParsedItem[] = [];
  const rejected: Rejected[] = [];
  feed.items.forEach((entry, index) => {
    const item = toItem(entry as FeedEntry, base);
    if (item) items.push(item);
    else rejected.push({ ref: `entry ${index + 1}`, reason: 'entry has no link, id, title or text' });
  });
  return { items, rejected };
}

interface FeedEntry {
  title?: string;
  link?: unknown;
  guid?: string;
  id?: string;
  isoDate?: string;
  pubDate?: string;
  creator?: string;
  author?: string | { name?: string[] };
  dcCreator?: string;
  content?: string;
  'content:encoded'?: string;
  contentSnippet?: string;
  summary?: string;
  categories?: unknown[];
  enclosure?: { url?: string };
  mediaGroup?: MediaGroup;
}

interface MediaGroup {
  'media:description'?: unknown[];
  'media:community'?: Array<{
    'media:statistics'?: Array<{ $?: { views?: string } }>;
    'media:starRating'?: Array<{ $?: { count?: string } }>;
  }>;
}

function toItem(e: FeedEntry, base: string): ParsedItem | null {
  const html = str(e['content:encoded']) ?? str(e.content) ?? str(e.summary);
  const mediaDescription = str(e.mediaGroup?.['media:description']?.[0]);
  const text = html ? htmlToText(html) : cleanText(mediaDescription ?? str(e.contentSnippet) ?? '');
  const title = e.title ? htmlToText(str(e.title) ?? '') || null : null;
  const link = str(e.link)?.trim();
  const url = link ? safeUrl(link, base) : null;
  const externalId = str(e.guid) ?? str(e.id) ?? null;
  if (!url && !externalId && !title && !text) return null;

  const community = e.mediaGroup?.['media:community']?.[0];
  const views = num(community?.['media:statistics']?.[0]?.$?.views);
  const likes = num(community?.['media:starRating']?.[0]?.$?.count);
  const categories = (e.categories ?? []).map((c) => (typeof c === 'string' ? c : str((c as { _?: string })._))).filter(Boolean);
  return {
    externalId,
    url,
    title,
    text,
    author: authorOf(e),
    publishedAt: dateOf(e.isoDate ?? e.pubDate),
    ...(views !== null || likes !== null ? { engagement: { views, likes } } : {}),
    raw: {
      ...(categories.length ? { categories } : {}),
      ...(e.enclosure?.url ? { enclosure: e.enclosure.url } : {}),
    },
  };
}

/** JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), which rss-parser does not read. */
function parseJsonFeed(body: string, baseUrl: string): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new ParseError(`feed looks like JSON but does not parse: ${(err as Error).message}`, { code: 'FEED_INVALID' });
  }
  const schema = z.object({
    version: z.string().regex(/jsonfeed\.org/),
    items: z.array(z.record(z.string(), z.unknown())),
  });
  const feed = schema.safeParse(doc);
  if (!feed.success) throw new ParseError('JSON body is not a JSON Feed (no jsonfeed.org version or items)', { code: 'NOT_A_FEED' });
  const items: ParsedItem[] = [];
  const rejected: Rejected[] = [];
  feed.data.items.forEach((e, index) => {
    const html = str(e.content_html);
    const text = html ? htmlToText(html) : cleanText(str(e.content_text) ?? str(e.summary) ?? '');
    const url = str(e.url) ? safeUrl(str(e.url)!, baseUrl) : null;
    const externalId = e.id !== undefined ? String(e.id) : null;
    const title = str(e.title) ?? null;
    if (!url && !externalId && !title && !text) {
      rejected.push({ ref: `entry ${index + 1}`, reason: 'entry has no url, id, title or text' });
      return;
    }
    const authors = Array.isArray(e.authors) ? (e.authors as Array<{ name?: string }>) : [];
    const author = authors[0]?.name ?? (e.author as { name?: string } | undefined)?.name ?? null;
    items.push({ externalId, url, title, text, author, publishedAt: dateOf(str(e.date_published)) });
  });
  return { items, rejected };
}

function authorOf(e: FeedEntry): string | null {
  if (typeof e.author === 'object' && e.author?.name?.[0]) return e.author.name[0];
  const a = str(e.creator) ?? str(e.dcCreator) ?? (typeof e.author === 'string' ? e.author : undefined);
  return a ? cleanText(a) || null : null;
}

/** A parsed date, or null when absent or unparseable (a bad date must not reject the entry). */
function dateOf(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function safeUrl(value: string, base: string): string | null {
  try {
    const u = new URL(value, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
