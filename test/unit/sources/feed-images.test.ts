import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/fetch/charset.ts';
import { parseFeed } from '../../../src/sources/rss.ts';
import { parseTelegramPage } from '../../../src/sources/telegram.ts';
import { fixture } from '../../helpers/paths.ts';

const read = (...p: string[]) => decodeBody(fs.readFileSync(fixture(...p))).text;

describe('image URLs kept by the parsers (raw.images, fetched by the images stage)', () => {
  it('keeps a Telegram post’s photo from its background-image style', () => {
    const { items } = parseTelegramPage(read('telegram-preview-html/d954mas/single-post-embed.html'), { channel: 'durov', firstPage: true });
    const images = items[0]!.raw!.images as string[];
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^https:\/\/cdn4\.telesco\.pe\/file\/BUa-bBGjvJpUmF75VLwQ.*\.jpg$/);
  });

  it('keeps Media RSS images of a real feed', async () => {
    const { items } = await parseFeed(read('feed-rs-fixtures/fixture/atom/atom_mediarss_newscred_1.xml'), { baseUrl: 'https://example.com/' });
    const withImages = items.filter((i) => Array.isArray(i.raw?.images));
    expect(withImages.length).toBeGreaterThan(0);
    expect((withImages[0]!.raw!.images as string[])[0]).toBe('https://www.example.com/Zz1hNjRiMWFjMzdhYWIzNTEwNjk2YjIzYjc5NWQxNWFlMA==/.jpeg');
  });

  it('keeps image enclosures and JSON Feed images, never other media or non-http links', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://x.id/a</link>
      <enclosure url="https://x.id/foto.jpg" type="image/jpeg" length="1"/><enclosure url="https://x.id/suara.mp3" type="audio/mpeg" length="1"/>
      <media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="javascript:alert(1)"/></item></channel></rss>`;
    const r = await parseFeed(rss, { baseUrl: 'https://x.id/' });
    expect(r.items[0]!.raw!.images).toEqual(['https://x.id/foto.jpg']);
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      items: [
        { id: '1', url: 'https://x.id/1', content_text: 'teks', image: '/poster.png', attachments: [{ url: 'https://x.id/v.mp4', mime_type: 'video/mp4' }] },
      ],
    });
    const j = await parseFeed(json, { baseUrl: 'https://x.id/feed.json' });
    expect(j.items[0]!.raw).toEqual({ images: ['https://x.id/poster.png'] });
  });
});
