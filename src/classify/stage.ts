import type { Kysely, RawBuilder } from 'kysely';
import type { ClassifyContextState } from '../db/classify-context.repo.ts';
import { linkResurfaced } from '../review/hlbk.ts';
import { itemsToClassify, saveClassifications, saveEmbeddings, type ItemToClassify } from '../db/classifications.repo.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { classify, type ClassifyContext } from './classifier.ts';
import type { Embedder } from './embeddings.ts';
import type { SourceTrust } from '../vocabulary.ts';
import { modelVersion } from './models.ts';
import { mapInSlices } from '../event-loop.ts';

export interface ClassifyDeps {
  db: Kysely<Database>;
  log: Logger;
  ctx: ClassifyContext;
  /**
   * Called before each pass: brings `ctx` up to date with what the database holds (the active model,
   * the registry, decided cases, newly stored fact-checks). Given the context's fingerprints (read
   * with the pass's first batch, see `contextFingerprints`), it does not ask for them itself.
   */
  refresh?: (state?: ClassifyContextState) => Promise<void>;
  /** The SQL of the context's fingerprints, for the pass's first batch to carry to `refresh`. */
  contextFingerprints?: RawBuilder<ClassifyContextState>;
  /** Sources whose items are fact-checks: the debunk corpus, never flagged themselves. */
  factCheckSources?: ReadonlySet<string>;
  /** Each source's trust class (pipeline `sources[].trust`); tips are `tip`. */
  sourceTrust?: ReadonlyMap<string, SourceTrust>;
  /** Sentence embeddings, when a model is available; each classified item's vector is stored. */
  embedder?: Embedder | null;
}

/** Characters of an item that enter its embedding: these models read ~128–256 tokens anyway. */
const EMBED_CHARS = 1_000;

export interface ClassifySummary {
  classified: number;
  flagged: number;
  /** Items linked to decided cases as old hoaxes circulating again. */
  linked: number;
  durationMs: number;
}

/**
 * Classifies stored items in batches: those the current model has not classified yet, or all of them
 * with `all` (`saring reclassify`); only `ids` when given (a job's share of the work). Keyed on (item, model version), so a crash mid-way loses nothing:
 * the next run continues where this one stopped.
 */
export async function runClassify(
  deps: ClassifyDeps,
  opts: { batchSize?: number; all?: boolean; ids?: readonly number[]; signal?: AbortSignal } = {},
): Promise<ClassifySummary> {
  const started = Date.now();
  const summary: ClassifySummary = { classified: 0, flagged: 0, linked: 0, durationMs: 0 };
  // The context is checked with the first batch, a round trip less per job (issue 21); when the check
  // finds another model active, the batch (chosen by what the previous model had classified) is read
  // again.
  let check = deps.refresh && deps.contextFingerprints;
  if (deps.refresh && !check) await deps.refresh();
  let version = modelVersion(deps.ctx);
  const limit = opts.batchSize ?? 200;
  let afterId = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const batch = await itemsToClassify(deps.db, {
      version,
      afterId,
      limit,
      ...(opts.all ? { all: true } : {}),
      ...(opts.ids ? { ids: opts.ids } : {}),
      ...(check ? { context: check } : {}),
    });
    if (check) {
      check = undefined;
      // An empty batch carries no fingerprints: refresh reads them itself (it may be empty only
      // because the batch was chosen against a model no longer active).
      await deps.refresh!(batch[0]?.context);
      if (modelVersion(deps.ctx) !== version) {
        version = modelVersion(deps.ctx);
        continue;
      }
    }
    if (!batch.length) break;
    const now = new Date();
    const rows = await mapInSlices(batch, (i) => ({
      itemId: i.id,
      result: classifyStored(i, deps, now),
    }));
    await saveClassifications(deps.db, rows);
    // HLBK: an item repeating a decided claim closely enough joins that case (a suggestion otherwise).
    const links = rows.flatMap((r, k) => {
      const m = r.result.case_matches[0];
      return m?.auto && batch[k]!.case_id === null ? [{ itemId: r.itemId, caseId: m.case_id, score: m.score }] : [];
    });
    if (links.length) summary.linked += await linkResurfaced(deps.db, links);
    if (deps.embedder) {
      const vectors = await deps.embedder.embed(batch.map((i) => (i.title ? `${i.title}\n${i.text}` : i.text).slice(0, EMBED_CHARS)));
      await saveEmbeddings(
        deps.db,
        deps.embedder.id,
        batch.map((i, k) => ({ itemId: i.id, vector: vectors[k]! })),
      );
    }
    summary.classified += rows.length;
    summary.flagged += rows.filter((r) => r.result.flagged).length;
    afterId = batch[batch.length - 1]!.id;
    // A short batch was the last: asking again would cost a round trip per job for an empty answer.
    if (batch.length < limit) break;
  }
  summary.durationMs = Date.now() - started;
  if (summary.classified) {
    deps.log.info(
      { model_version: version, classified: summary.classified, flagged: summary.flagged, hlbk_linked: summary.linked, duration_ms: summary.durationMs },
      `classified ${summary.classified} item(s), ${summary.flagged} flagged${summary.linked ? `, ${summary.linked} linked to decided cases (HLBK)` : ''}`,
    );
  }
  return summary;
}

/**
 * One stored item through the classifier, with what the stage knows of its source. The text its
 * images carry (OCR) is read as part of the item, after its own words: a forwarded screenshot's
 * message is what the item says, so it goes through the same hoax model, police mentions, claim and
 * case matching as typed text. (Police mention spans past the item's own text point into that OCR
 * text; the item page marks only those inside the item's text.)
 */
function classifyStored(i: ItemToClassify, deps: ClassifyDeps, now: Date) {
  const trust = deps.sourceTrust?.get(i.source_id) ?? null;
  return classify(
    {
      title: i.title,
      text: i.image_text ? (i.text ? `${i.text}\n\n${i.image_text}` : i.image_text) : i.text,
      publishedAt: i.published_at,
      engagement: i,
      reposts: i.reposts,
      language: i.language,
      factCheck: deps.factCheckSources?.has(i.source_id) ?? false,
      caseId: i.case_id,
      sourceTrust: trust,
      // A tip's author is whoever reported it, not who wrote the message: only a source's own author speaks.
      author: trust === 'tip' ? null : i.author,
    },
    { ...deps.ctx, now },
  );
}
