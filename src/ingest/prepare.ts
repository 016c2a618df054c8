import type { ParsedItem } from '../sources/types.ts';
import { canonicalUrl } from './canonical-url.ts';
import { fingerprint, type Fingerprint } from './fingerprint.ts';
import { truncate } from './text.ts';

/** Limits applied to every item, whatever its source. */
export interface ItemLimits {
  /** (Default: 100 000 characters) */
  maxTextChars: number;
  /** (Default: 1 000 characters) */
  maxTitleChars: number;
}

export const DEFAULT_ITEM_LIMITS: ItemLimits = { maxTextChars: 100_000, maxTitleChars: 1_000 };

/** A parsed item with its identity and fingerprints, ready to store. */
export interface PreparedItem extends Fingerprint {
  key: string;
  externalId: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  language: string | null;
  publishedAt: Date | null;
  engagement: { views: number | null; likes: number | null; shares: number | null; replies: number | null };
  raw: Record<string, unknown>;
}

/**
 * Identity of an entry within its source. The canonical URL comes first because feed guids are not
 * always stable (one recorded feed numbers its guids 1..9 per fetch, whatever the article); the
 * external id is next (Telegram posts, imports without links), the content hash last.
 */
export function itemKey(p: { url: string | null; externalId: string | null; contentHash: string }): string {
  if (p.url) return `url:${p.url}`;
  if (p.externalId) return `id:${p.externalId}`;
  return `hash:${p.contentHash}`;
}

export function prepareItem(item: ParsedItem, limits: ItemLimits = DEFAULT_ITEM_LIMITS): PreparedItem {
  const url = item.url ? canonicalUrl(item.url) : null;
  const text = truncate(item.text, limits.maxTextChars);
  const title = item.title ? truncate(item.title, limits.maxTitleChars) : null;
  const fp = fingerprint({ title, text, url, images: imageKeys(item.raw) });
  const externalId = item.externalId?.slice(0, 500) ?? null;
  const e = item.engagement ?? {};
  return {
    ...fp,
    key: itemKey({ url, externalId, contentHash: fp.contentHash }),
    externalId,
    url,
    title,
    text,
    author: item.author?.slice(0, 300) ?? null,
    language: item.language ?? null,
    publishedAt: item.publishedAt ?? null,
    engagement: { views: e.views ?? null, likes: e.likes ?? null, shares: e.shares ?? null, replies: e.replies ?? null },
    raw: {
      ...item.raw,
      ...(text.length < item.text.length ? { truncated_from: item.text.length } : {}),
      ...(url && item.url && url !== item.url ? { original_url: item.url } : {}),
    },
  };
}

/** What identifies an item's images: the URLs a parser kept (raw.images), the hashes of uploads (raw.image_sha256). */
function imageKeys(raw: Record<string, unknown> | undefined): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return [...list(raw?.images), ...list(raw?.image_sha256)];
}
