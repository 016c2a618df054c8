import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import { ClaimIndex } from '../classify/claim-match.ts';
import { classify, type ClassifyResult } from '../classify/classifier.ts';
import { OfficialRegistry } from '../classify/official-registry.ts';
import { SOURCE_TRUSTS } from '../vocabulary.ts';
import { checkEntry } from '../review/registry-entry.ts';
import { loadModels, modelVersion } from '../classify/models.ts';
import { ConfigError, describeIssues } from '../errors.ts';
import { loadPipeline } from '../pipeline/load.ts';
import { withRuntime, type CliContext } from './context.ts';

const line = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
  title: z.string().nullish(),
  published_at: z.string().nullish(),
  /** Who spoke: official, media, factcheck, social or tip; unknown when absent. */
  source_trust: z.enum(SOURCE_TRUSTS).nullish(),
  /** The author's handle or the sender's number, checked against the pipeline's registry. */
  author: z.string().max(200).nullish(),
});

/**
 * `saring classify --in items.jsonl --out results.jsonl`: no database, no network. A malformed line
 * gets an error line of its own (with its line number) and the others go on. Exits 1 if any failed.
 */
export async function classifyFileCommand(ctx: CliContext, opts: { in: string; out?: string; claims?: string; pipeline?: string }): Promise<number> {
  for (const f of [opts.in, opts.claims]) if (f && !fs.existsSync(f)) throw new ConfigError(`classify: ${f}: no such file`);
  const pipeline = await loadPipeline(opts.pipeline ?? ctx.config.pipeline, ctx.config.pipelinesDir);
  const models = loadModels();
  const claims = opts.claims ? ClaimIndex.build(readDebunks(opts.claims)) : undefined;
  // The pipeline file's registry: what the database is seeded with on a first start.
  const registry = pipeline.registry.length
    ? new OfficialRegistry(
        pipeline.registry.map((e) => checkEntry(e)),
        pipeline.area.units,
      )
    : undefined;
  const cctx = {
    ...models,
    claims,
    registry,
    lexicon: { units: pipeline.area.units },
    places: pipeline.area.places,
    flagThreshold: pipeline.classify.flagThreshold,
  };
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
      if (!r.success) throw new Error(describeIssues(r.error));
      parsed = r.data;
    } catch (err) {
      bad++;
      out.write(JSON.stringify({ line: n, error: `${opts.in}: line ${n}: ${(err as Error).message}` }) + '\n');
      continue;
    }
    const publishedAt = parsed.published_at ? new Date(parsed.published_at) : null;
    const r = classify(
      {
        title: parsed.title ?? null,
        text: parsed.text,
        publishedAt: publishedAt && !Number.isNaN(publishedAt.getTime()) ? publishedAt : null,
        sourceTrust: parsed.source_trust ?? null,
        author: parsed.source_trust === 'tip' ? null : (parsed.author ?? null),
      },
      cctx,
    );
    // Everything the classify stage stores, under the same names (classifications columns).
    out.write(JSON.stringify({ id: parsed.id, ...storedFields(r) }) + '\n');
    ok++;
  }
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  process.stderr.write(`classify: ${ok} classified, ${bad} malformed line(s)\n`);
  return bad ? 1 : 0;
}

/** The fields of a classification as the stage stores them (db/classifications.repo.ts saves the same). */
function storedFields(r: ClassifyResult) {
  return {
    model_version: r.model_version,
    hoax_score: r.hoax_score,
    hoax: r.hoax,
    police_class: r.police_flags?.class ?? null,
    police_flags: r.police_flags,
    police_mentions: r.police_mentions,
    police_units: r.police_units,
    source_trust: r.source_trust,
    topics: r.topics,
    claim_matches: r.claim_matches,
    case_matches: r.case_matches,
    signals: r.signals,
    priority: r.priority,
    flagged: r.flagged,
    reasons: r.reasons,
  };
}

const debunkLine = z.object({ url: z.string().nullish(), title: z.string().nullish(), text: z.string().default('') });

/** A JSONL file of debunked claims ({"url","title","text"}); a malformed line is an error naming it. */
function readDebunks(file: string) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((raw, i) => ({ raw, n: i + 1 }))
    .filter(({ raw }) => raw.trim())
    .map(({ raw, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        throw new ConfigError(`classify: --claims ${file}: line ${n}: ${(err as Error).message}`);
      }
      const r = debunkLine.safeParse(value);
      if (!r.success) throw new ConfigError(`classify: --claims ${file}: line ${n}: ${r.error.issues[0]!.message}`);
      return { url: r.data.url ?? null, title: r.data.title ?? null, text: r.data.text };
    });
}

/** `saring reclassify`: after a model update, classifies every stored item with the current model. */
export async function reclassifyCommand(ctx: CliContext, opts: { pipeline?: string; pending?: boolean }): Promise<void> {
  await withRuntime(ctx, opts, async (rt) => {
    // The stage (and the database code under it) loads only here: `saring classify` never needs it.
    const { runClassify } = await import('../classify/stage.ts');
    const s = await runClassify(rt.classifier(), { all: !opts.pending });
    ctx.out(`classified: ${s.classified} item(s), flagged ${s.flagged} (model ${modelVersion(rt.classifier().ctx)}, ${(s.durationMs / 1000).toFixed(1)} s)`);
  });
}
