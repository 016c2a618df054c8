import type { HttpClient } from '../fetch/http-client.ts';
import { parseOffLoop } from './parse-thread.ts';

export interface LinkedPage {
  /** After redirects. */
  url: string;
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: Date | null;
}

/**
 * Fetches a page someone pointed at (a tip's link) and extracts its article. The URL comes from
 * outside, so it goes through the client's address guard like every request; a refusal propagates as
 * the FetchError that names the URL and the reason.
 */
export async function fetchLinkedPage(http: HttpClient, url: string, opts: { maxHtmlDepth: number; signal?: AbortSignal }): Promise<LinkedPage> {
  const res = await http.get(url, { accept: 'text/html,application/xhtml+xml', respectRobots: true, ...(opts.signal ? { signal: opts.signal } : {}) });
  const a = await parseOffLoop('article', res.text(), res.url, opts.maxHtmlDepth);
  return { url: res.url, title: a.title, text: a.text, author: a.author, publishedAt: a.publishedAt };
}
