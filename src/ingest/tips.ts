import { attachImages } from '../db/images.repo.ts';
import { ConfigError, describeIssues } from '../errors.ts';
import { ImageError } from '../images/decode.ts';
import { storeImage } from '../images/stage.ts';
import { FetchError } from '../fetch/errors.ts';
import { fetchLinkedPage } from '../sources/linked-page.ts';
import { MAX_TIP_IMAGES, tipInput, tipToItem, type TipInput } from '../sources/tip.ts';
import { DEFAULT_INGEST_LIMITS, recordRun, type IngestDeps, type RunSummary } from './stage.ts';

/** The built-in source that receives tips; it exists in every pipeline. */
export const TIP_SOURCE_ID = 'tips';

/** A tip whose link could not be fetched; `detail` is the fetch error, which names the URL and why. */
export class TipRefused extends ConfigError {
  constructor(readonly detail: string) {
    super(`tip: the link could not be fetched: ${detail}`);
  }
}

/** An image refused with its tip (too large, not an image, SVG, a decompression bomb); `detail` is Indonesian. */
export class TipImageRefused extends ConfigError {
  constructor(readonly detail: string) {
    super(`tip: an image was refused: ${detail}`);
  }
}

/** An image sent with a tip: its bytes and how to name it in an error (the file name, "gambar 2"). */
export interface TipImage {
  name: string;
  bytes: Buffer;
}

/**
 * Stores a tip. With `fetch`, the linked page is fetched now and its article becomes the item's text
 * (after the tip's own words): the link is often all a reporter sends. A link that cannot be fetched
 * (refused address, 404, timeout) refuses the whole tip and stores nothing, so the reporter can fix it.
 * The link goes out with no origin allowance: what a pipeline allows belongs to its sources (the
 * demo's replay server, an intranet site), never to a URL the public sent.
 */
export async function submitTip(
  deps: IngestDeps,
  input: TipInput,
  opts: { fetch?: boolean; signal?: AbortSignal; images?: readonly TipImage[] } = {},
): Promise<RunSummary> {
  const shas = await storeTipImages(deps, opts.images ?? []);
  const parsed = tipInput.safeParse(shas.length ? { ...input, image_sha256: shas } : input);
  if (!parsed.success) throw new ConfigError(`tip: ${describeIssues(parsed.error)}`);
  const tip = parsed.data;
  const item = tipToItem(tip);
  if (opts.fetch) {
    if (!tip.url) throw new ConfigError('tip: --fetch needs a URL');
    try {
      const page = await fetchLinkedPage(deps.http, tip.url, {
        maxHtmlDepth: deps.limits?.maxHtmlDepth ?? DEFAULT_INGEST_LIMITS.maxHtmlDepth,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      item.title = page.title;
      item.text = [item.text, page.text].filter(Boolean).join('\n\n');
      item.raw = { ...item.raw, fetched_url: page.url, fetched_at: new Date().toISOString() };
      // The article's author wrote the page, not the tip: the item's author stays the reporter.
      if (page.author) item.raw = { ...item.raw, page_author: page.author };
    } catch (err) {
      if (err instanceof FetchError) {
        throw new TipRefused(err.message);
      }
      throw err;
    }
  }
  const summary = await recordRun(deps, TIP_SOURCE_ID, async () => ({ items: [item], rejected: [] }));
  const itemId = summary.storedIds[0];
  if (itemId !== undefined && shas.length) {
    await attachImages(deps.db, itemId, shas);
    summary.imageIds = [itemId];
  }
  return summary;
}

/**
 * Checks and stores a tip's images before the tip: one refused image refuses the tip (the reporter
 * is there to send it again), naming the image and why in Indonesian. Identical images are one.
 */
async function storeTipImages(deps: IngestDeps, images: readonly TipImage[]): Promise<string[]> {
  if (!images.length) return [];
  if (images.length > MAX_TIP_IMAGES) throw new TipImageRefused(`paling banyak ${MAX_TIP_IMAGES} gambar per laporan (dikirim ${images.length}).`);
  if (!deps.imageStore) throw new ConfigError('tip: images need an image store (the runtime sets one under the data dir)');
  const shas: string[] = [];
  for (const img of images) {
    try {
      const sha = await storeImage(deps.db, deps.imageStore, img.bytes, img.name);
      if (!shas.includes(sha)) shas.push(sha);
    } catch (err) {
      if (err instanceof ImageError) throw new TipImageRefused(err.message);
      throw err;
    }
  }
  return shas;
}
