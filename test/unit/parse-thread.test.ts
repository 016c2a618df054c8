import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { OFF_LOOP_CHARS, ParseThread, parseOffLoop } from '../../src/sources/parse-thread.ts';
import { parseFeed } from '../../src/sources/rss.ts';

const item = (i: number, field: string) =>
  `<item><title>Kabar ${i}</title><link>http://127.0.0.1/berita/${i}</link><pubDate>Mon, 01 Jun 2026 08:00:00 GMT</pubDate>${field}</item>`;
const rss = (items: string) =>
  `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Uji</title>${items}</channel></rss>`;
// 2 MB of flat markup: a third of a second or more of parsing on the loop.
const FLAT = rss(
  item(1, `<description><![CDATA[${Array.from({ length: 60_000 }, (_, i) => `<p>Paragraf ${i} <b>kabar</b> &amp; teks.</p>`).join('')}]]></description>`),
);
const NESTED = rss(
  item(2, `<content:encoded><![CDATA[${'<div>'.repeat(300_000)}x${'</div>'.repeat(300_000)}]]></content:encoded>`) +
    item(3, '<description>biasa</description>'),
);

const threads: ParseThread[] = [];
afterAll(() => Promise.all(threads.map((t) => t.close())));

// Each thread loads TypeScript afresh (seconds on a busy machine); the timeout only guards a hang.
describe('parse thread', { timeout: 120_000 }, () => {
  it('parses a large feed off the loop with the same result as inline, dates still dates', async () => {
    expect(FLAT.length).toBeGreaterThan(OFF_LOOP_CHARS);
    const thread = new ParseThread();
    threads.push(thread);
    for (const body of [FLAT, NESTED]) {
      const off = await thread.run('feed', [body, { baseUrl: 'http://127.0.0.1/' }]);
      expect(off).toEqual(await parseFeed(body, { baseUrl: 'http://127.0.0.1/' }));
      expect(off.items[0]!.publishedAt).toBeInstanceOf(Date);
    }
    const nested = await thread.run('feed', [NESTED, { baseUrl: 'http://127.0.0.1/' }]);
    expect(nested.rejected).toEqual([
      { ref: 'entry 1 content:encoded', reason: 'HTML bersarang lebih dari 512 elemen; ditolak tanpa diurai; kolom dibuang, entri disimpan' },
    ]);
  });

  it('keeps the event loop turning while it parses', async () => {
    const thread = new ParseThread();
    threads.push(thread);
    await thread.run('feed', ['<rss><channel></channel></rss>', { baseUrl: 'http://127.0.0.1/' }]); // started and warm
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await thread.run('feed', [FLAT, { baseUrl: 'http://127.0.0.1/' }]);
    } finally {
      clearInterval(timer);
    }
    // Parsed here, the loop would not turn once until the parse ends (0 ticks): it is one synchronous call.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('refuses off the loop with the same error and code as inline', async () => {
    const login = `<!doctype html><html><body><form action="/login"><input type="password"></form>${'<p>x</p>'.repeat(40_000)}</body></html>`;
    expect(login.length).toBeGreaterThan(OFF_LOOP_CHARS);
    const err = await parseOffLoop('feed', login, { baseUrl: 'http://127.0.0.1/', contentType: 'text/html' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ code: 'LOGIN_WALL', message: 'bukan feed: yang diterima halaman masuk (login); sumber kini meminta akun' });
    const deep = `<html><body>${'<div>'.repeat(100_000)}</body></html>`;
    await expect(parseOffLoop('article', deep, 'http://127.0.0.1/berita/9', 512)).rejects.toMatchObject({
      code: 'HTML_TOO_DEEP',
      message: 'http://127.0.0.1/berita/9: HTML bersarang lebih dari 512 elemen; ditolak tanpa diurai',
    });
  });

  it('fails only the bodies a dying thread held, and starts a new thread for the next', async () => {
    const thread = new ParseThread(new URL('../fixtures/parse-thread/dies.mjs', import.meta.url));
    threads.push(thread);
    expect(await thread.run('feed', ['abc', { baseUrl: 'http://127.0.0.1/' }])).toBe(3);
    const died = thread.run('feed', ['die', { baseUrl: 'http://127.0.0.1/' }]);
    await expect(died).rejects.toBeInstanceOf(ParseError);
    await expect(died).rejects.toMatchObject({ code: 'PARSE_THREAD_DIED', message: 'thread pengurai berhenti (kode keluar 3); isi tidak diurai' });
    expect(await thread.run('feed', ['abcd', { baseUrl: 'http://127.0.0.1/' }])).toBe(4);
  });
});
