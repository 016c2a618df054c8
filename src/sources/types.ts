import type { z } from 'zod';
import type { SourceKind } from '../vocabulary.ts';
import type { HttpResponse, RequestOptions } from '../fetch/http-client.ts';
import type { Logger } from '../log.ts';

/**
 * Terms used across the ingest code:
 * - source: one configured origin of items (a feed, a site, a channel, the tip desk), a row in `sources`;
 * - kind: how a source is read (rss, html, telegram, tip, import), one module in this folder;
 * - run: one collection from one source, a row in `fetch_runs`;
 * - item: one post, article or tip, a row in `items`.
 */

/** What a source kind hands to the ingest stage for one entry. Only `text` is required. */
export interface ParsedItem {
  /** The source's own id for the entry (feed guid, Telegram post "channel/123"). */
  externalId?: string | null;
  url?: string | null;
  author?: string | null;
  title?: string | null;
  /** Plain text, never HTML. */
  text: string;
  language?: string | null;
  publishedAt?: Date | null;
  engagement?: Engagement;
  /** Kind-specific extras worth keeping (tags, media, verdict labels). Small: it is stored as JSONB. */
  raw?: Record<string, unknown>;
  /**
   * Images that came with the entry as bytes (a chat export's media), not as URLs: the ingest stage
   * stores them through the image store and attaches them to the stored item. Never kept in `raw`.
   */
  attachments?: ItemAttachment[];
}

/** An image's bytes delivered with an entry. */
export interface ItemAttachment {
  /** Names the image in a refusal: "IMG-20240312-WA0003.jpg". */
  name: string;
  /** Where the entry is, for the run's problems: "_chat.txt line 12". */
  ref: string;
  bytes: Buffer;
}

export interface Engagement {
  views?: number | null;
  likes?: number | null;
  shares?: number | null;
  replies?: number | null;
}

/** An entry the parser could not use, with why. Counted and stored with the run, never dropped silently. */
export interface Rejected {
  ref: string;
  reason: string;
}

export interface ParseResult {
  items: ParsedItem[];
  rejected: Rejected[];
}

export interface CollectResult extends ParseResult {
  /** Every page the source fetched answered 304: nothing changed since the last run. */
  notModified?: boolean;
}

/** What a collecting source may use. I/O goes only through these, which keeps kinds testable. */
export interface CollectContext {
  sourceId: string;
  log: Logger;
  signal: AbortSignal;
  /** Deepest HTML nesting parsed; deeper pages are refused (checkedHtml). */
  maxHtmlDepth: number;
  /** IANA zone for dates that name none (the pipeline's). (Default: Asia/Jakarta) */
  timeZone?: string | undefined;
  /** GET through the polite client. `conditional` sends the validators stored from the last good run. */
  fetch(url: string, opts?: Omit<RequestOptions, 'validators' | 'signal'> & { conditional?: boolean }): Promise<HttpResponse>;
  /** Which of these canonical URLs this source has stored already (to skip re-fetching articles). */
  knownUrls(urls: string[]): Promise<Set<string>>;
  /** Which of these external ids this source has stored already (to stop paginating). */
  knownExternalIds(ids: string[]): Promise<Set<string>>;
  /** Pages this source failed to use in its runs of the last hours (not re-fetched every run). */
  recentlyFailed(): Promise<Set<string>>;
  /** The active accounts (`akun`) of the pipeline's official-accounts registry: whose mentions to collect. */
  registeredAccounts(): Promise<Array<{ handle: string; platform: string | null; unit: string }>>;
}

export interface SourceKindDef<C = unknown> {
  kind: SourceKind;
  /** One line for `saring sources list` and the admin page. */
  description: string;
  config: z.ZodType<C>;
  /** Absent for kinds that only receive items by hand (tips). Method syntax keeps the registry's erased type assignable. */
  collect?(ctx: CollectContext, config: C): Promise<CollectResult>;
}

/** Declares a source kind; the generic ties `collect`'s config type to the zod schema. */
export function defineSource<S extends z.ZodType>(def: {
  kind: SourceKind;
  description: string;
  config: S;
  collect?: (ctx: CollectContext, config: z.output<S>) => Promise<CollectResult>;
}): SourceKindDef<z.output<S>> {
  return def as SourceKindDef<z.output<S>>;
}
