import fs from 'node:fs/promises';
import { ConfigError, describeIssues } from '../errors.ts';
import { runClassify } from '../classify/stage.ts';
import { runImages } from '../images/stage.ts';
import { recordRun } from '../ingest/stage.ts';
import { submitTip } from '../ingest/tips.ts';
import { IMPORT_SOURCE_ID } from '../runtime.ts';
import { importKind, readImport } from '../sources/import.ts';
import { tipInput } from '../sources/tip.ts';
import { formatSummary, withIngestRuntime, type CliContext } from './context.ts';

/** `saring tip add`: a report by hand enters the same flow (dedup, classification) as collected items. */
export async function tipAddCommand(
  ctx: CliContext,
  opts: Record<string, string | undefined> & { pipeline?: string; fetch?: boolean; image?: string[] },
): Promise<number> {
  const input = { url: opts.url, text: opts.text, reporter: opts.reporter, channel: opts.channel, note: opts.note };
  const files = opts.image ?? [];
  const images = await Promise.all(
    files.map(async (file) => ({
      name: file,
      bytes: await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
        throw new ConfigError(`tip: --image ${file}: cannot read the file (${err.code ?? err.message})`);
      }),
    })),
  );
  // An image alone is a tip too (a forwarded screenshot); the images' hashes stand in for the check here.
  const parsed = tipInput.safeParse(images.length ? { ...input, image_sha256: ['0'.repeat(64)] } : input);
  if (!parsed.success) throw new ConfigError(`tip: ${describeIssues(parsed.error, '--')}`);
  if (opts.fetch && !parsed.data.url) throw new ConfigError('tip: --fetch needs --url');
  return withIngestRuntime(ctx, opts, async (rt) => {
    // A refused link or image throws (exit 2, nothing stored); the message names it and why.
    const summary = await submitTip(rt.ingest, input, { fetch: opts.fetch === true, images });
    ctx.out(formatSummary(summary));
    // A one-shot command is its own worker: it reads the images (hash, OCR) before classifying.
    if (summary.imageIds.length) {
      const im = await runImages(rt.images(), { itemIds: summary.imageIds });
      ctx.out(
        `images: ${im.processed} read${im.ocrUnavailable ? ' (OCR unavailable: install tesseract-ocr and tesseract-ocr-ind)' : ''}${im.linked ? `, linked to a decided case` : ''}`,
      );
    }
    await runClassify(rt.classifier());
    return summary.status === 'failure' ? 1 : 0;
  });
}

/** `saring import <file>`: posts exported by other tools; bad lines are reported, good ones kept. */
export async function importCommand(ctx: CliContext, file: string, opts: { format?: string; pipeline?: string }): Promise<number> {
  const config = importKind.config.safeParse({ path: file, ...(opts.format ? { format: opts.format } : {}) });
  if (!config.success) throw new ConfigError(`import: ${describeIssues(config.error)}`);
  return withIngestRuntime(ctx, opts, async (rt) => {
    const summary = await recordRun(rt.ingest, IMPORT_SOURCE_ID, () => readImport(config.data, { timeZone: rt.pipeline.timezone }));
    ctx.out(formatSummary(summary));
    if (summary.imageIds.length) {
      const im = await runImages(rt.images(), { itemIds: summary.imageIds });
      ctx.out(`images: ${im.fetched} fetched, ${im.failed} refused, ${im.processed} read`);
    }
    const c = await runClassify(rt.classifier());
    ctx.out(`classified: ${c.classified} item(s), flagged ${c.flagged}`);
    if (summary.problems.length) {
      for (const p of summary.problems.slice(0, 20)) ctx.out(`  ${file}: ${p.ref}: ${p.reason}`);
      if (summary.problems.length > 20) ctx.out(`  … and ${summary.problems.length - 20} more`);
    }
    return summary.status === 'failure' ? 1 : 0;
  });
}
