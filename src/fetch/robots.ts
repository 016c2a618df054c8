import { createRequire } from 'node:module';
import { FetchError } from './errors.ts';
import type { HttpResponse, RequestOptions } from './http-client.ts';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS whose typings claim an ES default export; load it the CommonJS way.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, body: string) => Robots;
/** What a robots.txt fetch inherits from the request it guards: cancellation and the origin allowance. */
type RobotsRequest = Pick<RequestOptions, 'signal' | 'allowOrigins'>;
type Getter = (url: string, opts: RobotsRequest) => Promise<HttpResponse>;

const TTL_MS = 60 * 60 * 1000;

/**
 * robots.txt per origin, cached for an hour. Following RFC 9309: a missing file (4xx) allows
 * everything; a server error means "assume disallowed" until it answers again.
 */
export class RobotsCache {
  private readonly cache = new Map<string, { robots: Robots | 'allow-all' | 'disallow-all'; at: number }>();

  constructor(private readonly get: Getter) {}

  async allows(url: URL, userAgent: string, req: RobotsRequest = {}): Promise<boolean> {
    const origin = url.origin;
    let entry = this.cache.get(origin);
    if (!entry || Date.now() - entry.at > TTL_MS) {
      entry = { robots: await this.load(origin, req), at: Date.now() };
      this.cache.set(origin, entry);
    }
    if (entry.robots === 'allow-all') return true;
    if (entry.robots === 'disallow-all') return false;
    return entry.robots.isAllowed(url.href, userAgent) ?? true;
  }

  private async load(origin: string, req: RobotsRequest): Promise<Robots | 'allow-all' | 'disallow-all'> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const res = await this.get(robotsUrl, req);
      return robotsParser(robotsUrl, res.text());
    } catch (err) {
      if (err instanceof FetchError && err.code === 'HTTP_4XX') return 'allow-all';
      if (err instanceof FetchError && (err.code === 'HTTP_5XX' || err.code === 'TIMEOUT' || err.code === 'CONNECTION')) {
        return 'disallow-all';
      }
      // Refused addresses are not cached as "no robots.txt": the request itself is refused the same way,
      // and a later request allowed to reach that origin (a source's allowance) must read the real file.
      if (err instanceof FetchError && (err.code === 'ABORTED' || err.code === 'BLOCKED_ADDRESS')) throw err;
      return 'allow-all'; // unparseable or oversized robots.txt: no rules we can read
    }
  }
}
