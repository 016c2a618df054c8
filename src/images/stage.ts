import type { Kysely } from 'kysely';
import {
  clusterCandidates,
  decidedCasesOfClusters,
  forgetClassifications,
  insertImage,
  itemsWithImages,
  pendingImageUrls,
  saveProcessedImage,
  settleImageUrl,
  unprocessedImages,
  type ProcessedImage,
} from '../db/images.repo.ts';
import type { Database, ImageRow } from '../db/schema.ts';
import { describeError } from '../errors.ts';
import type { HttpClient } from '../fetch/http-client.ts';
import type { Logger } from '../log.ts';
import { linkResurfaced } from '../review/hlbk.ts';
import { decodeImage, DEFAULT_IMAGE_LIMITS, ImageError, inspectImage, type ImageLimits } from './decode.ts';
import { imageHashes } from './hash.ts';
import { ocrWords, sameImage } from './match.ts';
import { runOcr, type OcrOptions } from './ocr.ts';
import { displayCopy, ocrInput } from './prepare.ts';
import { ImageStore } from './store.ts';

/**
 * The images stage (job `images:process`; one-shot commands call it directly, the web process never
 * does): fetches the image URLs items carry, through the one polite HTTP client with the image size
 * cap, stores them by content, then reads each new image once: pHash (hash.ts), OCR (ocr.ts, a child
 * process with a time limit), the desk's metadata-free copy, and its cluster of copies. An item whose
 * image repeats one of a decided hoax case is linked to that case (HLBK for images). Items whose
 * images gave text lose their classification, so the classify stage reads them again with it.
 */
export interface ImagesDeps {
  db: Kysely<Database>;
  http: HttpClient;
  log: Logger;
  store: ImageStore;
  limits?: ImageLimits;
  ocr?: Omit<OcrOptions, 'signal'>;
  /** Private origins each source may reach (a feed's images come from where the feed is). */
  allowOrigins?: ReadonlyMap<string, readonly string[]>;
}

export interface ImagesSummary {
  fetched: number;
  failed: number;
  processed: number;
  /** OCR did not run because Tesseract is missing (logged once per pass). */
  ocrUnavailable: number;
  /** Items linked to decided cases through a copy of their image. */
  linked: number;
  /** Items whose classification was dropped to be redone with their images' text. */
  reclassify: number[];
}

const BATCH = 50;

/** Fetches and reads pending images: of `itemIds` when given, else everything waiting (the sweep). */
export async function runImages(deps: ImagesDeps, opts: { itemIds?: readonly number[]; signal?: AbortSignal } = {}): Promise<ImagesSummary> {
  const summary: ImagesSummary = { fetched: 0, failed: 0, processed: 0, ocrUnavailable: 0, linked: 0, reclassify: [] };
  const limits = deps.limits ?? DEFAULT_IMAGE_LIMITS;
  const scope = opts.itemIds ? { itemIds: opts.itemIds } : {};
  for (;;) {
    if (opts.signal?.aborted) return summary;
    const urls = await pendingImageUrls(deps.db, { ...scope, limit: BATCH });
    if (!urls.length) break;
    for (const u of urls) {
      const outcome = await fetchImage(deps, u.url, u.source_id, limits, opts.signal);
      await settleImageUrl(deps.db, u.item_id, u.position, outcome);
      if ('sha256' in outcome) summary.fetched++;
      else summary.failed++;
    }
  }
  const touched = new Set<string>();
  for (;;) {
    if (opts.signal?.aborted) break;
    const batch = await unprocessedImages(deps.db, { ...scope, limit: BATCH });
    if (!batch.length) break;
    for (const img of batch) {
      const p = await processImage(deps, img, limits, opts.signal);
      await saveProcessedImage(deps.db, p);
      summary.processed++;
      if (p.ocr_status === 'unavailable') summary.ocrUnavailable++;
      touched.add(img.sha256);
    }
  }
  if (summary.ocrUnavailable) {
    deps.log.warn(
      { images: summary.ocrUnavailable },
      `OCR skipped for ${summary.ocrUnavailable} image(s): tesseract-ocr and tesseract-ocr-ind are not installed`,
    );
  }
  const items = await itemsWithImages(deps.db, [...touched]);
  summary.linked = await linkCopiesOfDecided(deps.db, items);
  // Items whose image text is new to them are read again by the classifier.
  summary.reclassify = [...new Set(items.map((i) => i.item_id))];
  await forgetClassifications(deps.db, summary.reclassify);
  if (summary.fetched + summary.failed + summary.processed) {
    deps.log.info(
      { fetched: summary.fetched, failed: summary.failed, processed: summary.processed, hlbk_linked: summary.linked },
      `images: ${summary.processed} read, ${summary.fetched} fetched, ${summary.failed} refused${summary.linked ? `, ${summary.linked} item(s) linked to decided cases` : ''}`,
    );
  }
  return summary;
}

/** Fetches one image URL, checks it and stores it; the error (Indonesian when it is the image's fault) otherwise. */
async function fetchImage(
  deps: ImagesDeps,
  url: string,
  sourceId: string,
  limits: ImageLimits,
  signal?: AbortSignal,
): Promise<{ sha256: string } | { error: string }> {
  try {
    const res = await deps.http.get(url, {
      accept: 'image/jpeg,image/png,image/webp,image/gif;q=0.9',
      maxBytes: limits.maxBytes,
      allowOrigins: deps.allowOrigins?.get(sourceId) ?? [],
      ...(signal ? { signal } : {}),
    });
    return { sha256: await storeImage(deps.db, deps.store, res.body, url, limits) };
  } catch (err) {
    if (err instanceof ImageError) return { error: err.message };
    return { error: `gambar tidak dapat diambil: ${describeError(err).message}` };
  }
}

/** Checks bytes as an image and stores them by content; returns the sha256. Throws ImageError (Indonesian). */
export async function storeImage(
  db: Kysely<Database>,
  store: ImageStore,
  bytes: Buffer,
  name: string,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Promise<string> {
  const info = await inspectImage(bytes, name, limits);
  const sha = ImageStore.sha256(bytes);
  await store.putOriginal(sha, info.format, bytes);
  await insertImage(db, { sha256: sha, format: info.format, width: info.width, height: info.height, bytes: info.bytes });
  return sha;
}

/** Hashes, OCR, the desk's copy and the cluster of one stored image. Never throws for the image's fault. */
async function processImage(deps: ImagesDeps, img: ImageRow, limits: ImageLimits, signal?: AbortSignal): Promise<ProcessedImage> {
  const base: ProcessedImage = {
    sha256: img.sha256,
    hashes: null,
    ocr_status: 'failure',
    ocr_text: null,
    ocr_error: null,
    ocr_ms: null,
    error: null,
    cluster_id: img.sha256,
  };
  let hashes: string[];
  let ocrBytes: Buffer;
  try {
    const bytes = await deps.store.readOriginal(img.sha256, img.format);
    const image = decodeImage(bytes, limits);
    const view = await displayCopy(image);
    await deps.store.putView(img.sha256, view.mime, view.body);
    hashes = await imageHashes(image, img.width, img.height);
    ocrBytes = await ocrInput(image, img.width, img.height);
  } catch (err) {
    const message = err instanceof ImageError ? err.message : `gambar rusak atau tidak dapat dibaca (${describeError(err).message})`;
    deps.log.warn({ sha256: img.sha256, err_message: describeError(err).message }, `image ${img.sha256.slice(0, 12)} could not be decoded`);
    return { ...base, error: message, ocr_error: 'gambar tidak terbaca' };
  }
  const ocr = await runOcr(ocrBytes, { ...deps.ocr, ...(signal ? { signal } : {}) });
  const text = ocr.status === 'success' ? ocr.text : null;
  const cluster = await findCluster(deps.db, img.sha256, hashes, text);
  return {
    ...base,
    hashes,
    ocr_status: ocr.status,
    ocr_text: text,
    ocr_error: ocr.status === 'success' ? null : ocr.error,
    ocr_ms: ocr.ms,
    cluster_id: cluster,
  };
}

/** The cluster of the first-seen image this one copies (IMAGE_MATCH), or its own sha. */
async function findCluster(db: Kysely<Database>, sha: string, hashes: string[], text: string | null): Promise<string> {
  const me = { hashes, words: ocrWords(text) };
  for (const c of await clusterCandidates(db, sha)) {
    if (sameImage(me, { hashes: c.hashes, words: ocrWords(c.ocr_text) }).match) return c.cluster_id;
  }
  return sha;
}

/**
 * HLBK for images: an item (in no case yet) carrying a copy of an image from a decided hoax case joins
 * that case through the same rules as a repeated text (review/hlbk.ts: the case must still be decided
 * as a hoax, complaints are never linked, one audit entry each).
 */
async function linkCopiesOfDecided(
  db: Kysely<Database>,
  items: ReadonlyArray<{ item_id: number; cluster_id: string; case_id: number | null }>,
): Promise<number> {
  const free = items.filter((i) => i.case_id === null);
  if (!free.length) return 0;
  const decided = await decidedCasesOfClusters(db, [...new Set(free.map((i) => i.cluster_id))]);
  const caseOf = new Map<string, number>();
  for (const d of decided) if (!caseOf.has(d.cluster_id)) caseOf.set(d.cluster_id, d.case_id);
  const links = new Map<number, { itemId: number; caseId: number; score: number }>();
  for (const i of free) {
    const caseId = caseOf.get(i.cluster_id);
    if (caseId !== undefined && !links.has(i.item_id)) links.set(i.item_id, { itemId: i.item_id, caseId, score: 1 });
  }
  return links.size ? linkResurfaced(db, [...links.values()]) : 0;
}
