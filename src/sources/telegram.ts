import type * as cheerio from 'cheerio';
import { loadHtml } from './cheerio-load.ts';
import { z } from 'zod';
import { describeError, ParseError } from '../errors.ts';
import { cleanText, htmlToText } from '../ingest/text.ts';
import { checkedHtml } from './html-depth.ts';
import { defineSource, type ParsedItem, type ParseResult } from './types.ts';

/** Public Telegram channels through their web preview (t.me/s/<channel>), newest page first. */
export const telegram = defineSource({
  kind: 'telegram',
  description: 'Public Telegram channel preview (t.me/s/<channel>), paginated with ?before=',
  config: z.strictObject({
    channel: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'a Telegram handle: letters, digits and _, 4–32 long'),
    /** Older pages to read per run when every post on a page is new. (Default: 3) */
    maxPages: z.number().int().min(1).max(50).default(3),
    /** Where previews are served; only tests and mirrors change it. (Default: https://t.me) */
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://t.me'),
    language: z.string().min(2).max(8).default('id'),
  }),
  async collect(ctx, config) {
    const items: ParsedItem[] = [];
    const rejected: ParseResult['rejected'] = [];
    const seen = new Set<string>();
    let before: number | null = null;
    for (let page = 0; page < config.maxPages; page++) {
      const url = `${config.baseUrl.replace(/\/$/, '')}/s/${config.channel}${before ? `?before=${before}` : ''}`;
      let parsed: TelegramPage;
      try {
        const res = await ctx.fetch(url, { accept: 'text/html' });
        parsed = parseTelegramPage(checkedHtml(res.text(), res.url, ctx.maxHtmlDepth), { channel: config.channel, firstPage: page === 0 });
      } catch (err) {
        // The newest page failing fails the run; an older page failing costs only that page and the
        // ones behind it: the posts read so far are kept, and the next run starts from the top again.
        if (page === 0 || ctx.signal.aborted) throw err;
        rejected.push({ ref: url, reason: describeError(err).message });
        break;
      }
      rejected.push(...parsed.rejected);
      // A page can repeat posts of the one before it (posts published between the two requests shift
      // the pages); each post is taken once.
      const fresh = parsed.items.filter((i) => !seen.has(i.externalId!));
      for (const i of fresh) seen.add(i.externalId!);
      const known = await ctx.knownExternalIds(fresh.map((i) => i.externalId!));
      items.push(...fresh.filter((i) => !known.has(i.externalId!)));
      // Stop at the first page that reaches posts we already have: older pages hold nothing new.
      if (known.size > 0) break;
      // Older posts are where the page's own "load more" link points. A page without one is the start
      // of the channel; a cursor that does not move back would fetch the same page again.
      if (parsed.before === null || (before !== null && parsed.before >= before)) break;
      before = parsed.before;
    }
    // Oldest first across pages, as within a page: a repost must reach dedup after its original.
    items.sort((a, b) => postNumber(a.externalId!) - postNumber(b.externalId!));
    for (const item of items) item.language = config.language;
    return { items, rejected };
  },
});

const postNumber = (externalId: string) => Number(externalId.split('/')[1]);

/** One preview page: its posts and where the older ones are. */
export interface TelegramPage extends ParseResult {
  /** The `?before=` cursor of the page's "load more" link; null at the start of the channel. */
  before: number | null;
}

/**
 * Posts of one preview page, oldest first as Telegram lays them out. Pure. Service messages (channel
 * created, photo changed, "X pinned «…»") are not posts anyone wrote and are left out.
 */
export function parseTelegramPage(page: string, opts: { channel: string; firstPage: boolean }): TelegramPage {
  const $ = loadHtml(page);
  const messages = $('.tgme_widget_message[data-post]');
  if (!messages.length && opts.firstPage && !$('.tgme_channel_info').length) {
    throw new ParseError(`kanal Telegram @${opts.channel} tidak ada atau tidak punya pratinjau publik`, {
      code: 'CHANNEL_NOT_FOUND',
    });
  }
  const result: TelegramPage = { items: [], rejected: [], before: olderCursor($) };
  messages.each((_, el) => {
    const msg = $(el);
    if (msg.hasClass('service_message')) return;
    const post = msg.attr('data-post')!;
    if (!/^[A-Za-z0-9_]+\/\d+$/.test(post)) {
      result.rejected.push({ ref: post, reason: 'data-post bukan "<kanal>/<nomor>"' });
      return;
    }
    // A reply carries the quoted post's text in a .tgme_widget_message_text of its own, before the post's.
    const textHtml =
      msg
        .find('.tgme_widget_message_text')
        .filter((_, t) => !$(t).hasClass('js-message_reply_text') && !$(t).closest('.tgme_widget_message_reply').length)
        .first()
        .html() ?? '';
    const text = htmlToText(textHtml.replace(/<br\s*\/?>/gi, '\n'));
    const datetime = msg.find('.tgme_widget_message_date time[datetime], time[datetime]').first().attr('datetime');
    const date = datetime ? new Date(datetime) : null;
    result.items.push({
      externalId: post,
      url: `https://t.me/${post}`,
      author: cleanText(msg.find('.tgme_widget_message_owner_name').first().text()) || `@${opts.channel}`,
      title: null,
      text,
      publishedAt: date && !Number.isNaN(date.getTime()) ? date : null,
      engagement: { views: parseCount(msg.find('.tgme_widget_message_views').first().text()) },
      raw: {
        ...(msg.find('.tgme_widget_message_photo_wrap, .tgme_widget_message_video_player').length ? { media: true } : {}),
        ...photoUrls($, msg),
        ...(msg.find('.tgme_widget_message_forwarded_from_name').length
          ? { forwarded_from: cleanText(msg.find('.tgme_widget_message_forwarded_from_name').first().text()) }
          : {}),
      },
    });
  });
  return result;
}

/**
 * The photos of a post, as the public page shows them: `<a class="tgme_widget_message_photo_wrap"
 * style="background-image:url('https://cdn4.cdn-telegram.org/file/….jpg')">` (one per photo of an
 * album). https only; at most four.
 */
function photoUrls($: cheerio.CheerioAPI, msg: ReturnType<cheerio.CheerioAPI>): { images?: string[] } {
  const urls = msg
    .find('.tgme_widget_message_photo_wrap')
    .toArray()
    .map((el) => /background-image:\s*url\(\s*['"]?(https:\/\/[^'")\s]+)['"]?\s*\)/i.exec($(el).attr('style') ?? '')?.[1])
    .filter((u): u is string => !!u);
  const distinct = [...new Set(urls)].slice(0, 4);
  return distinct.length ? { images: distinct } : {};
}

/**
 * The cursor of the page's "load more" link (a.tme_messages_more[data-before]). A page reached with
 * ?before= also links to newer posts (data-after), which must not be taken for it.
 */
function olderCursor($: cheerio.CheerioAPI): number | null {
  const raw = $('a.tme_messages_more[data-before]').first().attr('data-before');
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 1 ? n : null;
}

/** "3.71M" → 3710000, "12.5K" → 12500, "845" → 845. */
export function parseCount(text: string): number | null {
  const m = /^([\d.,]+)\s*([KMB])?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(',', '.'));
  const mult = { K: 1e3, M: 1e6, B: 1e9 }[(m[2] ?? '').toUpperCase() as 'K' | 'M' | 'B'] ?? 1;
  return Number.isFinite(n) ? Math.round(n * mult) : null;
}
