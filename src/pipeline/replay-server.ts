import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface ReplayOptions {
  /** Folder of recorded responses, served by path. */
  root: string;
  /** Extra paths mapped to files under root (e.g. "/s/durov" → a recorded Telegram page). */
  routes?: Record<string, string>;
  /** Paths that serve the files of a folder under root in name order, one per request, then the last. */
  sequences?: Record<string, string>;
  /** Handles a request before the files do; returns true when it answered. For tests' scripted cases. */
  handle?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;
}

export interface ReplayServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.html': 'text/html',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
};

/**
 * Serves recorded real-world responses on 127.0.0.1 with ETag/Last-Modified and 304s, as a real
 * site would: the offline demo pipeline and the tests' HTTP both go through it. Loopback only.
 */
export async function startReplayServer(opts: ReplayOptions): Promise<ReplayServer> {
  const root = path.resolve(opts.root);
  const counters = new Map<string, number>();
  const server = http.createServer(async (req, res) => {
    try {
      if (opts.handle && (await opts.handle(req, res))) return;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let file = resolveInside(root, opts.routes?.[url.pathname] ?? decodeURIComponent(url.pathname));
      const seqDir = opts.sequences?.[url.pathname];
      if (seqDir) {
        const dir = resolveInside(root, seqDir);
        const files = dir
          ? fs
              .readdirSync(dir)
              .filter((f) => !f.startsWith('.'))
              .sort()
          : [];
        const n = counters.get(url.pathname) ?? 0;
        counters.set(url.pathname, n + 1);
        file = files.length && dir ? path.join(dir, files[Math.min(n, files.length - 1)]!) : null;
      }
      if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = fs.readFileSync(file);
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      const lastModified = fs.statSync(file).mtime.toUTCString();
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag, 'last-modified': lastModified }).end();
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        etag,
        'last-modified': lastModified,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  // Idle keep-alive connections stay open until the client drops them or close() runs. With Node's
  // default (the server closes them after 5 s), a client reusing its pooled connection races that
  // close, and on a busy machine, where timers fire late, it loses: a request written just as the
  // server hangs up fails with ECONNRESET. A recording has no reason to hang up first.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A path under root, or null when it would escape it ("../" tricks). */
function resolveInside(root: string, rel: string): string | null {
  const full = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  return full === root || full.startsWith(root + path.sep) ? full : null;
}
