import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { feedRequests, mentions, parseMastodonStatuses, parseRsshubFeed } from '../../../src/sources/mentions.ts';
import { fixture } from '../../helpers/paths.ts';

// Real Mastodon answers: a public tag timeline of mastodon.social (platform-payloads-ajt10) and a
// hashtag timeline recorded from a Mastodon 4 test server (mastodon-api-cassettes); see their SOURCE.txt.
const tagTimeline = () => fs.readFileSync(fixture('platform-payloads-ajt10', 'mastodon_tag.json'), 'utf8');
const cassette = () => fs.readFileSync(fixture('mastodon-api-cassettes', 'bodies', 'test_hashtag_tl__02__GET_api_v1_timelines_tag_hoot__200.json'), 'utf8');
const config = (c: unknown) => mentions.config.parse(c);

describe('feedRequests', () => {
  it('builds a tag timeline per handle and an RSSHub route per handle of its platform', () => {
    const c = config({
      feeds: [
        { type: 'mastodon', instance: 'https://mastodon.social/' },
        { type: 'rsshub', base: 'https://rsshub.example', route: '/twitter/keyword/{handle}', platform: 'x' },
      ],
    });
    const own = [
      { handle: 'polresbeltim', platform: 'x' },
      { handle: 'humas.polresbeltim', platform: 'instagram' },
    ];
    expect(feedRequests(c, own)).toEqual([
      { type: 'mastodon', url: 'https://mastodon.social/api/v1/timelines/tag/polresbeltim?limit=40', via: 'https://mastodon.social #polresbeltim' },
      { type: 'mastodon', url: 'https://mastodon.social/api/v1/timelines/tag/humaspolresbeltim?limit=40', via: 'https://mastodon.social #humaspolresbeltim' },
      { type: 'rsshub', url: 'https://rsshub.example/twitter/keyword/polresbeltim', via: 'https://rsshub.example/twitter/keyword/polresbeltim', platform: 'x' },
    ]);
  });

  it('asks an RSSHub route nothing for handles registered on another platform', () => {
    const c = config({ feeds: [{ type: 'rsshub', base: 'https://rsshub.example', route: '/twitter/keyword/{handle}', platform: 'x' }] });
    expect(feedRequests(c, [{ handle: 'polresbeltim', platform: 'facebook' }])).toEqual([]);
    expect(feedRequests(c, [{ handle: 'polresbeltim', platform: null }])).toHaveLength(1);
  });

  it('refuses a route without {handle} and a handle that is none, naming the field', () => {
    const bad = mentions.config.safeParse({
      handles: ['@polres beltim'],
      feeds: [{ type: 'rsshub', base: 'https://rsshub.example', route: '/twitter/user', platform: 'x' }],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['handles.0', 'feeds.0.route']));
  });
});

describe('parseMastodonStatuses', () => {
  it('reads a real tag timeline: text from the HTML, author, link, time and engagement', () => {
    const r = parseMastodonStatuses(tagTimeline(), { own: [{ handle: 'polresbeltim', platform: null }], via: 'https://mastodon.social #ai' });
    expect(r.rejected).toEqual([]);
    expect(r.own).toBe(0);
    expect(r.items).toHaveLength(3);
    expect(r.items[0]).toMatchObject({
      externalId: 'https://mastodon.social/ap/users/116868947609378765/statuses/117057415357302637',
      url: 'https://mastodon.social/@opensourceaitech/117057415357302637',
      author: '@opensourceaitech',
      language: 'en',
      publishedAt: new Date('2026-08-08T02:00:09.149Z'),
      engagement: { replies: 0, shares: 0, likes: 0 },
      raw: { platform: 'mastodon', mentions: [] },
    });
    expect(r.items[0]!.text).toMatch(/^Unstructured just hit 49\/100 on Olud Pulse/);
    expect(r.items[0]!.text).not.toMatch(/<|&amp;/);
    expect(r.items[1]!.author).toBe('@techwire@gamefan.net');
  });

  it("leaves out the Polres's own posts and reads a recorded Mastodon 4 answer", () => {
    const recorded = JSON.parse(cassette()) as Array<{ account: { username: string } }>;
    const owner = recorded[0]!.account.username;
    const r = parseMastodonStatuses(cassette(), { own: [{ handle: owner, platform: null }], via: 'local #hoot' });
    expect(r.own).toBe(recorded.length);
    expect(r.items).toEqual([]);
    // Registered for another platform only: the same name on Mastodon is someone else.
    const other = parseMastodonStatuses(cassette(), { own: [{ handle: owner, platform: 'x' }], via: 'local #hoot' });
    expect(other.own).toBe(0);
    expect(other.items).toHaveLength(recorded.length);
  });

  it('rejects what is not a status, costing only it, and refuses a body that is no timeline', () => {
    const [first] = JSON.parse(tagTimeline()) as unknown[];
    const r = parseMastodonStatuses(JSON.stringify([{ id: 1 }, first]), { own: [], via: 'm #x' });
    expect(r.items).toHaveLength(1);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.ref).toBe('m #x status 1');
    expect(r.rejected[0]!.reason).toMatch(/id/);
    expect(() => parseMastodonStatuses('{"error":"Record not found"}', { own: [], via: 'm #x' })).toThrow(/not a Mastodon timeline/);
    expect(() => parseMastodonStatuses('<html>', { own: [], via: 'm #x' })).toThrow(/not JSON/);
  });
});

describe('parseRsshubFeed', () => {
  const feed = `<?xml version="1.0" encoding="UTF-8"?><rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel><title>Twitter Keyword - polresbeltim</title><link>https://x.com/search?q=polresbeltim</link><description>Twitter Keyword - polresbeltim - Powered by RSSHub</description><generator>RSSHub</generator><language>en</language>
<item><title><![CDATA[Jalan rusak di Gantung @polresbeltim]]></title><description><![CDATA[Jalan rusak di Gantung @polresbeltim<br>]]></description><link>https://x.com/Warga_Gantung/status/1</link><guid isPermaLink="false">https://x.com/Warga_Gantung/status/1</guid><pubDate>Mon, 01 Dec 2025 02:10:00 GMT</pubDate><author><![CDATA[Warga Gantung]]></author></item>
<item><title><![CDATA[Patroli malam ini]]></title><description><![CDATA[Patroli malam ini]]></description><link>https://twitter.com/PolresBeltim/status/2</link><guid isPermaLink="false">https://twitter.com/PolresBeltim/status/2</guid><pubDate>Mon, 01 Dec 2025 01:00:00 GMT</pubDate><author><![CDATA[Polres Belitung Timur]]></author></item>
</channel></rss>`;

  it("takes the poster's handle from the link and leaves out the Polres's own", async () => {
    const r = await parseRsshubFeed(feed, {
      own: [{ handle: 'polresbeltim', platform: 'x' }],
      via: 'rsshub',
      platform: 'x',
      baseUrl: 'https://rsshub.example/',
    });
    expect(r.own).toBe(1);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ author: '@warga_gantung', raw: { platform: 'x', author_name: 'Warga Gantung', mentions: ['polresbeltim'] } });
  });
});
