import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCount, parseTelegramPage } from '../../../src/sources/telegram.ts';
import { fixture } from '../../helpers/paths.ts';

const read = (f: string) => fs.readFileSync(fixture(f), 'utf8');

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

describe('parseCount', () => {
  it('reads Telegram view counts', () => {
    expect(parseCount('3.71M')).toBe(3_710_000);
    expect(parseCount('12.5K')).toBe(12_500);
    expect(parseCount('845')).toBe(845);
    expect(parseCount('')).toBeNull();
  });
});
