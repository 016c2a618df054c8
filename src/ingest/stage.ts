import type { Kysely } from 'kysely';
import { finishRun, recentProblemRefs, startRun, type RunOutcome } from '../db/fetch-runs.repo.ts';
import { getValidators } from '../db/http-validators.repo.ts';
import { registerImageUrls } from '../db/images.repo.ts';
import { knownExternalIds, knownUrls } from '../db/items.repo.ts';
import { registryEntries } from '../db/registry.repo.ts';
import type { Database, Problem, Source } from '../db/schema.ts';
import { ConfigError, describeError, describeIssues } from '../errors.ts';
import type { HttpClient, Validators } from '../fetch/http-client.ts';
import type { ImageStore } from '../images/store.ts';
import type { Logger } from '../log.ts';
import { sourceKind } from '../sources/index.ts';
import type { CollectContext, CollectResult } from '../sources/types.ts';
import { storeAttachments } from './attachments.ts';
import { storeItems } from './dedup.ts';
import { DEFAULT_ITEM_LIMITS, prepareItem, type ItemLimits } from './prepare.ts';
import { mapInSlices } from '../event-loop.ts';

export interface IngestDeps {
  db: Kysely<Database>;
  http: HttpClient;
  log: Logger;
  limits?: Partial<IngestLimits>;
  /** The job process running the stage (scale-out mode), recorded on each fetch run. */
  processId?: string;
  /**
   * Private origins each source may reach, by source id (the pipeline's `sources[].allowHosts`, the
   * demo's replay server). Passed with that source's requests only: tips and other sources never get
   * them. (Default: none)
   */
  allowOrigins?: ReadonlyMap<string, readonly string[]>;
  /** IANA zone for dates that name none (the pipeline's `timezone`). (Default: Asia/Jakarta) */
  timeZone?: string;
  /** Where images sent with tips and attached to entries (chat exports' media) are stored (the runtime's, under the data dir). */
  imageStore?: ImageStore;
  /**
   * Stores each run's items in one transaction (PGlite: one session, so no other store can run
   * beside it and the groups that keep concurrent stores apart only cost round trips). (Default:
   * groups, see storeItems)
   */
  oneTransaction?: boolean;
}

export interface IngestLimits extends ItemLimits {
  /** Entries kept from one run; a feed listing more is cut here and the cut is recorded. (Default: 2 000) */
  maxItemsPerRun: number;
  /** HTML pages nested deeper are refused before parsing. (Default: 512) */
  maxHtmlDepth: number;
}

export interface RunSummary extends RunOutcome {
  sourceId: string;
  runId: number;
  durationMs: number;
  /** Items this run inserted or changed (not stored in fetch_runs). */
  storedIds: number[];
  /** Of those, the items that carry image URLs still to fetch (the images stage's work). */
  imageIds: number[];
}

/** Collects one source and stores what it delivered. Never throws for a source's failure: it records it. */
export async function runSource(deps: IngestDeps, source: Source, signal: AbortSignal = new AbortController().signal): Promise<RunSummary> {
  const def = sourceKind(source.kind);
  return recordRun(deps, source.id, async (staged) => {
    if (!def.collect) throw new ConfigError(`source "${source.id}": kind ${source.kind} receives items by hand and cannot be run`);
    const parsed = def.config.safeParse(source.config);
    if (!parsed.success) {
      const why = describeIssues(parsed.error, 'config');
      throw new ConfigError(`source "${source.id}": ${why}`);
    }
    return def.collect(collectContext(deps, source, signal, staged), parsed.data);
  });
}

/**
 * Runs `collect` inside a fetch_runs record: prepares and stores the items, then records the outcome
 * and, with it, the conditional-GET validators the run staged. Validators are saved only after the
 * items are stored, so a run that fails half-way is fetched in full next time rather than answered
 * 304 and lost.
 */
export async function recordRun(
  deps: IngestDeps,
  sourceId: string,
  collect: (stagedValidators: Array<{ url: string } & Validators>) => Promise<CollectResult>,
): Promise<RunSummary> {
  const limits = { ...DEFAULT_INGEST_LIMITS, ...deps.limits };
  const started = Date.now();
  const runId = await startRun(deps.db, sourceId, deps.processId ?? null);
  const log = deps.log.child({ source_id: sourceId, run_id: runId });
  const staged: Array<{ url: string } & Validators> = [];
  let outcome: RunOutcome;
  let storedIds: number[] = [];
  let imageIds: number[] = [];
  /** The validators to save with the outcome: a successful run's only (see above). */
  let validators: Array<{ url: string } & Validators> = [];
  try {
    const result = await collect(staged);
    const problems: Problem[] = [...result.rejected];
    let entries = result.items;
    if (entries.length > limits.maxItemsPerRun) {
      problems.push({ ref: 'run', reason: `source delivered ${entries.length} entries; kept the first ${limits.maxItemsPerRun}` });
      entries = entries.slice(0, limits.maxItemsPerRun);
    }
    const prepared = await mapInSlices(entries, (i) => prepareItem(i, limits));
    const counts = await storeItems(deps.db, sourceId, prepared, deps.oneTransaction ? { maxLockKeys: Infinity } : {});
    // Image URLs the parsers kept (raw.images) become rows for the images stage to fetch. Most runs
    // carry none, and asking would be a round trip per job for nothing (issue 21).
    if (prepared.some((p) => Array.isArray(p.raw.images) && p.raw.images.length > 0)) imageIds = await registerImageUrls(deps.db, counts.ids);
    // Images delivered as bytes (a chat export's media) are stored now and attached to their items.
    const attached = await storeAttachments(
      deps.db,
      deps.imageStore,
      sourceId,
      entries.map((e, k) => ({ key: prepared[k]!.key, attachments: e.attachments ?? [] })),
    );
    imageIds = [...new Set([...imageIds, ...attached.itemIds])];
    problems.push(...attached.problems);
    validators = staged;
    storedIds = counts.ids;
    outcome = {
      status: result.notModified ? 'not_modified' : problems.length ? 'partial' : 'success',
      fetched: result.items.length,
      new: counts.new,
      updated: counts.updated,
      duplicate: counts.duplicate,
      rejected: problems.length,
      problems,
    };
  } catch (err) {
    outcome = endedBy(err);
  }
  try {
    await finishRun(deps.db, runId, outcome, validators);
  } catch (err) {
    if (!validators.length) throw err;
    // Saving the validators failed: the run is recorded as failed without them, so the next run
    // fetches in full (what it stored is stored, and is classified).
    outcome = endedBy(err);
    await finishRun(deps.db, runId, outcome);
  }
  // Refusals and cuts (item limit, entries without content) are recorded on the run and logged here.
  if (outcome.problems.length) {
    log.warn(
      { rejected: outcome.problems.length, problems: outcome.problems.slice(0, 5) },
      `${sourceId}: ${outcome.problems.length} problem(s), first: ${outcome.problems[0]!.ref}: ${outcome.problems[0]!.reason}`,
    );
  }
  const summary = { ...outcome, sourceId, runId, durationMs: Date.now() - started, storedIds, imageIds };
  if (outcome.status === 'failure') log.warn({ error_code: outcome.errorCode, err_message: outcome.error }, `run failed: ${outcome.error}`);
  log.info(
    {
      status: outcome.status,
      fetched: outcome.fetched,
      new: outcome.new,
      updated: outcome.updated,
      duplicates: outcome.duplicate,
      rejected: outcome.rejected,
      duration_ms: summary.durationMs,
    },
    `${sourceId}: ${outcome.status} — fetched ${outcome.fetched}, new ${outcome.new}, duplicates ${outcome.duplicate}, errors ${outcome.rejected + (outcome.status === 'failure' ? 1 : 0)}`,
  );
  return summary;
}

/** The outcome of a run an error ended: abandoned when it was cancelled, failed otherwise; nothing counted. */
function endedBy(err: unknown): RunOutcome {
  const { code, message } = describeError(err);
  return {
    status: code === 'ABORTED' ? 'abandoned' : 'failure',
    fetched: 0,
    new: 0,
    updated: 0,
    duplicate: 0,
    rejected: 0,
    errorCode: code,
    error: message,
    problems: [],
  };
}

/** A page that failed (404, robots, no body) is tried again after this long, not on every run. */
const FAILED_PAGE_RETRY_HOURS = 6;

export const DEFAULT_INGEST_LIMITS: IngestLimits = { ...DEFAULT_ITEM_LIMITS, maxItemsPerRun: 2_000, maxHtmlDepth: 512 };

function collectContext(
  deps: IngestDeps,
  source: Pick<Source, 'id' | 'pipeline'>,
  signal: AbortSignal,
  staged: Array<{ url: string } & Validators>,
): CollectContext {
  const sourceId = source.id;
  return {
    sourceId,
    signal,
    maxHtmlDepth: deps.limits?.maxHtmlDepth ?? DEFAULT_INGEST_LIMITS.maxHtmlDepth,
    timeZone: deps.timeZone,
    log: deps.log.child({ source_id: sourceId }),
    async fetch(url, opts = {}) {
      const { conditional, ...rest } = opts;
      const validators = conditional ? await getValidators(deps.db, url) : undefined;
      const allowOrigins = deps.allowOrigins?.get(sourceId) ?? [];
      const res = await deps.http.get(url, { ...rest, signal, allowOrigins, ...(validators ? { validators } : {}) });
      if (conditional) staged.push({ url, ...res.validators });
      return res;
    },
    knownUrls: (urls) => knownUrls(deps.db, sourceId, urls),
    knownExternalIds: (ids) => knownExternalIds(deps.db, sourceId, ids),
    recentlyFailed: () => recentProblemRefs(deps.db, sourceId, FAILED_PAGE_RETRY_HOURS),
    registeredAccounts: async () =>
      (await registryEntries(deps.db, source.pipeline)).filter((e) => e.kind === 'akun').map((e) => ({ handle: e.value, platform: e.platform, unit: e.unit })),
  };
}
