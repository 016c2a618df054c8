import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sendPage } from '../../../src/web/html-body.ts';
import { html } from '../../../src/web/views/html.ts';

/** The same routes answered by c.html and by sendPage: what a client receives must not change. */
function app(bytes: boolean) {
  const a = new Hono();
  type Page = Parameters<typeof sendPage>[1];
  const send = (c: Context, page: Page, status?: ContentfulStatusCode) => (bytes ? sendPage(c, page, status) : c.html(page as string, status));
  // A header set after the handler, as the desk's Cache-Control and security headers are.
  a.use('*', async (c, next) => {
    await next();
    c.res.headers.set('x-after', 'ya');
  });
  a.get('/object', (c) => send(c, html`<p>${'Polres Belitung Timur — klarifikasi 🚓 "hoaks" <b>'}</p>`));
  a.get('/promise', (c) => send(c, html`<p>${Promise.resolve(html`<i>${'nanti & sebentar'}</i>`)}</p>`));
  a.get('/plain', (c) => send(c, '<p>teks biasa</p>', 201));
  a.get('/error', (c) => send(c, html`<p>${'tidak ditemukan'}</p>`, 404));
  a.get('/prepared', (c) => {
    c.header('x-prepared', 'tiga');
    c.header('content-security-policy', "default-src 'self'");
    c.status(203);
    return send(c, html`<p>disiapkan</p>`);
  });
  a.get('/json', (c) => c.json({ ok: true }));
  return a;
}

const PATHS = ['/object', '/promise', '/plain', '/error', '/prepared', '/json'];

async function snapshot(res: Response) {
  return { status: res.status, headers: [...res.headers.entries()].filter(([k]) => k !== 'content-length'), body: await res.text() };
}

describe('sendPage', () => {
  it('sends the same status, headers and body as c.html for every kind of page', async () => {
    const plain = app(false);
    const bytes = app(true);
    for (const p of PATHS) {
      const want = await snapshot(await plain.request(p));
      const got = await snapshot(await bytes.request(p));
      expect(got, p).toEqual(want);
    }
    expect((await snapshot(await bytes.request('/object'))).body).toBe('<p>Polres Belitung Timur — klarifikasi 🚓 &quot;hoaks&quot; &lt;b&gt;</p>');
    expect((await snapshot(await bytes.request('/promise'))).body).toBe('<p><i>nanti &amp; sebentar</i></p>');
  });

  it('over a real socket: the UTF-8 page whole, its Content-Length in bytes, and headers set after the handler', async () => {
    const server = serve({ fetch: app(true).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/object`);
      const body = await res.text();
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(res.headers.get('x-after')).toBe('ya');
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
      expect(body).toContain('🚓');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
