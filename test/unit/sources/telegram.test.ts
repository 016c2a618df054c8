import fs from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { parseCount, parseTelegramPage } from '../../../src/sources/telegram.ts';
import { fixture, PROJECT_DIR } from '../../helpers/paths.ts';

const read = (f: string) => fs.readFileSync(fixture(f), 'utf8');
/** Real t.me/s/durov pages and real service messages; provenance in test/fixtures/telegram-paging/SOURCE.txt. */
const paging = (f: string) => fs.readFileSync(path.join(PROJECT_DIR, 'test/fixtures/telegram-paging', f), 'utf8');
const durov = { channel: 'durov', firstPage: true };
const range = (from: number, to: number, skip: number[] = []) => Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => !skip.includes(n));

/** The words of each post's own text, read independently of the parser (cheerio's text, <br> as a space). */
function wordsOnPage(html: string): Map<string, string[]> {
  const $ = cheerio.load(html.replace(/<br\s*\/?>/gi, ' '));
  const out = new Map<string, string[]>();
  $('.tgme_widget_message[data-post]').each((_, el) => {
    const text = $(el).find('.js-message_text').first().text();
    out.set($(el).attr('data-post')!, text.split(/\s+/).filter(Boolean));
  });
  return out;
}

describe('parseTelegramPage', () => {
  it('reads a real post: id, link, author, date, views, text without HTML', () => {
    const { items, rejected } = parseTelegramPage(read('telegram-preview-html/d954mas/single-post-embed.html'), { channel: 'durov', firstPage: true });
    expect(rejected).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      externalId: 'durov/505',
      url: 'https://t.me/durov/505',
      author: 'Pavel Durov',
      engagement: { views: 3_710_000 },
      raw: { media: true },
    });
    expect(items[0]!.publishedAt?.toISOString()).toBe('2026-05-08T17:41:53.000Z');
    expect(items[0]!.text.length).toBeGreaterThan(20);
    expect(items[0]!.text).not.toMatch(/<[a-z]/i);
  });

  it('reports a channel that does not exist by name', () => {
    expect(() =>
      parseTelegramPage(read('telegram-preview-html/d954mas/channel-not-found.html'), { channel: 'zzqxnonexistenthandle99887766', firstPage: true }),
    ).toThrow(expect.objectContaining({ code: 'CHANNEL_NOT_FOUND', message: expect.stringContaining('@zzqxnonexistenthandle99887766') }));
  });

  it('finds no posts in a page whose message wrappers were stripped', () => {
    // platform-payloads' t.me/s/telegram page keeps the real head but not the per-message markup.
    expect(() => parseTelegramPage(read('platform-payloads-ajt10/telegram_channel.html'), { channel: 'telegram', firstPage: true })).toThrow(
      expect.objectContaining({ code: 'CHANNEL_NOT_FOUND' }),
    );
  });
});

describe('parseTelegramPage on a real multi-post listing (t.me/s/durov, newest page)', () => {
  const html = paging('durov-latest.html');
  const page = parseTelegramPage(html, durov);

  it('reads every post, oldest first, with its id and link', () => {
    expect(page.rejected).toEqual([]);
    // 503..522 but 511: the album posted as 510 holds message 511 too, and Telegram shows it as one post.
    const ids = range(503, 522, [511]);
    expect(page.items.map((i) => i.externalId)).toEqual(ids.map((n) => `durov/${n}`));
    expect(page.items.map((i) => i.url)).toEqual(ids.map((n) => `https://t.me/durov/${n}`));
    expect(new Set(page.items.map((i) => i.author))).toEqual(new Set(['Pavel Durov']));
  });

  it('dates each post from its own <time datetime>, in order', () => {
    const dates = page.items.map((i) => i.publishedAt!.toISOString());
    expect(dates[0]).toBe('2026-05-06T15:57:26.000Z');
    expect(dates.at(-1)).toBe('2026-06-01T15:46:12.000Z');
    expect([...dates].sort()).toEqual(dates);
    // Video posts carry a second, undated <time> (the duration); it is never taken for the date.
    expect(page.items.find((i) => i.externalId === 'durov/512')!.publishedAt!.toISOString()).toBe('2026-05-14T12:38:57.000Z');
  });

  it('keeps every word of every text, in order, with entities and emoji decoded', () => {
    const words = wordsOnPage(html);
    for (const item of page.items) expect(item.text.split(/\s+/).filter(Boolean), item.externalId!).toEqual(words.get(item.externalId!) ?? []);
    const text = (n: number) => page.items.find((i) => i.externalId === `durov/${n}`)!.text;
    expect(text(503)).toBe(
      '🏁 TON leads Layer-1 blockchains in finality time.\n\n🔗 Sources: https://telegra.ph/Comparison-of-Layer-1-blockchains-by-finalization-time-05-01',
    );
    expect(text(506)).toContain('We’ve distributed $75,000 among the best designers');
    expect(text(506)).toContain('Great work! 👏');
    expect(text(512).startsWith('🕵️‍♂️ Now you can search')).toBe(true);
    expect(page.items.map((i) => i.text).join(' ')).not.toMatch(/<[a-z]|&#\d+;|&(amp|quot|nbsp);/i);
  });

  it('reads view counts and marks posts with photos, videos and albums', () => {
    expect(page.items.map((i) => i.engagement?.views)).toEqual([
      14_000_000, 15_200_000, 3_710_000, 2_740_000, 2_760_000, 2_760_000, 2_540_000, 2_640_000, 2_190_000, 2_510_000, 2_170_000, 2_100_000, 2_460_000,
      2_150_000, 2_370_000, 2_430_000, 2_540_000, 1_850_000, 1_650_000,
    ]);
    const withMedia = page.items.filter((i) => i.raw?.media).map((i) => Number(i.externalId!.split('/')[1]));
    expect(withMedia).toEqual([503, 505, 507, 508, 510, 512, 515, 517, 518, 519, 522]);
  });

  it('keeps a photo posted without a caption, with no text, and an emoji-only post', () => {
    const photo = page.items.find((i) => i.externalId === 'durov/522')!;
    expect(photo).toMatchObject({ text: '', url: 'https://t.me/durov/522', raw: { media: true }, engagement: { views: 1_650_000 } });
    expect(photo.publishedAt!.toISOString()).toBe('2026-06-01T15:46:12.000Z');
    expect(page.items.find((i) => i.externalId === 'durov/516')!.text).toBe('🎁');
    // The album: one post, the caption under its two photos.
    expect(page.items.find((i) => i.externalId === 'durov/510')!.text).toMatch(/^🌍 With 400 validators across 6 continents/);
  });

  it('takes the older-page cursor from the "load more" link', () => {
    expect(page.before).toBe(503);
  });
});

describe('parseTelegramPage on the real ?before=503 page of the same channel', () => {
  const html = paging('durov-before-503.html');
  const page = parseTelegramPage(html, { channel: 'durov', firstPage: false });

  it('reads the 20 posts before 503, oldest first, none of the newer page', () => {
    expect(page.rejected).toEqual([]);
    expect(page.items.map((i) => i.externalId)).toEqual(range(481, 502, [484, 492]).map((n) => `durov/${n}`));
    const dates = page.items.map((i) => i.publishedAt!.toISOString());
    expect(dates[0]).toBe('2026-04-08T22:36:42.000Z');
    expect(dates.at(-1)).toBe('2026-05-05T15:46:44.000Z');
    expect([...dates].sort()).toEqual(dates);
    const words = wordsOnPage(html);
    for (const item of page.items) expect(item.text.split(/\s+/).filter(Boolean), item.externalId!).toEqual(words.get(item.externalId!) ?? []);
    expect(page.items.find((i) => i.externalId === 'durov/497')!.text).toMatch(/^France's "Agency for Secure Documents" was hacked\./);
  });

  it('takes the "load more" cursor (481), not the link to newer posts this page also has (after=502)', () => {
    expect(html).toContain('data-after="502"');
    expect(page.before).toBe(481);
  });
});

describe('parseTelegramPage: service messages and replies', () => {
  it('leaves out real service messages ("Channel created", "… pinned «…»")', () => {
    const page = parseTelegramPage(paging('tchan-service-messages.html'), { channel: 'tchantest', firstPage: false });
    expect(page).toEqual({ items: [], rejected: [], before: null });
  });

  it("reads a reply's own text, not the quoted post's", () => {
    // Reply markup as public scrapers document it (a.tgme_widget_message_reply holding a
    // .tgme_widget_message_text.js-message_reply_text), put into the real post 504: no recorded reply page.
    const html = paging('durov-latest.html').replace(
      /(data-post="durov\/504"[\s\S]*?)(<div class="tgme_widget_message_text js-message_text")/,
      '$1<a class="tgme_widget_message_reply" href="https://t.me/durov/503"><div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name" dir="auto">Pavel Durov</span></div><div class="tgme_widget_message_text js-message_reply_text" dir="auto">TON leads Layer-1 blockchains in finality time.</div></a>$2',
    );
    expect(html).toContain('js-message_reply_text');
    const post = parseTelegramPage(html, durov).items.find((i) => i.externalId === 'durov/504')!;
    expect(post.text).toMatch(/^Huge Telegram update — 10 major new features/);
  });
});

describe('parseCount', () => {
  it('reads Telegram view counts', () => {
    expect(parseCount('3.71M')).toBe(3_710_000);
    expect(parseCount('12.5K')).toBe(12_500);
    expect(parseCount('845')).toBe(845);
    expect(parseCount('')).toBeNull();
  });
});
