import * as cheerio from 'cheerio';
import { z } from 'zod';
import { ParseError } from '../errors.ts';
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
    let before: number | undefined;
    for (let page = 0; page < config.maxPages; page++) {
      const url = `${config.baseUrl.replace(/\/$/, '')}/s/${config.channel}${before ? `?before=${before}` : ''}`;
      const res = await ctx.fetch(url, { accept: 'text/html' });
      const parsed = parseTelegramPage(checkedHtml(res.text(), res.url, ctx.maxHtmlDepth), { channel: config.channel, firstPage: page === 0 });
      if (!parsed.items.length) break;
      const known = await ctx.knownExternalIds(parsed.items.map((i) => i.externalId!));
      items.push(...parsed.items.filter((i) => !known.has(i.externalId!)));
      rejected.push(...parsed.rejected);
      // Stop at the first page that reaches posts we already have: older pages hold nothing new.
      if (known.size > 0) break;
      const ids = parsed.items.map((i) => Number(i.externalId!.split('/')[1]));
      before = Math.min(...ids);
      if (!(before > 1)) break;
    }
    for (const item of items) item.language = config.language;
    return { items, rejected };
  },
});

/** Posts of one preview page, oldest first as Telegram lays them out. Pure. */
export function parseTelegramPage(page: string, opts: { channel: string; firstPage: boolean }): ParseResult {
  const $ = cheerio.load(page);
  const messages = $('.tgme_widget_message[data-post]');
  if (!messages.length && opts.firstPage && !$('.tgme_channel_info').length) {
    throw new ParseError(`Telegram channel @${opts.channel} does not exist or has no public preview`, {
      code: 'CHANNEL_NOT_FOUND',
    });
  }
  const result: ParseResult = { items: [], rejected: [] };
  messages.each((_, el) => {
    const msg = $(el);
    const post = msg.attr('data-post')!;
    if (!/^[A-Za-z0-9_]+\/\d+$/.test(post)) {
      result.rejected.push({ ref: post, reason: 'data-post is not "<channel>/<number>"' });
      return;
    }
    const textHtml = msg.find('.tgme_widget_message_text').first().html() ?? '';
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
        ...(msg.find('.tgme_widget_message_forwarded_from_name').length
          ? { forwarded_from: cleanText(msg.find('.tgme_widget_message_forwarded_from_name').first().text()) }
          : {}),
      },
    });
  });
  return result;
}

/** "3.71M" → 3710000, "12.5K" → 12500, "845" → 845. */
export function parseCount(text: string): number | null {
  const m = /^([\d.,]+)\s*([KMB])?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(',', '.'));
  const mult = { K: 1e3, M: 1e6, B: 1e9 }[(m[2] ?? '').toUpperCase() as 'K' | 'M' | 'B'] ?? 1;
  return Number.isFinite(n) ? Math.round(n * mult) : null;
}
