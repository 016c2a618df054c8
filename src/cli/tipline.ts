import { z } from 'zod';
import { runClassify } from '../classify/stage.ts';
import { ConfigError, describeIssues } from '../errors.ts';
import { runImages } from '../images/stage.ts';
import { BotApi } from '../tipline/bot-api.ts';
import { runTipline } from '../tipline/tipline.ts';
import { withRuntime, type CliContext } from './context.ts';

/** The bot's secrets and address, from the environment (never from a pipeline file). */
const tiplineEnv = z.object({
  /** From @BotFather: "123456:ABC-DEF…". */
  SARING_TELEGRAM_BOT_TOKEN: z
    .string({ message: 'is not set (the bot token from @BotFather)' })
    .min(1, { message: 'is not set (the bot token from @BotFather)' }),
  /** (Default: https://api.telegram.org) A local Bot API server, or a test server on 127.0.0.1. */
  SARING_TELEGRAM_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  /** Long-poll seconds per getUpdates. (Default: 25) */
  SARING_TELEGRAM_POLL_SECONDS: z.coerce.number().int().min(0).max(50).default(25),
});

/**
 * `saring tipline`: the Telegram bot that files what residents and officers send it as tips and
 * answers each with a receipt number. Runs until SIGINT or SIGTERM, then finishes the update in hand
 * and exits 0. Tips it filed are classified as they arrive, like `saring tip add`'s, their photos
 * read first.
 */
export async function tiplineCommand(ctx: CliContext, opts: { pipeline?: string; once?: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = tiplineEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new ConfigError(`tipline: ${describeIssues(parsed.error)}`);
  const e = parsed.data;
  const api = new BotApi({ token: e.SARING_TELEGRAM_BOT_TOKEN, baseUrl: e.SARING_TELEGRAM_API_URL });
  return withRuntime(ctx, opts, async (rt) => {
    const stop = new AbortController();
    const onSignal = (sig: NodeJS.Signals) => {
      ctx.log.info({ signal: sig }, `tipline: ${sig} received, stopping after the update in hand`);
      stop.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    ctx.log.info({ bot_id: api.botId, api: new URL(e.SARING_TELEGRAM_API_URL).origin }, `tipline: bot ${api.botId} polling for messages`);
    try {
      const stats = await runTipline(
        {
          ingest: rt.ingest,
          api,
          polres: rt.pipeline.title,
          log: ctx.log,
          // Photos first (pHash, OCR), so the classifier reads their text with the caption.
          afterBatch: async (ids) => {
            await runImages(rt.images(), { itemIds: ids });
            await runClassify(rt.classifier(), { ids });
          },
        },
        { signal: stop.signal, pollTimeoutSec: e.SARING_TELEGRAM_POLL_SECONDS, ...(opts.once ? { once: true } : {}) },
      );
      ctx.out(`tipline: filed ${stats.filed}, ignored ${stats.ignored}, refused ${stats.refused}, retries ${stats.retries}`);
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
