import { z } from 'zod';
import { describeIssues, SaringError } from '../errors.ts';

/**
 * The few Telegram Bot API methods the tipline uses (getUpdates, sendMessage, getFile), with every
 * answer checked by zod. Global fetch rather than the polite crawler client: this is an authenticated
 * API of our own bot, not a page of someone else's site (alerts/channels.ts does the same for webhooks).
 * The token is part of every URL, so no URL ever goes into an error or a log line: methods are named instead.
 */

export class BotApiError extends SaringError {
  constructor(
    message: string,
    /** HTTP status, or null when no answer came (network, timeout). */
    readonly status: number | null,
    /** Seconds Telegram asked us to wait (429). */
    readonly retryAfter: number | null = null,
    options?: { cause?: unknown },
  ) {
    super('TELEGRAM_API', message, options);
  }

  /** Worth trying again later: no answer, flood control, or Telegram's own trouble. */
  get transient(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}

// Shapes from https://core.telegram.org/bots/api (User, Chat, PhotoSize, MessageEntity, Message, Update,
// File). Fields we do not read are let through; fields the documentation's own examples leave out
// (User.is_bot, Chat.type in the webhook guide's first example) are optional here.
const user = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const chat = z.object({
  id: z.number().int(),
  type: z.string().optional(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
const photoSize = z.object({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  width: z.number().int(),
  height: z.number().int(),
  file_size: z.number().int().optional(),
});
const entity = z.object({ type: z.string(), offset: z.number().int().min(0), length: z.number().int().min(0), url: z.string().optional() });
const document = z.object({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().int().optional(),
});
export const messageSchema = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  photo: z.array(photoSize).optional(),
  document: document.optional(),
  // Bot API 7.0 replaced forward_from/forward_from_chat with forward_origin; both are read.
  forward_origin: z.object({ type: z.string(), sender_user: user.optional(), sender_user_name: z.string().optional(), chat: chat.optional() }).optional(),
  forward_from: z
    .object({
      id: z.number().int(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      title: z.string().optional(),
      username: z.string().optional(),
    })
    .optional(),
  forward_from_chat: chat.optional(),
});
export type TgMessage = z.output<typeof messageSchema>;
export type TgEntity = z.output<typeof entity>;

export const updateSchema = z.object({ update_id: z.number().int(), message: messageSchema.optional() });
export type TgUpdate = z.output<typeof updateSchema>;

const fileSchema = z.object({
  file_id: z.string(),
  file_unique_id: z.string().optional(),
  file_size: z.number().int().optional(),
  file_path: z.string().optional(),
});
export type TgFile = z.output<typeof fileSchema>;

const envelope = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional(),
  error_code: z.number().int().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});

/** An update as received: checked one by one, so one odd update costs only itself. */
export interface RawUpdate {
  update_id: number;
  update: TgUpdate | null;
  /** Why `update` is null. */
  problem?: string;
}

export interface BotApiOptions {
  /** (Default: https://api.telegram.org) Tests point it at a server on 127.0.0.1. */
  baseUrl?: string;
  token: string;
  /** Added to the long-poll time for getUpdates; the whole time for other calls. (Default: 15 s) */
  timeoutMs?: number;
}

export class BotApi {
  private readonly base: string;
  private readonly timeoutMs: number;
  /** The bot's public id: the number before the colon of its token. */
  readonly botId: string;

  constructor(private readonly opts: BotApiOptions) {
    const m = /^(\d+):[\w-]+$/.exec(opts.token);
    if (!m) throw new BotApiError('Telegram bot token is not in the form 123456:ABC-DEF… (from @BotFather)', null);
    this.botId = m[1]!;
    this.base = (opts.baseUrl ?? 'https://api.telegram.org').replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** Long poll: waits up to `timeoutSec` for updates after `offset` (which confirms those before it). */
  async getUpdates(p: { offset?: number | undefined; timeoutSec: number; limit?: number; signal?: AbortSignal }): Promise<RawUpdate[]> {
    const result = await this.call(
      'getUpdates',
      { ...(p.offset !== undefined ? { offset: p.offset } : {}), timeout: p.timeoutSec, limit: p.limit ?? 50, allowed_updates: ['message'] },
      p.timeoutSec * 1000 + this.timeoutMs,
      p.signal,
    );
    if (!Array.isArray(result)) throw new BotApiError('getUpdates: the answer\'s "result" is not a list', 200);
    return result.map((u, k) => {
      const id = z.object({ update_id: z.number().int() }).safeParse(u);
      if (!id.success) throw new BotApiError(`getUpdates: update ${k} has no update_id`, 200);
      const parsed = updateSchema.safeParse(u);
      return parsed.success
        ? { update_id: id.data.update_id, update: parsed.data }
        : { update_id: id.data.update_id, update: null, problem: describeIssues(parsed.error) };
    });
  }

  async sendMessage(p: { chatId: number; text: string; replyTo?: number }): Promise<TgMessage> {
    const body = {
      chat_id: p.chatId,
      text: p.text,
      link_preview_options: { is_disabled: true },
      ...(p.replyTo ? { reply_parameters: { message_id: p.replyTo, allow_sending_without_reply: true } } : {}),
    };
    return parseResult('sendMessage', messageSchema, await this.call('sendMessage', body, this.timeoutMs));
  }

  /** A file's path and size on Telegram's servers (downloadFile then fetches it). */
  async getFile(fileId: string): Promise<TgFile> {
    return parseResult('getFile', fileSchema, await this.call('getFile', { file_id: fileId }, this.timeoutMs));
  }

  /**
   * Downloads a file getFile located (`/file/bot<token>/<file_path>`), refusing more than `maxBytes`
   * (announced or received). Errors name the file path, never the URL (it holds the token).
   */
  async downloadFile(filePath: string, p: { maxBytes: number; signal?: AbortSignal }): Promise<Buffer> {
    const what = `download of ${filePath}`;
    const timeout = AbortSignal.timeout(this.timeoutMs * 2);
    let res: Response;
    try {
      res = await fetch(`${this.base}/file/bot${this.opts.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`, {
        redirect: 'error',
        signal: p.signal ? AbortSignal.any([p.signal, timeout]) : timeout,
      });
    } catch (err) {
      if (p.signal?.aborted) throw err;
      throw new BotApiError(`${what}: ${timeout.aborted ? 'no answer in time' : (err as Error).message}`, null, null, { cause: err });
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new BotApiError(`${what}: HTTP ${res.status}`, res.status);
    }
    const announced = Number(res.headers.get('content-length') ?? NaN);
    if (announced > p.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new BotApiError(`${what}: ${announced} bytes exceeds the ${p.maxBytes}-byte limit`, 413);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > p.maxBytes) throw new BotApiError(`${what}: more than the ${p.maxBytes}-byte limit`, 413);
        chunks.push(Buffer.from(chunk));
      }
    } catch (err) {
      if (err instanceof BotApiError || p.signal?.aborted) throw err;
      throw new BotApiError(`${what}: ${(err as Error).message}`, null, null, { cause: err });
    }
    return Buffer.concat(chunks);
  }

  private async call(method: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(`${this.base}/bot${this.opts.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const why = timeout.aborted
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : `${(err as Error).message}${(err as { cause?: { code?: string } }).cause?.code ? ` (${(err as { cause: { code: string } }).cause.code})` : ''}`;
      throw new BotApiError(`${method}: ${why}`, null, null, { cause: err });
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BotApiError(`${method}: HTTP ${res.status}, answer is not JSON`, res.status);
    }
    const env = envelope.safeParse(json);
    if (!env.success) throw new BotApiError(`${method}: HTTP ${res.status}, not a Bot API answer (${describeIssues(env.error)})`, res.status);
    if (!env.data.ok || !res.ok) {
      const status = env.data.error_code ?? res.status;
      throw new BotApiError(`${method}: ${status} ${env.data.description ?? 'error'}`, status, env.data.parameters?.retry_after ?? null);
    }
    return env.data.result;
  }
}

function parseResult<T extends z.ZodType>(method: string, schema: T, result: unknown): z.output<T> {
  const r = schema.safeParse(result);
  if (!r.success) throw new BotApiError(`${method}: unexpected result (${describeIssues(r.error, 'result')})`, 200);
  return r.data;
}
