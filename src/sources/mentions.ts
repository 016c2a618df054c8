import { z } from 'zod';
import { ConfigError, describeError, describeIssues, ParseError } from '../errors.ts';
import { htmlToText } from '../ingest/text.ts';
import { parseFeed } from './rss.ts';
import { defineSource, type CollectResult, type ParsedItem, type ParseResult, type Rejected } from './types.ts';

/**
 * Public posts that mention or tag the Polres's own accounts: what residents address to the Polres in
 * public ("foto dan tag akun Polres"), collected where a public feed or bridge provides them, with no
 * login: a Mastodon/Fediverse instance's hashtag timeline (`/api/v1/timelines/tag/:tag`, public JSON),
 * and RSSHub routes (X/Twitter keyword search, Instagram tag, …) whose path names the handle. Each post
 * is a public report (trust `tip`, "laporan masyarakat"); the classifier's police triage sends the
 * criticism and complaints among them to pengaduan like any other. Posts by the Polres's own accounts
 * are not reports and are left out (counted in the log).
 *
 * The handles come from the official-accounts registry of the pipeline (kind `akun`), or from the
 * source's own `handles` list when it gives one.
 */

/** A handle as the registry stores it (lowercase, no @). */
const handle = z
  .string()
  .transform((h) => h.trim().replace(/^@/, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9_.]{2,30}$/, 'a handle: letters, digits, "." and "_" (2–30), with or without @'));

const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

const mastodonFeed = z.strictObject({
  type: z.literal('mastodon'),
  /** The instance whose public timelines are read: "https://mastodon.social". */
  instance: httpUrl,
  /** Hashtags read (without #). (Default: each handle with what a hashtag cannot hold left out) */
  tags: z.array(z.string().regex(/^#?\w{2,60}$/u, 'a hashtag: letters, digits and _')).optional(),
  /** Statuses asked for per tag; Mastodon gives at most 40. (Default: 40) */
  limit: z.number().int().min(1).max(40).default(40),
});

const rsshubFeed = z.strictObject({
  type: z.literal('rsshub'),
  /** The RSSHub instance: "https://rsshub.app" or the Polres's own. */
  base: httpUrl,
  /** Route with `{handle}` where the handle goes: "/twitter/keyword/{handle}", "/instagram/2/tags/{handle}". */
  route: z.string().regex(/^\/\S*\{handle\}\S*$/, 'a path starting with / that holds {handle}'),
  /** Whose handles the route is for (a registry entry's platform): x, instagram, … Handles of other platforms are not asked. */
  platform: z.string().min(1),
});

const config = z.strictObject({
  /** The Polres's handles. (Default: the registry's active `akun` entries of the pipeline) */
  handles: z.array(handle).min(1).optional(),
  feeds: z.array(z.discriminatedUnion('type', [mastodonFeed, rsshubFeed])).min(1),
  /** Language of the posts. (Default: id) */
  language: z.string().min(2).max(8).default('id'),
});
export type MentionsConfig = z.output<typeof config>;

/** A handle of the Polres, and the platform it is registered on (null: any, as listed in the pipeline). */
export interface OwnHandle {
  handle: string;
  platform: string | null;
}

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export const mentions = defineSource({
  kind: 'mentions',
  description: "Public posts mentioning or tagging the Polres's accounts (Mastodon tag timelines, RSSHub routes)",
  config,
  async collect(ctx, c) {
    const own: OwnHandle[] = c.handles
      ? c.handles.map((h) => ({ handle: h, platform: null }))
      : (await ctx.registeredAccounts()).map((a) => ({ handle: a.handle, platform: a.platform }));
    if (!own.length) {
      throw new ConfigError(`source "${ctx.sourceId}": no handles to look for: register the Polres's accounts (Registri akun resmi) or list config.handles`);
    }
    const requests = feedRequests(c, own);
    if (!requests.length) {
      throw new ConfigError(
        `source "${ctx.sourceId}": no feed to poll: none of the handles (${own.map((o) => `@${o.handle} ${o.platform ?? ''}`.trim()).join(', ')}) is on a platform the feeds read`,
      );
    }
    const out: CollectResult = { items: [], rejected: [] };
    let notModified = 0;
    let ownPosts = 0;
    const failures: string[] = [];
    for (const r of requests) {
      try {
        const res = await ctx.fetch(r.url, { accept: r.type === 'mastodon' ? 'application/json' : FEED_ACCEPT, conditional: true });
        if (res.notModified) {
          notModified++;
          continue;
        }
        const parsed =
          r.type === 'mastodon'
            ? parseMastodonStatuses(res.text(), { own, via: r.via })
            : await parseRsshubFeed(res.text(), {
                own,
                via: r.via,
                platform: r.platform,
                baseUrl: res.url,
                maxHtmlDepth: ctx.maxHtmlDepth,
                timeZone: ctx.timeZone,
              });
        ownPosts += parsed.own;
        out.items.push(...parsed.items);
        out.rejected.push(...parsed.rejected);
      } catch (err) {
        // One feed that fails costs that feed: the others are still read.
        const why = `${r.via}: ${describeError(err).message}`;
        failures.push(why);
        out.rejected.push({ ref: r.via, reason: describeError(err).message });
      }
    }
    if (failures.length === requests.length) throw new Error(`every feed failed; first: ${failures[0]}`);
    if (ownPosts) ctx.log.info({ own_posts: ownPosts }, `${ctx.sourceId}: ${ownPosts} post(s) by the Polres's own accounts left out`);
    for (const item of out.items) item.language ??= c.language;
    return notModified === requests.length ? { ...out, notModified: true } : out;
  },
});

/** The feeds to poll for these handles: one per Mastodon tag, one per RSSHub route and handle of its platform. Pure. */
export function feedRequests(
  c: MentionsConfig,
  own: readonly OwnHandle[],
): Array<{ type: 'mastodon'; url: string; via: string } | { type: 'rsshub'; url: string; via: string; platform: string }> {
  const out: ReturnType<typeof feedRequests> = [];
  for (const f of c.feeds) {
    if (f.type === 'mastodon') {
      const tags = f.tags?.map((t) => t.replace(/^#/, '')) ?? own.map((o) => o.handle.replace(/[^\p{L}\p{N}_]/gu, ''));
      for (const tag of new Set(tags.filter((t) => t.length >= 2))) {
        out.push({ type: 'mastodon', url: `${f.instance}/api/v1/timelines/tag/${encodeURIComponent(tag)}?limit=${f.limit}`, via: `${f.instance} #${tag}` });
      }
    } else {
      const handles = new Set(own.filter((o) => o.platform === null || o.platform === f.platform).map((o) => o.handle));
      for (const h of handles) {
        const path = f.route.replaceAll('{handle}', encodeURIComponent(h));
        out.push({ type: 'rsshub', url: `${f.base}${path}`, via: `${f.base}${path}`, platform: f.platform });
      }
    }
  }
  return out;
}

// Mastodon's Status entity (https://docs.joinmastodon.org/entities/Status/): the fields read here.
const account = z.object({ acct: z.string(), username: z.string(), display_name: z.string().optional(), url: z.string().optional() });
const attachment = z.object({ type: z.string(), url: z.string().nullable().optional(), description: z.string().nullable().optional() });
const statusBase = z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullable().optional(),
  created_at: z.string(),
  visibility: z.string().optional(),
  language: z.string().nullable().optional(),
  spoiler_text: z.string().optional(),
  content: z.string(),
  account,
  replies_count: z.number().int().optional(),
  reblogs_count: z.number().int().optional(),
  favourites_count: z.number().int().optional(),
  media_attachments: z.array(attachment).optional(),
  tags: z.array(z.object({ name: z.string() })).optional(),
  mentions: z.array(z.object({ acct: z.string(), username: z.string() })).optional(),
});
const status = statusBase.extend({ reblog: statusBase.nullable().optional() });

/**
 * Reads a Mastodon timeline answer (an array of Status). Pure. A boost counts as the boosted post; a
 * post by one of the Polres's handles is left out (counted in `own`); a status that is not one is
 * rejected with why, costing only itself.
 */
export function parseMastodonStatuses(body: string, opts: { own: readonly OwnHandle[]; via: string }): ParseResult & { own: number } {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new ParseError(`not JSON: ${(err as Error).message}`, { code: 'FEED_INVALID' });
  }
  if (!Array.isArray(doc)) throw new ParseError('not a Mastodon timeline (expected a JSON array of statuses)', { code: 'NOT_A_FEED' });
  const items: ParsedItem[] = [];
  const rejected: Rejected[] = [];
  let own = 0;
  doc.forEach((raw, k) => {
    const parsed = status.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ ref: `${opts.via} status ${k + 1}`, reason: describeIssues(parsed.error) });
      return;
    }
    const s = parsed.data.reblog ?? parsed.data;
    if (s.visibility && s.visibility !== 'public' && s.visibility !== 'unlisted') return;
    const author = s.account.acct.toLowerCase();
    if (isOwn(s.account.username, opts.own, 'mastodon')) {
      own++;
      return;
    }
    const body = htmlToText(s.content);
    const text = [s.spoiler_text?.trim(), body].filter(Boolean).join('\n\n');
    if (!text) {
      rejected.push({ ref: `${opts.via} ${s.uri}`, reason: 'status without text' });
      return;
    }
    const images = (s.media_attachments ?? []).filter((m) => m.type === 'image' && m.url && /^https?:\/\//.test(m.url)).map((m) => m.url!);
    items.push({
      externalId: s.uri,
      url: s.url ?? s.uri,
      author: `@${author}`,
      text,
      language: s.language ?? null,
      publishedAt: new Date(s.created_at),
      engagement: { replies: s.replies_count ?? null, shares: s.reblogs_count ?? null, likes: s.favourites_count ?? null },
      raw: {
        platform: 'mastodon',
        via: opts.via,
        mentions: mentionedHandles(text, s.tags?.map((t) => t.name) ?? [], s.mentions?.map((m) => m.username) ?? [], opts.own),
        ...(images.length ? { images: images.slice(0, 4) } : {}),
      },
    });
  });
  return { items, rejected, own };
}

/**
 * Reads an RSSHub feed (RSS 2.0 as RSSHub renders it: title, description, link, guid, pubDate, author)
 * through the feed parser, then leaves out posts by the Polres's handles: the handle is read from the
 * post's link (x.com/<handle>/status/…, instagram.com/<handle>/…) or the author field.
 */
export async function parseRsshubFeed(
  body: string,
  opts: { own: readonly OwnHandle[]; via: string; platform: string; baseUrl: string; maxHtmlDepth?: number; timeZone?: string | undefined },
): Promise<ParseResult & { own: number }> {
  const parsed = await parseFeed(body, { baseUrl: opts.baseUrl, maxHtmlDepth: opts.maxHtmlDepth, timeZone: opts.timeZone });
  const items: ParsedItem[] = [];
  let own = 0;
  for (const item of parsed.items) {
    const poster = posterOf(item);
    if (poster && isOwn(poster, opts.own, opts.platform)) {
      own++;
      continue;
    }
    items.push({
      ...item,
      ...(poster ? { author: `@${poster}` } : {}),
      raw: {
        ...item.raw,
        platform: opts.platform,
        via: opts.via,
        ...(poster && item.author ? { author_name: item.author } : {}),
        mentions: mentionedHandles(`${item.title ?? ''}\n${item.text}`, [], [], opts.own),
      },
    });
  }
  return { items, rejected: parsed.rejected, own };
}

/** The posting account's handle: from the post's link on X/Twitter, Instagram, Threads or TikTok, else an "@handle" author. */
function posterOf(item: ParsedItem): string | null {
  const m =
    item.url &&
    /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter|instagram|threads|tiktok)\.(?:com|net)\/@?([A-Za-z0-9_.]{2,30})\/(?:status|p|post|video|reel)\//i.exec(
      item.url,
    );
  if (m) return m[1]!.toLowerCase();
  const a = item.author && /^@([A-Za-z0-9_.]{2,30})$/.exec(item.author.trim());
  return a ? a[1]!.toLowerCase() : null;
}

/** A post by one of the Polres's own handles: registered for this platform, or listed for any. */
function isOwn(poster: string, own: readonly OwnHandle[], platform: string): boolean {
  const p = poster.toLowerCase();
  return own.some((o) => o.handle === p && (o.platform === null || o.platform === platform));
}

/** Which of the Polres's handles the post names: as @handle or #handle in its text, its tags, its mentions. */
function mentionedHandles(text: string, tags: readonly string[], mentioned: readonly string[], own: readonly OwnHandle[]): string[] {
  const lower = text.toLowerCase();
  const named = new Set([...tags, ...mentioned].map((t) => t.toLowerCase()));
  const out = new Set<string>();
  for (const { handle: h } of own) {
    const bare = h.replace(/[^\p{L}\p{N}_]/gu, '');
    if (named.has(h) || named.has(bare) || new RegExp(`[@#](${escapeRe(h)}|${escapeRe(bare)})(?![\\w.])`, 'i').test(lower)) out.add(h);
  }
  return [...out];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
