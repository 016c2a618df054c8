import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/fetch/http-client.ts';
import { startReplayServer, type ReplayServer } from '../../../src/pipeline/replay-server.ts';
import { fixture, LOCAL_HTTP } from '../../helpers/paths.ts';

// A real server on 127.0.0.1 with scripted misbehaviour; recorded fixtures behind it.
let server: ReplayServer;
const hits = new Map<string, number[]>();
const inFlight = { now: 0, max: 0 };
const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024)); // 50 MB of zeros in ~50 KB

beforeAll(async () => {
  server = await startReplayServer({
    root: fixture(),
    handle(req, res) {
      const url = new URL(req.url!, 'http://x');
      const p = url.pathname;
      hits.set(p, [...(hits.get(p) ?? []), Date.now()]);
      const n = hits.get(p)!.length;
      switch (p) {
        case '/robots.txt':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
          return true;
        case '/slow-body':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('mulai…');
          return true; // never ends
        case '/endless': {
          res.writeHead(200, { 'content-type': 'application/xml' });
          const chunk = Buffer.alloc(64 * 1024, 'a');
          const pump = () => {
            while (res.write(chunk)) if (res.destroyed) return;
            res.once('drain', pump);
          };
          res.on('error', () => {});
          pump();
          return true;
        }
        case '/declared-huge':
          res.writeHead(200, { 'content-length': String(200 * 1024 * 1024) });
          res.write('x');
          return true;
        case '/gzip-bomb':
          res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/xml' }).end(bomb);
          return true;
        case '/loop-a':
          res.writeHead(302, { location: '/loop-b' }).end();
          return true;
        case '/loop-b':
          res.writeHead(301, { location: '/loop-a' }).end();
          return true;
        case '/hop':
          res
            .writeHead(302, {
              location: Number(url.searchParams.get('n')) > 0 ? `/hop?n=${Number(url.searchParams.get('n')) - 1}` : '/tempo-cekfakta-feed/SOURCE.txt',
            })
            .end();
          return true;
        case '/flaky':
          if (n <= 2) res.writeHead(503).end('sibuk');
          else res.writeHead(200, { 'content-type': 'text/plain' }).end('akhirnya');
          return true;
        case '/rate-limited':
          if (n === 1) res.writeHead(429, { 'retry-after': '0' }).end();
          else res.writeHead(200).end('ok');
          return true;
        case '/redirect':
          // A "public" page that sends the client on to wherever the query says (SSRF by redirect).
          res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
          return true;
        case '/gone':
          res.writeHead(404).end();
          return true;
        case '/held':
          // Answers after a moment, so requests the client let overlap would be seen overlapping.
          inFlight.now++;
          inFlight.max = Math.max(inFlight.max, inFlight.now);
          setTimeout(() => {
            inFlight.now--;
            res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          }, 20);
          return true;
        case '/latin1':
          res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' }).end(Buffer.from('<p>Kapolres: \x93waspada\x94</p>', 'latin1'));
          return true;
        default:
          return false;
      }
    },
  });
});
afterAll(() => server.close());

const client = (o: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ ...LOCAL_HTTP, perHostIntervalMs: 0, backoffMs: 10, retries: 2, timeoutMs: 2_000, ...o });

describe('HttpClient', () => {
  it('fetches a recorded feed and answers a conditional GET with 304', async () => {
    const http = client();
    const url = `${server.url}/tempo-cekfakta-feed/snapshots-cekfakta/free-cekfakta_20250626T0513.xml`;
    const first = await http.get(url);
    expect(first.status).toBe(200);
    expect(first.text()).toContain('Keliru: Video Kondisi Tel Aviv');
    expect(first.validators.etag).toMatch(/^".+"$/);
    const second = await http.get(url, { validators: first.validators });
    expect(second).toMatchObject({ status: 304, notModified: true });
    expect(second.body.length).toBe(0);
  });

  it('times out a server that never finishes its body', async () => {
    await expect(client({ timeoutMs: 300, retries: 0 }).get(`${server.url}/slow-body`)).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('cuts off an endless body at the size cap', async () => {
    await expect(client({ maxBytes: 1024 * 1024 }).get(`${server.url}/endless`)).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('refuses a declared 200 MB body before reading it', async () => {
    await expect(client().get(`${server.url}/declared-huge`)).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('209715200 bita') });
  });

  it('counts decompressed bytes, so a gzip bomb hits the cap', async () => {
    await expect(client({ maxBytes: 5 * 1024 * 1024 }).get(`${server.url}/gzip-bomb`)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('setelah dekompresi'),
    });
  });

  it('detects redirect loops and bounds redirect chains', async () => {
    await expect(client().get(`${server.url}/loop-a`)).rejects.toMatchObject({
      code: 'TOO_MANY_REDIRECTS',
      message: expect.stringContaining('pengalihan berputar'),
    });
    await expect(client({ maxRedirects: 3 }).get(`${server.url}/hop?n=5`)).rejects.toMatchObject({ code: 'TOO_MANY_REDIRECTS' });
    const ok = await client({ maxRedirects: 3 }).get(`${server.url}/hop?n=1`);
    expect(ok.url).toBe(`${server.url}/tempo-cekfakta-feed/SOURCE.txt`);
  });

  it('retries 5xx and 429 with backoff, but not 4xx', async () => {
    expect((await client().get(`${server.url}/flaky`)).text()).toBe('akhirnya');
    expect(hits.get('/flaky')).toHaveLength(3);
    expect((await client().get(`${server.url}/rate-limited`)).text()).toBe('ok');
    await expect(client().get(`${server.url}/gone`)).rejects.toMatchObject({ code: 'HTTP_4XX', status: 404 });
    expect(hits.get('/gone')).toHaveLength(1);
  });

  it('gives up on a server that keeps failing, naming the status', async () => {
    hits.delete('/flaky');
    await expect(client({ retries: 1 }).get(`${server.url}/flaky`)).rejects.toMatchObject({
      code: 'HTTP_5XX',
      status: 503,
      message: expect.stringContaining('/flaky: HTTP 503 (galat di server situs)'),
    });
  });

  it('respects robots.txt when asked to', async () => {
    await expect(client().get(`${server.url}/private/page`, { respectRobots: true })).rejects.toMatchObject({
      code: 'ROBOTS_DISALLOWED',
      message: `${server.url}/private/page: dilarang oleh robots.txt situs (${server.url}/robots.txt)`,
    });
    await expect(client().get(`${server.url}/private/page`)).rejects.toMatchObject({ code: 'HTTP_4XX' }); // not asked: fetched (404)
    expect((await client().get(`${server.url}/latin1`, { respectRobots: true })).status).toBe(200);
  });

  it('decodes a latin-1 page the way browsers do', async () => {
    expect((await client().get(`${server.url}/latin1`)).text()).toBe('<p>Kapolres: \u201cwaspada\u201d</p>');
  });

  it('sends requests to one host through the per-host limiter', async () => {
    // The spacing itself is HostLimiter's, tested on a fake clock (host-limiter.test.ts): measured here
    // on arrival it would include connection set-up, which a busy machine stretches and shrinks.
    const http = client({ perHostConcurrency: 1, perHostIntervalMs: 30 });
    await Promise.all([1, 2, 3].map(() => http.get(`${server.url}/held`)));
    expect(hits.get('/held')).toHaveLength(3);
    expect(inFlight.max).toBe(1);
  });

  it('classifies refused connections and bad URLs, and stops when cancelled', async () => {
    await expect(client({ retries: 0 }).get('http://127.0.0.1:9/')).rejects.toMatchObject({ code: 'CONNECTION' });
    await expect(client().get('ftp://example.org/x')).rejects.toMatchObject({ code: 'BAD_URL' });
    const ac = new AbortController();
    const pending = client({ timeoutMs: 5_000 }).get(`${server.url}/slow-body`, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('shutdown')), 50);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('refuses private, loopback, link-local and metadata addresses unless the host is allowed', async () => {
    const port = new URL(server.url).port;
    const strict = client({ allowHosts: [], retries: 0 });
    for (const url of [
      `${server.url}/never`,
      'http://10.1.2.3/',
      'http://[::1]:' + port + '/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:127.0.0.1]:' + port + '/',
      `http://localhost:${port}/never`,
    ]) {
      await expect(strict.get(url), url).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS', message: expect.stringMatching(/ditolak: .*(privat|loopback)/) });
    }
    // Nothing reached the server: the check happens before connecting.
    expect(hits.get('/never')).toBeUndefined();
  });

  it('checks every redirect hop, so an allowed host cannot bounce the client into the private network', async () => {
    const port = new URL(server.url).port;
    for (const to of [`http://[::1]:${port}/gone`, 'http://169.254.169.254/latest/meta-data/', `http://localhost:${port}/gone`, 'http://192.168.1.1/admin']) {
      await expect(client({ retries: 0 }).get(`${server.url}/redirect?to=${encodeURIComponent(to)}`), to).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
    }
    const ok = await client({ allowHosts: ['127.0.0.1', 'localhost'] }).get(
      `${server.url}/redirect?to=${encodeURIComponent(`http://localhost:${port}/tempo-cekfakta-feed/SOURCE.txt`)}`,
    );
    expect(ok.status).toBe(200);
  });

  it('refuses a redirect from an allowed host to a data:, file: or ftp: URL, and IPv4-compatible IPv6 addresses', async () => {
    for (const to of ['data:text/plain,bukan-halaman', 'data:text/html;base64,PGgxPnJhaGFzaWE8L2gxPg==', 'file:///etc/passwd', 'ftp://example.org/x']) {
      await expect(client({ retries: 0 }).get(`${server.url}/redirect?to=${encodeURIComponent(to)}`), to).rejects.toMatchObject({
        code: 'BAD_URL',
        message: expect.stringMatching(/dialihkan ke protokol yang tidak didukung \((data|file|ftp):\)/),
      });
    }
    const port = new URL(server.url).port;
    // ::7f00:1 is 127.0.0.1 written as an IPv4-compatible IPv6 address (::/96).
    for (const url of [
      `http://[::7f00:1]:${port}/never`,
      `http://[::a00:1]/`,
      `${server.url}/redirect?to=${encodeURIComponent(`http://[::7f00:1]:${port}/never`)}`,
    ]) {
      await expect(client({ allowHosts: [], retries: 0 }).get(url), url).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
    }
  });

  it('allows a private origin exactly (scheme, host and port) and only for the request that carries it', async () => {
    // Another service on the same machine: what an allowance for the replay server must not reach.
    const other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('rahasia layanan lain'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const strict = client({ allowHosts: [], retries: 0 });
      const allowOrigins = [new URL(server.url).origin];
      const feed = `${server.url}/tempo-cekfakta-feed/SOURCE.txt`;
      expect((await strict.get(feed, { allowOrigins })).status).toBe(200);
      // Not carried by this request (a tip's link): refused, although another request may reach it.
      await expect(strict.get(feed), 'no allowance').rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
      for (const url of [
        `${otherUrl}/`,
        `${server.url}/redirect?to=${encodeURIComponent(`${otherUrl}/`)}`,
        feed.replace('http://127.0.0.1', 'http://localhost'),
      ]) {
        await expect(strict.get(url, { allowOrigins }), url).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
      }
      // A client-level origin entry is exact too; an entry that is not an origin is refused by name.
      const byOrigin = client({ allowHosts: [otherUrl], retries: 0 });
      expect((await byOrigin.get(`${otherUrl}/`)).text()).toBe('rahasia layanan lain');
      await expect(byOrigin.get(feed)).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
      expect(() => client({ allowHosts: [`${otherUrl}/admin`] })).toThrow(/http.allowHosts: .* is not an origin: leave out the path/);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});
