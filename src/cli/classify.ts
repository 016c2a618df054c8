import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import { classify } from '../classify/classifier.ts';
import { HoaxModel } from '../classify/hoax-model.ts';
import { runClassify } from '../classify/stage.ts';
import { ConfigError } from '../errors.ts';
import { loadPipeline } from '../pipeline/load.ts';
import { withRuntime, type CliContext } from './context.ts';

const line = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
  title: z.string().nullish(),
  published_at: z.string().nullish(),
});

/**
 * `saring classify --in items.jsonl --out results.jsonl`: no database, no network. A malformed line
 * gets an error line of its own (with its line number) and the others go on. Exits 1 if any failed.
 */
export async function classifyFileCommand(ctx: CliContext, opts: { in: string; out?: string; pipeline?: string }): Promise<number> {
  if (!fs.existsSync(opts.in)) throw new ConfigError(`classify: --in ${opts.in}: no such file`);
  const pipeline = await loadPipeline(opts.pipeline ?? ctx.config.pipeline);
  const model = HoaxModel.load();
  const cctx = { model, lexicon: { units: pipeline.area.units }, places: pipeline.area.places, flagThreshold: pipeline.classify.flagThreshold };
  const out = opts.out && opts.out !== '-' ? fs.createWriteStream(opts.out) : process.stdout;
  const rl = readline.createInterface({ input: fs.createReadStream(opts.in, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let ok = 0;
  let bad = 0;
  for await (const raw of rl) {
    n++;
    if (!raw.trim()) continue;
    let parsed: z.infer<typeof line>;
    try {
      const r = line.safeParse(JSON.parse(raw));
      if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '));
      parsed = r.data;
    } catch (err) {
      bad++;
      out.write(JSON.stringify({ line: n, error: `${opts.in}: line ${n}: ${(err as Error).message}` }) + '\n');
      continue;
    }
    const publishedAt = parsed.published_at ? new Date(parsed.published_at) : null;
    const r = classify({ title: parsed.title ?? null, text: parsed.text, publishedAt: publishedAt && !Number.isNaN(publishedAt.getTime()) ? publishedAt : null }, cctx);
    out.write(
      JSON.stringify({
        id: parsed.id,
        hoax_score: r.hoax_score,
        hoax: r.hoax,
        police_mentions: r.police_mentions,
        topics: r.topics,
        claim_matches: r.claim_matches,
        priority: r.priority,
        flagged: r.flagged,
        reasons: r.reasons,
        model_version: r.model_version,
      }) + '\n',
    );
    ok++;
  }
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  process.stderr.write(`classify: ${ok} classified, ${bad} malformed line(s)\n`);
  return bad ? 1 : 0;
}

/** `saring reclassify`: after a model update, classifies every stored item with the current model. */
export async function reclassifyCommand(ctx: CliContext, opts: { pipeline?: string; pending?: boolean }): Promise<void> {
  await withRuntime(ctx, opts, async (rt) => {
    const s = await runClassify(rt.classifier(), { all: !opts.pending });
    ctx.out(`classified: ${s.classified} item(s), flagged ${s.flagged} (model ${rt.classifier().ctx.model.version}, ${(s.durationMs / 1000).toFixed(1)} s)`);
  });
}
