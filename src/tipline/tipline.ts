import { setTimeout as sleep } from 'node:timers/promises';
import type { Selectable } from 'kysely';
import { ClaimIndex } from '../classify/claim-match.ts';
import { HLBK_SUGGEST } from '../classify/thresholds.ts';
import { attachImages } from '../db/images.repo.ts';
import { itemIdByKey, nextOffset, publishedClaims, publishedClaimsState, recordUpdate } from '../db/tipline.repo.ts';
import type { TiplineUpdatesTable } from '../db/schema.ts';
import { describeError, describeIssues } from '../errors.ts';
import { DEFAULT_IMAGE_LIMITS, ImageError, type ImageLimits } from '../images/decode.ts';
import { storeImage } from '../images/stage.ts';
import { prepareItem } from '../ingest/prepare.ts';
import { recordRun, type IngestDeps } from '../ingest/stage.ts';
import { TIP_SOURCE_ID } from '../ingest/tips.ts';
import type { Logger } from '../log.ts';
import { tipInput, tipToItem } from '../sources/tip.ts';
import { BotApiError, type BotApi, type RawUpdate, type TgFile, type TgMessage } from './bot-api.ts';
import { readMessage, receiptReply, REPLY, senderOf } from './messages.ts';

/**
 * The Telegram tipline: long-polls the Bot API, files each private message as a tip (the same path
 * as `saring tip add` and the web form), and answers the sender with a receipt number and, when the
 * tip repeats a claim the Polres has answered, the published clarification.
 *
 * At least once, never twice filed: an update is recorded (and its offset confirmed) only after the
 * tip is stored and the answer sent. A crash in between files nothing twice (the tip's item key is its
 * chat and message id) but may answer once more.
 */

export interface TiplineDeps {
  ingest: IngestDeps;
  api: BotApi;
  /** Named in answers: "Petugas Polres Belitung Timur akan memeriksanya". */
  polres: string;
  log: Logger;
  /** Size and pixel caps of photos stored (the image store's). (Default: DEFAULT_IMAGE_LIMITS) */
  imageLimits?: ImageLimits;
  /** Called with the items filed from one batch of updates (the CLI reads their images and classifies them). */
  afterBatch?: (itemIds: number[]) => Promise<void>;
}

export interface TiplineOptions {
  signal: AbortSignal;
  /** Long-poll time per getUpdates. (Default: 25 s) */
  pollTimeoutSec?: number;
  /** Waits after failures: base × 2^(n−1), capped. (Default: 1 s, 60 s) */
  backoff?: { baseMs: number; maxMs: number };
  /** Stop after the first batch that was handled (tests, cron). (Default: false) */
  once?: boolean;
}

export interface TiplineStats {
  filed: number;
  ignored: number;
  refused: number;
  /** Failures waited out (network, Telegram's 5xx and flood control, database). */
  retries: number;
}

/** Runs until `signal` aborts; throws only for what waiting cannot fix (a token Telegram rejects). */
export async function runTipline(deps: TiplineDeps, opts: TiplineOptions): Promise<TiplineStats> {
  const { signal } = opts;
  const backoff = opts.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
  const stats: TiplineStats = { filed: 0, ignored: 0, refused: 0, retries: 0 };
  const clarifications = new PublishedClarifications(deps.ingest.db);
  let offset: number | undefined;
  let failures = 0;
  while (!signal.aborted) {
    try {
      offset ??= await nextOffset(deps.ingest.db, deps.api.botId);
      const updates = await deps.api.getUpdates({ offset, timeoutSec: opts.pollTimeoutSec ?? 25, signal });
      if (updates.length) await clarifications.refresh();
      const filed: number[] = [];
      // In order, one at a time: a failure stops the batch here and the rest comes again after the wait.
      for (const u of updates) {
        const done = await handleUpdate(deps, u, clarifications);
        stats[done.status]++;
        if (done.status === 'filed' && done.item_id) filed.push(done.item_id);
        offset = u.update_id + 1;
      }
      if (filed.length && deps.afterBatch)
        await deps
          .afterBatch(filed)
          .catch((err: unknown) =>
            deps.log.warn({ err_message: describeError(err).message }, `tipline: after-batch step failed: ${describeError(err).message}`),
          );
      failures = 0;
      if (opts.once && updates.length) break;
    } catch (err) {
      if (signal.aborted) break;
      // 401/403/404: the token is wrong or revoked; waiting will not help. 409 is another poller or a
      // webhook, often the previous process still closing: waited out like a network failure.
      if (err instanceof BotApiError && !err.transient && err.status !== 409) throw err;
      failures++;
      stats.retries++;
      const wait = err instanceof BotApiError && err.retryAfter ? err.retryAfter * 1000 : Math.min(backoff.maxMs, backoff.baseMs * 2 ** (failures - 1));
      deps.log.warn(
        { err_message: describeError(err).message, attempt: failures, wait_ms: wait },
        `tipline: ${describeError(err).message}; trying again in ${Math.round(wait / 100) / 10} s`,
      );
      offset = undefined; // re-read from the database: what was recorded is what was done
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
  }
  return stats;
}

type Row = Omit<Selectable<TiplineUpdatesTable>, 'received_at'>;

/** Handles one update and records it; throws (nothing recorded) when it should be tried again. */
export async function handleUpdate(deps: TiplineDeps, u: RawUpdate, clarifications: PublishedClarifications): Promise<Row> {
  const base: Row = {
    bot_id: deps.api.botId,
    update_id: u.update_id,
    chat_id: null,
    message_id: null,
    sender: null,
    status: 'ignored',
    reason: null,
    item_id: null,
    clarification_id: null,
    replied_at: null,
    reply_error: null,
  };
  const m = u.update?.message;
  if (!u.update || !m) {
    return record(deps, { ...base, reason: u.update ? 'bukan pesan baru (mis. pesan yang diedit)' : `update tidak terbaca: ${u.problem}` });
  }
  const row: Row = { ...base, chat_id: m.chat.id, message_id: m.message_id, sender: senderOf(m) };
  const limits = deps.imageLimits ?? DEFAULT_IMAGE_LIMITS;
  const reading = readMessage(m, { maxPhotoBytes: limits.maxBytes });
  if (reading.kind === 'command') {
    return record(deps, { ...row, reason: `perintah /${reading.command}` }, m, REPLY.welcome(deps.polres));
  }
  if (reading.kind === 'ignored') return record(deps, { ...row, reason: reading.reason }, m, reading.reply);

  let parsed = tipInput.safeParse(reading.tip);
  // A link Telegram saw but our URL rule refuses costs only the link: it stays in the text.
  if (!parsed.success && reading.tip.url) parsed = tipInput.safeParse({ ...reading.tip, url: undefined });
  if (!parsed.success) return record(deps, { ...row, status: 'refused', reason: describeIssues(parsed.error) }, m, REPLY.empty);

  const item = tipToItem(parsed.data, new Date(m.date * 1000));
  // The message's own identity: a retry after a crash finds the stored tip instead of filing another.
  item.externalId = `tip:telegram:${m.chat.id}:${m.message_id}`;
  item.raw = { ...item.raw, ...reading.raw };
  let photoSha: string | null = null;
  if (reading.photoFileId) {
    const photo = await fetchPhoto(deps, reading.photoFileId, limits);
    item.raw.photo = { ...(item.raw.photo as object), ...photo.info };
    photoSha = photo.sha256;
  }
  const summary = await recordRun(deps.ingest, TIP_SOURCE_ID, async () => ({ items: [item], rejected: [] }));
  if (summary.status === 'failure') throw new Error(`storing the tip of update ${u.update_id} failed: ${summary.error}`);
  const itemId = summary.storedIds[0] ?? (await itemIdByKey(deps.ingest.db, TIP_SOURCE_ID, prepareItem(item).key));
  // The photo joins the tip like an upload of the web form: the images stage reads it (pHash, OCR).
  if (itemId && photoSha) await attachImages(deps.ingest.db, itemId, [photoSha]);
  const match = clarifications.match(item.text);
  const reply = receiptReply({ receipt: `#${itemId}`, polres: deps.polres, clarification: match });
  return record(deps, { ...row, status: 'filed', item_id: itemId, clarification_id: match?.id ?? null }, m, reply);
}

/** Sends the answer (if any), then records the update. A reply Telegram refuses for good is recorded, not retried. */
async function record(deps: TiplineDeps, row: Row, m?: TgMessage, reply?: string | null): Promise<Row> {
  const done = { ...row };
  if (m && reply) {
    try {
      await deps.api.sendMessage({ chatId: m.chat.id, text: reply, replyTo: m.message_id });
      done.replied_at = new Date();
    } catch (err) {
      if (!(err instanceof BotApiError) || err.transient || err.status === 409) throw err;
      done.reply_error = err.message;
      deps.log.warn({ update_id: row.update_id, err_message: err.message }, `tipline: answer to update ${row.update_id} refused: ${err.message}`);
    }
  }
  await recordUpdate(deps.ingest.db, done);
  deps.log.info(
    { update_id: row.update_id, status: done.status, item_id: done.item_id, clarification_id: done.clarification_id },
    `tipline: update ${row.update_id} ${done.status}${done.item_id ? ` as item #${done.item_id}` : ''}${done.reason ? ` (${done.reason})` : ''}`,
  );
  return done;
}

/**
 * The photo of a tip: where Telegram keeps it (getFile), then, with an image store, its bytes,
 * downloaded and stored by content through the same checks as any image (size, pixels, format; the
 * desk's copy carries no EXIF). What Telegram refuses for good (a file too big for bots, gone) or
 * what is not a readable image is noted on the tip, which is filed without it; failures that waiting
 * can fix (network, Telegram's 5xx, flood control) throw, so the update is handled again.
 */
async function fetchPhoto(deps: TiplineDeps, fileId: string, limits: ImageLimits): Promise<{ info: Record<string, unknown>; sha256: string | null }> {
  const download = !!deps.ingest.imageStore;
  let file: TgFile;
  try {
    file = await deps.api.getFile(fileId);
  } catch (err) {
    if (download && isRetryable(err)) throw err;
    deps.log.warn({ err_message: describeError(err).message }, `tipline: getFile failed, photo recorded by file_id only: ${describeError(err).message}`);
    return { info: { file_info_error: describeError(err).message }, sha256: null };
  }
  const info: Record<string, unknown> = {
    ...(file.file_path ? { file_path: file.file_path } : {}),
    ...(file.file_size !== undefined ? { file_size: file.file_size } : {}),
  };
  if (!deps.ingest.imageStore || !file.file_path) return { info, sha256: null };
  let bytes: Buffer;
  try {
    bytes = await deps.api.downloadFile(file.file_path, { maxBytes: limits.maxBytes });
  } catch (err) {
    if (isRetryable(err)) throw err;
    const why =
      err instanceof BotApiError && err.status === 413 ? `foto melebihi batas ${Math.round(limits.maxBytes / 1024 / 1024)} MiB` : describeError(err).message;
    deps.log.warn({ file_path: file.file_path, err_message: why }, `tipline: photo ${file.file_path} not downloaded: ${why}`);
    return { info: { ...info, download_error: why }, sha256: null };
  }
  try {
    const sha256 = await storeImage(deps.ingest.db, deps.ingest.imageStore, bytes, `foto Telegram ${file.file_path}`, limits);
    return { info: { ...info, sha256 }, sha256 };
  } catch (err) {
    if (!(err instanceof ImageError)) throw err;
    deps.log.warn({ file_path: file.file_path, err_message: err.message }, `tipline: photo refused: ${err.message}`);
    return { info: { ...info, image_error: err.message }, sha256: null };
  }
}

/** A Bot API failure worth waiting out (not a refusal for good). */
const isRetryable = (err: unknown) => !(err instanceof BotApiError) || err.transient;

/**
 * Published clarifications indexed by the claims of their cases (the same TF-IDF claim matching as
 * the classifier's HLBK), rebuilt when one is published or edited. A tip at or above HLBK_SUGGEST
 * (the calibrated "same claim" score, with a shared name or number) gets the clarification.
 */
export class PublishedClarifications {
  private index: ClaimIndex | null = null;
  private bodies = new Map<number, { id: number; body: string }>();
  private state = '';

  constructor(private readonly db: IngestDeps['db']) {}

  async refresh(): Promise<void> {
    const now = await publishedClaimsState(this.db);
    if (now === this.state) return;
    const claims = await publishedClaims(this.db);
    this.index = claims.length ? ClaimIndex.build(claims.map((c) => ({ caseId: c.caseId, url: null, title: c.title, text: c.text }))) : null;
    this.bodies = new Map(claims.map((c) => [c.caseId, { id: c.clarificationId, body: c.body }]));
    this.state = now;
  }

  match(text: string): { id: number; body: string } | null {
    const best = this.index?.match(text, { minScore: HLBK_SUGGEST, limit: 1 })[0];
    return best?.caseId !== undefined ? (this.bodies.get(best.caseId) ?? null) : null;
  }
}
