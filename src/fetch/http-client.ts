import { isIP } from 'node:net';
import { Agent, fetch } from 'undici';
import { ConfigError } from '../errors.ts';
import { allowedOrigin, bareHost, guardedLookup, privateAddressReason } from './address-guard.ts';
import { decodeBody } from './charset.ts';
import { FetchError } from './errors.ts';
import { HostLimiter } from './host-limiter.ts';
import { RobotsCache } from './robots.ts';

/** Settings of the one HTTP client. Pipelines override them per deployment. */
export interface HttpOptions {
  /** (Default: "Saring/<version> (+https://github.com/saring; hoax monitoring for Polri)") */
  userAgent: string;
  /** Whole request, body included. (Default: 20 000 ms) */
  timeoutMs: number;
  /** Largest body accepted, after decompression. (Default: 5 MiB) */
  maxBytes: number;
  /** (Default: 5) */
  maxRedirects: number;
  /** Extra attempts for 5xx, 429, timeouts and dropped connections. (Default: 2) */
  retries: number;
  /** First retry waits this long, doubling each time, with jitter. (Default: 1 000 ms) */
  backoffMs: number;
  /** (Default: 2) */
  perHostConcurrency: number;
  /** Minimum gap between request starts to one host. (Default: 1 000 ms) */
  perHostIntervalMs: number;
  /**
   * Private addresses this client may reach on every request, whoever asks: origins
   * (`http://10.0.0.5:8080`), or a bare host (`127.0.0.1`) for all its ports. Only for tests and
   * tools whose servers listen on a random loopback port: the runtime never sets it, because a
   * pipeline's allowances belong to its sources and travel with their requests
   * (`RequestOptions.allowOrigins`), so a tip's link never gets them. Every other private, loopback or
   * link-local address is refused, on the first request and on every redirect. (Default: none)
   */
  allowHosts: string[];
}

export const DEFAULT_USER_AGENT = 'Saring/0.1 (hoax monitoring for Polri; +https://github.com/saring/saring)';

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  userAgent: DEFAULT_USER_AGENT,
  timeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  backoffMs: 1_000,
  perHostConcurrency: 2,
  perHostIntervalMs: 1_000,
  allowHosts: [],
};

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export interface RequestOptions {
  accept?: string;
  /** Send If-None-Match / If-Modified-Since from these; a 304 answers `notModified`. */
  validators?: Validators;
  /** Check robots.txt first (html sources do; feeds are published to be fetched). */
  respectRobots?: boolean;
  signal?: AbortSignal;
  /**
   * Origins (`http://127.0.0.1:4321`) this request and its redirects may reach although they are
   * private: the allowance of the source asking (its pipeline entry's `allowHosts`). Exact origins:
   * another port or scheme on the same host is refused. (Default: none)
   */
  allowOrigins?: readonly string[];
  /** A smaller body cap for this request (an image), never a larger one than the client's. (Default: the client's maxBytes) */
  maxBytes?: number;
}

export interface HttpResponse {
  /** The URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string | null;
  body: Buffer;
  validators: Validators;
  /** The body decoded by its declared or sniffed charset. */
  text(): string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The one polite HTTP client: a User-Agent naming the project, timeouts, size caps (after
 * decompression, so a gzip bomb is cut off too), bounded redirects with loop detection,
 * conditional GET, per-host limits, robots.txt and retries with backoff on transient failures only.
 */
export class HttpClient {
  readonly options: HttpOptions;
  private readonly limiter: HostLimiter;
  private readonly robots: RobotsCache;
  private readonly allowHosts = new Set<string>();
  private readonly allowOrigins = new Set<string>();
  /** Refuses names that resolve to private addresses: every request to an origin not allowed. */
  private readonly guarded = new Agent({ connect: { lookup: guardedLookup() } });
  /** Plain resolution, used only for requests to an allowed origin. */
  private readonly trusted = new Agent();

  constructor(options: Partial<HttpOptions> = {}) {
    this.options = { ...DEFAULT_HTTP_OPTIONS, ...options };
    for (const entry of this.options.allowHosts) {
      if (!entry.includes('://')) {
        this.allowHosts.add(bareHost(entry));
        continue;
      }
      const o = allowedOrigin(entry);
      if ('error' in o) throw new ConfigError(`http.allowHosts: ${o.error}`);
      this.allowOrigins.add(o.origin);
    }
    this.limiter = new HostLimiter({
      concurrency: this.options.perHostConcurrency,
      minIntervalMs: this.options.perHostIntervalMs,
    });
    this.robots = new RobotsCache((url, o) => this.get(url, { accept: 'text/plain', ...o }));
  }

  async get(url: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FetchError('BAD_URL', url, 'bukan URL yang sah');
    }
    checkProtocol(parsed, url, 'protokol tidak didukung');
    if (opts.respectRobots && !(await this.robots.allows(parsed, this.options.userAgent, robotsOptions(opts)))) {
      throw new FetchError('ROBOTS_DISALLOWED', url, `dilarang oleh robots.txt situs (${parsed.origin}/robots.txt)`);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.followRedirects(parsed, opts);
      } catch (err) {
        if (!(err instanceof FetchError) || !err.retryable || attempt >= this.options.retries) throw err;
        const backoff = this.options.backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
        await sleep(Math.min(Math.max(backoff, err.retryAfterMs ?? 0), MAX_RETRY_AFTER_MS), opts.signal).catch((reason: unknown) => {
          throw new FetchError('ABORTED', url, 'permintaan dibatalkan saat menunggu percobaan ulang', { cause: reason });
        });
      }
    }
  }

  private async followRedirects(start: URL, opts: RequestOptions): Promise<HttpResponse> {
    const seen = new Set<string>();
    let current = start;
    for (let hop = 0; ; hop++) {
      seen.add(current.href);
      const res = await this.limiter.run(current.host, () => this.once(current, opts));
      if (!('location' in res)) return res;
      let next: URL;
      try {
        next = new URL(res.location, current);
      } catch {
        throw new FetchError('BAD_URL', current.href, `dialihkan ke lokasi yang tidak sah "${res.location}"`);
      }
      // Every hop is judged like the first URL: a data:, file: or ftp: target is refused, and the
      // address check happens in once() when the hop is requested.
      checkProtocol(next, current.href, 'dialihkan ke protokol yang tidak didukung');
      if (seen.has(next.href)) {
        throw new FetchError('TOO_MANY_REDIRECTS', start.href, `pengalihan berputar (redirect loop) di ${next.href}`);
      }
      if (hop + 1 > this.options.maxRedirects) {
        throw new FetchError('TOO_MANY_REDIRECTS', start.href, `lebih dari ${this.options.maxRedirects} kali pengalihan (redirect)`);
      }
      if (opts.respectRobots && !(await this.robots.allows(next, this.options.userAgent, robotsOptions(opts)))) {
        throw new FetchError('ROBOTS_DISALLOWED', next.href, `tujuan pengalihan dilarang oleh robots.txt situs (${next.origin}/robots.txt)`);
      }
      current = next;
    }
  }

  /** One request and its body, or the location of a redirect. */
  private async once(url: URL, opts: RequestOptions): Promise<HttpResponse | { location: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutSignal()), this.options.timeoutMs);
    const onAbort = () => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (opts.signal?.aborted) onAbort();
      const host = bareHost(url.hostname);
      const allowed = this.allows(url, opts.allowOrigins);
      // Names are checked as they are resolved (guardedLookup); IP literals never reach a lookup.
      const literal = isIP(host) && !allowed ? privateAddressReason(host) : null;
      if (literal) throw new FetchError('BLOCKED_ADDRESS', url.href, `ditolak: ${literal}`);
      const headers: Record<string, string> = { 'user-agent': this.options.userAgent };
      if (opts.accept) headers.accept = opts.accept;
      if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
      if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;

      const res = await fetch(url, { headers, redirect: 'manual', signal: controller.signal, dispatcher: allowed ? this.trusted : this.guarded });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location) throw new FetchError('HTTP_4XX', url.href, `HTTP ${res.status} tanpa header Location`, { status: res.status });
        return { location };
      }
      if (res.status >= 400) {
        await res.body?.cancel();
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        throw new FetchError(
          res.status >= 500 ? 'HTTP_5XX' : 'HTTP_4XX',
          url.href,
          `HTTP ${res.status} (${res.status >= 500 ? 'galat di server situs' : 'permintaan ditolak server'})`,
          {
            status: res.status,
            retryable: RETRYABLE_STATUS.has(res.status),
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          },
        );
      }
      const notModified = res.status === 304;
      const body = notModified ? Buffer.alloc(0) : await readCapped(res, url.href, Math.min(opts.maxBytes ?? Infinity, this.options.maxBytes));
      const contentType = res.headers.get('content-type');
      return {
        url: url.href,
        status: res.status,
        notModified,
        contentType,
        body,
        validators: notModified
          ? { etag: opts.validators?.etag ?? null, lastModified: opts.validators?.lastModified ?? null }
          : { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') },
        text: () => decodeBody(body, contentType).text,
      };
    } catch (err) {
      throw classify(err, url.href, controller.signal, this.options.timeoutMs);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Whether this URL's origin may be private: allowed for the whole client, or for this request. */
  private allows(url: URL, requestOrigins: readonly string[] | undefined): boolean {
    return this.allowOrigins.has(url.origin) || this.allowHosts.has(bareHost(url.hostname)) || (requestOrigins?.includes(url.origin) ?? false);
  }
}

function checkProtocol(url: URL, ref: string, what: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError('BAD_URL', ref, `${what} (${url.protocol})`);
}

/** What a robots.txt fetch inherits from the request it guards: cancellation and the origin allowance. */
function robotsOptions(opts: RequestOptions): Pick<RequestOptions, 'signal' | 'allowOrigins'> {
  return { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.allowOrigins ? { allowOrigins: opts.allowOrigins } : {}) };
}

class TimeoutSignal extends Error {}

async function readCapped(res: Response, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  // Content-Length counts compressed bytes; only an uncompressed body can be refused before reading.
  if (!res.headers.get('content-encoding') && declared > maxBytes) {
    await res.body?.cancel();
    throw new FetchError('TOO_LARGE', url, `isi ${declared} bita melebihi batas ${maxBytes} bita`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await res.body.cancel().catch(() => {});
      throw new FetchError('TOO_LARGE', url, `isi melebihi batas ${maxBytes} bita (setelah dekompresi)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function classify(err: unknown, url: string, signal: AbortSignal, timeoutMs: number): unknown {
  if (err instanceof FetchError) return err;
  if (signal.aborted) {
    if (signal.reason instanceof TimeoutSignal) {
      return new FetchError('TIMEOUT', url, `tidak ada jawaban lengkap dalam ${timeoutMs} ms`, { retryable: true });
    }
    return new FetchError('ABORTED', url, 'permintaan dibatalkan (aplikasi berhenti)', { cause: signal.reason });
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  if (code === 'EBLOCKEDADDRESS') return new FetchError('BLOCKED_ADDRESS', url, `ditolak: ${cause?.message ?? 'alamat privat'}`, { cause: err });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new FetchError('DNS', url, `nama host tidak ditemukan (${code})`, { retryable: code === 'EAI_AGAIN', cause: err });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return new FetchError('TIMEOUT', url, `waktu habis (${code})`, { retryable: true, cause: err });
  }
  const detail = cause?.message ?? (err as Error).message ?? String(err);
  // Refused and reset connections are worth another try: servers restart.
  return new FetchError('CONNECTION', url, `koneksi gagal: ${detail}${code ? ` (${code})` : ''}`, {
    retryable: true,
    cause: err,
  });
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}
