import { z } from 'zod';
import { ParseError } from '../errors.ts';
import { parseDate } from '../ingest/dates.ts';
import { cleanText, DEFAULT_MAX_HTML_DEPTH, htmlToText, stripControl } from '../ingest/text.ts';
import { baseOf, child, childrenNamed, innerSource, parseXml, xmlText, type XmlDocument, type XmlElement } from './feed-xml.ts';
import { parseOffLoop } from './parse-thread.ts';
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
    // A large body is parsed off the event loop, which the desk's web server shares in the embedded mode.
    const parsed = await parseOffLoop('feed', res.text(), {
      baseUrl: res.url,
      contentType: res.contentType,
      maxHtmlDepth: ctx.maxHtmlDepth,
      timeZone: ctx.timeZone,
    });
    for (const item of parsed.items) item.language ??= config.language;
    return parsed;
  },
});

const LOGIN_PAGE = /<input[^>]+type\s*=\s*["']?password|<form[^>]+action\s*=\s*["'][^"']*(login|signin|sign_in|accounts)/i;

/** One HTML field larger than this is refused (the field, not the entry): no article is 5 MB of markup. */
const MAX_FIELD_CHARS = 5_000_000;

export interface FeedOptions {
  baseUrl: string;
  contentType?: string | null | undefined;
  /** Deepest HTML nesting read in one field; deeper fields are dropped and reported. (Default: 512) */
  maxHtmlDepth?: number | undefined;
  /** Zone for dates that name none. (Default: Asia/Jakarta) */
  timeZone?: string | undefined;
}

/**
 * Parses a feed body. Pure: no network, no database. Throws ParseError only when the body is no feed
 * at all; a bad entry is rejected with its reason and a bad field costs only that field.
 */
export async function parseFeed(body: string, opts: FeedOptions): Promise<ParseResult> {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new ParseError('isi feed kosong', { code: 'FEED_EMPTY' });
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, opts);
  if (/^(<!doctype html|<html)/i.test(trimmed) || /^text\/html/i.test(opts.contentType ?? '')) {
    if (!/<(rss|feed|rdf:RDF)[\s>]/i.test(trimmed.slice(0, 4096))) {
      // Bridges and platforms answer a blocked or private feed with their sign-in page.
      if (LOGIN_PAGE.test(trimmed)) throw new ParseError('bukan feed: yang diterima halaman masuk (login); sumber kini meminta akun', { code: 'LOGIN_WALL' });
      throw new ParseError(`bukan feed: yang diterima halaman HTML (${opts.contentType ?? 'tanpa Content-Type'})`, { code: 'NOT_A_FEED' });
    }
  }
  const rejected: Rejected[] = [];
  // A raw NUL is not XML and PostgreSQL refuses it in text: removed here, once, and reported.
  const nuls = trimmed.split('\u0000').length - 1;
  if (nuls) rejected.push({ ref: 'feed', reason: `${nuls} bita NUL dibuang dari isi feed` });
  const doc = parseXml(nuls ? trimmed.replaceAll('\u0000', '') : trimmed);
  const feedEl = findFeedRoot(doc.root);
  if (!feedEl) {
    const what = /^\s*</.test(trimmed)
      ? 'tidak ada elemen <rss>, <feed>, <rdf:RDF> atau <channel>'
      : `tidak diawali markup ("${stripControl(trimmed.slice(0, 30))}…")`;
    throw new ParseError(`feed bukan XML/RSS/Atom yang sah: ${what}`, { code: 'FEED_INVALID' });
  }
  const atom = feedEl.name === 'feed' || feedEl.name === 'entry';
  const entries = entriesOf(feedEl, atom);
  // A cut-off document that kept nothing (no channel, no item) is a failure, not an empty feed: calling
  // it an empty success would hide a source that stopped working. A complete <rss></rss> is read as an
  // empty feed, as forgiving readers do.
  if (doc.truncated && !atom && feedEl.name !== 'channel' && !child(feedEl, 'channel') && !entries.length) {
    throw new ParseError(`feed terpotong: <${feedEl.name}> tidak pernah ditutup dan tidak berisi <channel> maupun butir`, { code: 'FEED_INVALID' });
  }
  const channel = atom ? feedEl : (child(feedEl, 'channel') ?? feedEl);
  const channelLink = atom ? pickLink(doc, childrenNamed(channel, 'link'), opts.baseUrl) : linkText(doc, childrenNamed(channel, 'link'), opts.baseUrl);
  const base = channelLink ?? opts.baseUrl;
  const ctx: EntryContext = { doc, base, maxDepth: opts.maxHtmlDepth ?? DEFAULT_MAX_HTML_DEPTH, timeZone: opts.timeZone };
  const items: ParsedItem[] = [];
  entries.forEach((entry, index) => {
    const ref = `entry ${index + 1}`;
    try {
      const item = toItem(ctx, entry, atom, (field, reason) => rejected.push({ ref: `${ref} ${field}`, reason: `${reason}; kolom dibuang, entri disimpan` }));
      if (item) items.push(item);
      else rejected.push({ ref, reason: 'entri tanpa tautan, id, judul maupun teks' });
    } catch (err) {
      rejected.push({ ref, reason: `entri tidak terbaca: ${(err as Error).message}` });
    }
  });
  return { items, rejected };
}

/** The feed element: <rss> (with or without version or <channel>), Atom <feed>, RSS 1.0 <rdf:RDF>, or a bare <channel>. */
function findFeedRoot(root: XmlElement): XmlElement | undefined {
  const top = root.children.find((c) => ['rss', 'feed', 'rdf:rdf', 'channel', 'entry'].includes(c.name));
  if (top) return top;
  // A wrapper around the feed (an HTML page embedding it, a SOAP-ish envelope): look one level down.
  for (const c of root.children) {
    const inner = c.children.find((x) => ['rss', 'feed', 'rdf:rdf'].includes(x.name));
    if (inner) return inner;
  }
  return undefined;
}

function entriesOf(feedEl: XmlElement, atom: boolean): XmlElement[] {
  // An Atom entry document (RFC 4287 §4.1.2) is a feed of one.
  if (feedEl.name === 'entry') return [feedEl];
  if (atom) return childrenNamed(feedEl, 'entry');
  // RSS 2.0: channel/item; RSS 1.0 and 0.9: items beside the channel; some feeds: rss/item without channel.
  const out: XmlElement[] = [];
  for (const c of feedEl.children) {
    if (c.name === 'item') out.push(c);
    else if (c.name === 'channel') out.push(...childrenNamed(c, 'item'));
  }
  return out;
}

interface EntryContext {
  doc: XmlDocument;
  base: string;
  maxDepth: number;
  timeZone: string | undefined;
}

type FieldProblem = (field: string, reason: string) => void;

const DATE_FIELDS = ['pubdate', 'published', 'dc:date', 'updated', 'issued', 'modified', 'created', 'dcterms:created', 'dcterms:modified', 'dcterms:issued'];

function toItem(ctx: EntryContext, entry: XmlElement, atom: boolean, problem: FieldProblem): ParsedItem | null {
  const { doc } = ctx;
  const base = baseOf(entry, ctx.base);
  const field = (name: string, read: () => string | null): string | null => {
    try {
      return read();
    } catch (err) {
      problem(name, (err as Error).message);
      return null;
    }
  };
  const titleEl = child(entry, 'title', 'dc:title');
  const title = titleEl ? field('title', () => fieldText(ctx, titleEl, atom ? 'text' : 'html') || null) : null;

  let text = '';
  for (const name of ['content:encoded', 'content', 'description', 'summary', 'media:description']) {
    const el = child(entry, name);
    if (!el) continue;
    text = field(name, () => fieldText(ctx, el, atom ? (name === 'content' || name === 'summary' ? 'text' : 'html') : 'html')) ?? '';
    if (text) break;
  }
  const mediaGroup = child(entry, 'media:group');
  if (!text && mediaGroup) {
    const d = child(mediaGroup, 'media:description');
    if (d) text = field('media:description', () => cleanText(xmlText(doc, d))) ?? '';
  }

  const links = childrenNamed(entry, 'link');
  const guidEl = child(entry, 'guid', 'id');
  const externalId = guidEl ? cleanText(xmlText(doc, guidEl)) || null : null;
  let url = atom ? pickLink(doc, links, base) : (linkText(doc, links, base) ?? pickLink(doc, links, base));
  // RSS: a guid that is a permalink (the default) stands in for a missing <link>.
  if (!url && !atom && guidEl && externalId && guidEl.attrs.ispermalink?.toLowerCase() !== 'false') url = safeUrl(externalId, base, true);
  if (!url && !externalId && !title && !text) return null;

  let publishedAt: Date | null = null;
  for (const name of DATE_FIELDS) {
    const el = child(entry, name);
    if (el && (publishedAt = parseDate(cleanText(xmlText(doc, el)), { timeZone: ctx.timeZone }))) break;
  }

  const community = mediaGroup ? child(mediaGroup, 'media:community') : undefined;
  const views = num(community && child(community, 'media:statistics')?.attrs.views);
  const likes = num(community && child(community, 'media:starrating')?.attrs.count);
  const categories = childrenNamed(entry, 'category', 'dc:subject')
    .map((c) => cleanText(c.attrs.term ?? c.attrs.label ?? xmlText(doc, c)))
    .filter(Boolean);
  const enclosureEl = child(entry, 'enclosure');
  const enclosure = enclosureEl?.attrs.url ?? links.find((l) => l.attrs.rel?.toLowerCase() === 'enclosure')?.attrs.href;
  const images = feedImages(entry, mediaGroup, links, base);
  return {
    externalId,
    url,
    title,
    text,
    author: authorOf(doc, entry),
    publishedAt,
    ...(views !== null || likes !== null ? { engagement: { views, likes } } : {}),
    raw: {
      ...(categories.length ? { categories } : {}),
      ...(enclosure ? { enclosure: stripControl(enclosure.trim()) } : {}),
      ...(images.length ? { images } : {}),
    },
  };
}

/** Images one entry may keep (the images stage fetches each). */
export const MAX_ENTRY_IMAGES = 4;

/**
 * An entry's image URLs, for the images stage: image enclosures (RSS `<enclosure type="image/…">`,
 * Atom `<link rel="enclosure">`), Media RSS `<media:content>` that is an image and `<media:thumbnail>`
 * (also inside `<media:group>`). An enclosure without a type counts when its path ends like an image.
 * http(s) only, resolved against the entry's base, distinct, at most MAX_ENTRY_IMAGES.
 */
function feedImages(entry: XmlElement, mediaGroup: XmlElement | undefined, links: XmlElement[], base: string): string[] {
  const looksImage = (type: string | undefined, url: string | undefined) => (type ? /^image\//i.test(type) : /\.(jpe?g|png|webp|gif)(\?|#|$)/i.test(url ?? ''));
  const found: Array<string | undefined> = [];
  for (const e of childrenNamed(entry, 'enclosure')) if (looksImage(e.attrs.type, e.attrs.url)) found.push(e.attrs.url);
  for (const l of links) if (l.attrs.rel?.toLowerCase() === 'enclosure' && looksImage(l.attrs.type, l.attrs.href)) found.push(l.attrs.href);
  for (const scope of mediaGroup ? [entry, mediaGroup] : [entry]) {
    for (const m of childrenNamed(scope, 'media:content')) {
      if (m.attrs.medium === 'image' || looksImage(m.attrs.type, m.attrs.url)) found.push(m.attrs.url);
    }
    for (const t of childrenNamed(scope, 'media:thumbnail')) found.push(t.attrs.url);
  }
  const urls = found.flatMap((u) => (u ? [safeUrl(u, base, true)] : [])).filter((u): u is string => !!u);
  return [...new Set(urls)].slice(0, MAX_ENTRY_IMAGES);
}

/**
 * Plain text of one field, read from its markup as written. `fallback` is how to read a field that does
 * not say (RSS fields are HTML by custom; Atom's are text unless type says otherwise).
 * - child elements present (unescaped inline markup, Atom type="xhtml"): the markup itself is the HTML;
 * - Atom type="html" / RSS: the character data is HTML (escaped or CDATA);
 * - base64 (Atom 0.3 mode="base64", or Atom 1.0 content with a non-text media type): decoded first.
 */
function fieldText(ctx: EntryContext, el: XmlElement, fallback: 'text' | 'html'): string {
  const { doc } = ctx;
  const type = (el.attrs.type ?? '').toLowerCase().trim();
  const span = el.innerEnd - el.innerStart;
  if (span > MAX_FIELD_CHARS) throw new Error(`${span} karakter melebihi batas kolom ${MAX_FIELD_CHARS} karakter`);
  const asHtml = (html: string) => htmlToText(html, { maxDepth: ctx.maxDepth });
  if (el.attrs.mode?.toLowerCase() === 'base64' || (type && !/^(text|html|xhtml)$/.test(type) && !type.startsWith('text/') && !/[+/]xml$/.test(type))) {
    if (/^(image|audio|video)\//.test(type)) return '';
    const decoded = Buffer.from(xmlText(doc, el).replace(/\s+/g, ''), 'base64').toString('utf8');
    return /html/.test(type) || /<[a-z][^>]*>/i.test(decoded) ? asHtml(decoded) : cleanText(decoded);
  }
  if (el.children.length || type === 'xhtml' || type === 'application/xhtml+xml') {
    // Inline markup in the feed's own XML: namespace prefixes (xhtml:div) mean the plain HTML element.
    const markup = innerSource(doc, el).replace(/<(\/?)[a-z][\w.-]*:(?=[a-z])/gi, '<$1');
    return asHtml(markup);
  }
  const value = xmlText(doc, el);
  const isText = type === 'text' || type === 'text/plain' || (!type && fallback === 'text');
  // Atom text may still carry an escaped tag where publishers meant HTML; reading it as HTML keeps the words.
  return isText && !/<\/?[a-z][^>]*>|&[a-z#]/i.test(value) ? cleanText(value) : asHtml(value);
}

/** RSS <link>: its text, or (atom:link inside RSS) the alternate href. */
function linkText(doc: XmlDocument, links: XmlElement[], base: string): string | null {
  for (const l of links) {
    if (l.attrs.href !== undefined) continue;
    const v = cleanText(xmlText(doc, l));
    const url = v ? safeUrl(v, baseOf(l, base), true) : null;
    if (url) return url;
  }
  return null;
}

const LINK_NOT_ARTICLE = new Set(['enclosure', 'replies', 'edit', 'edit-media', 'license', 'payment', 'hub', 'next', 'previous', 'first', 'last']);

/**
 * The article URL among Atom links: rel="alternate" (or no rel), HTML first; then related/via/self;
 * never an enclosure (an .mp3), a comments feed (rel="replies") or an edit link. xml:base applies.
 */
function pickLink(doc: XmlDocument, links: XmlElement[], base: string): string | null {
  const rank = (l: XmlElement): number => {
    const rel = (l.attrs.rel ?? 'alternate').toLowerCase().trim();
    const type = (l.attrs.type ?? '').toLowerCase();
    if (LINK_NOT_ARTICLE.has(rel)) return -1;
    if (rel === 'alternate') return type === '' || type.includes('html') ? 3 : 2;
    return rel === 'self' ? 0 : 1;
  };
  let best: { url: string; rank: number } | null = null;
  for (const l of links) {
    const r = rank(l);
    if (r < 0 || (best && best.rank >= r)) continue;
    const href = l.attrs.href ?? cleanText(xmlText(doc, l));
    const url = href ? safeUrl(href, baseOf(l, base), true) : null;
    if (url) best = { url, rank: r };
  }
  return best?.url ?? null;
}

function authorOf(doc: XmlDocument, entry: XmlElement): string | null {
  const author = child(entry, 'author');
  const name = author && child(author, 'name');
  const el = name ?? child(entry, 'dc:creator') ?? author ?? child(entry, 'itunes:author', 'dc:contributor');
  if (!el) return null;
  const v = el.children.length ? htmlToText(innerSource(doc, el)) : cleanText(xmlText(doc, el));
  return v.slice(0, 300) || null;
}

/** JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1). A bad field costs the field, a bad entry the entry. */
function parseJsonFeed(body: string, opts: FeedOptions): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new ParseError(`feed tampak seperti JSON tetapi tidak dapat diurai: ${(err as Error).message}`, { code: 'FEED_INVALID' });
  }
  const schema = z.object({
    version: z.string().regex(/jsonfeed\.org/),
    items: z.array(z.unknown()),
  });
  const feed = schema.safeParse(doc);
  if (!feed.success) throw new ParseError('isi JSON bukan JSON Feed (tanpa versi jsonfeed.org atau items)', { code: 'NOT_A_FEED' });
  const home = jsonText((doc as Record<string, unknown>).home_page_url);
  const base = (home && safeUrl(home, opts.baseUrl, true)) || opts.baseUrl;
  const items: ParsedItem[] = [];
  const rejected: Rejected[] = [];
  feed.data.items.forEach((raw, index) => {
    const ref = `entry ${index + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      rejected.push({ ref, reason: 'entri bukan objek JSON' });
      return;
    }
    const e = raw as Record<string, unknown>;
    let text = '';
    const html = jsonText(e.content_html);
    try {
      text = html ? htmlToText(html, { maxDepth: opts.maxHtmlDepth ?? DEFAULT_MAX_HTML_DEPTH }) : '';
    } catch (err) {
      rejected.push({ ref: `${ref} content_html`, reason: `${(err as Error).message}; kolom dibuang, entri disimpan` });
    }
    text ||= cleanText(jsonText(e.content_text) ?? jsonText(e.summary) ?? '');
    const link = jsonText(e.url) ?? jsonText(e.external_url);
    const url = link ? safeUrl(link, base, true) : null;
    const externalId = jsonText(e.id) ?? null;
    const title = jsonText(e.title) ? htmlToText(jsonText(e.title)!) || null : null;
    if (!url && !externalId && !title && !text) {
      rejected.push({ ref, reason: 'entri tanpa url, id, judul maupun teks' });
      return;
    }
    const authors = Array.isArray(e.authors) ? e.authors : [e.author];
    const author = authors.map((a) => (a && typeof a === 'object' ? jsonText((a as Record<string, unknown>).name) : undefined)).find(Boolean) ?? null;
    // JSON Feed: the entry's `image`, then image attachments.
    const attachments = Array.isArray(e.attachments) ? (e.attachments as unknown[]) : [];
    const imageLinks = [
      jsonText(e.image),
      ...attachments.map((a) => {
        const at = a && typeof a === 'object' ? (a as Record<string, unknown>) : {};
        return /^image\//i.test(jsonText(at.mime_type) ?? '') ? jsonText(at.url) : undefined;
      }),
    ];
    const images = [...new Set(imageLinks.flatMap((u) => (u ? [safeUrl(u, base, true)] : [])).filter((u): u is string => !!u))].slice(0, MAX_ENTRY_IMAGES);
    items.push({
      externalId,
      url,
      title,
      text,
      author: author ? cleanText(author).slice(0, 300) || null : null,
      publishedAt: parseDate(jsonText(e.date_published) ?? jsonText(e.date_modified), { timeZone: opts.timeZone }),
      ...(images.length ? { raw: { images } } : {}),
    });
  });
  return { items, rejected };
}

/** A JSON value as text: strings as they are, numbers as written; anything else is no text. */
function jsonText(v: unknown): string | undefined {
  if (typeof v === 'string') return stripControl(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function safeUrl(value: string, base: string, httpOnly = true): string | null {
  try {
    const u = new URL(stripControl(value).trim(), base);
    return !httpOnly || u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
