import type { AppConfig } from '../config.ts';
import { decidedCaseClaims } from '../db/cases.repo.ts';
import { debunkItems } from '../db/classifications.repo.ts';
import { classifyContextFingerprints, classifyContextState, type ClassifyContextState } from '../db/classify-context.repo.ts';
import type { SaringDb } from '../db/connect.ts';
import { registryEntries } from '../db/registry.repo.ts';
import { TIP_SOURCE_ID } from '../ingest/tips.ts';
import { applyActiveModel } from '../learning/models.service.ts';
import type { Logger } from '../log.ts';
import { sourceTrust, type Pipeline } from '../pipeline/define.ts';
import { ClaimIndex } from './claim-match.ts';
import { loadEmbedder, readManifest } from './embeddings.ts';
import { loadModels } from './models.ts';
import { OfficialRegistry } from './official-registry.ts';
import type { ClassifyDeps } from './stage.ts';

/**
 * The classify stage's dependencies: the models, the pipeline's lexicon, and the indexes built from
 * the database (debunked claims, decided cases, the official-accounts registry). Built once per
 * process and kept: `refresh()`, called before every pass (every job on a worker), reads the
 * fingerprints of all four (in one query, or with the pass's first batch of items: runClassify) and
 * rebuilds only the parts whose fingerprint changed, so an admin's promotion, registry edit or
 * verdict reaches every worker at its next job without each job paying for the rebuild (issue 21:
 * ≈ 570 jobs each rebuilding their context).
 */
export function classifierDeps(
  sdb: Pick<SaringDb, 'db'>,
  p: Pipeline,
  config: Pick<AppConfig, 'dataDir' | 'modelsDir' | 'allowModelDownload'>,
  log: Logger,
): ClassifyDeps {
  const factChecks = p.sources.filter((s) => s.factCheck).map((s) => s.id);
  const deps: ClassifyDeps = {
    db: sdb.db,
    log,
    ctx: { ...loadModels(), lexicon: { units: p.area.units }, places: p.area.places, flagThreshold: p.classify.flagThreshold },
    factCheckSources: new Set(factChecks),
    sourceTrust: new Map([...p.sources.map((s) => [s.id, sourceTrust(s)] as const), [TIP_SOURCE_ID, 'tip' as const]]),
  };
  const rebuild: Record<keyof ClassifyContextState, () => Promise<void>> = {
    // The model version an admin promoted on the Model page (sql/0017), else the shipped models/.
    model: () => applyActiveModel(sdb.db, config.dataDir, deps.ctx, log),
    registry: async () => {
      deps.ctx.registry = new OfficialRegistry(await registryEntries(sdb.db, p.name), p.area.units);
      log.info({ entries: deps.ctx.registry.size }, `official-accounts registry: ${deps.ctx.registry.size} entr(ies)`);
    },
    decidedCases: async () => {
      deps.ctx.decidedCases = ClaimIndex.build(await decidedCaseClaims(sdb.db));
      log.info({ items: deps.ctx.decidedCases.size }, `decided-case index: ${deps.ctx.decidedCases.size} item(s) of decided hoax cases`);
    },
    debunks: async () => {
      deps.ctx.claims = ClaimIndex.build(await debunkItems(sdb.db, factChecks));
      log.info({ debunks: deps.ctx.claims.size }, `claim index: ${deps.ctx.claims.size} debunked claim(s)`);
    },
  };
  /** The fingerprint each part was last built from. */
  const built: Partial<ClassifyContextState> = {};
  let embedderTried = false;
  deps.contextFingerprints = classifyContextFingerprints({ pipeline: p.name, factCheckSources: factChecks });
  deps.refresh = async (state?: ClassifyContextState) => {
    if (!embedderTried) {
      embedderTried = true;
      deps.embedder = await loadEmbedder({
        manifest: readManifest(),
        ...(config.modelsDir ? { modelsDir: config.modelsDir } : {}),
        allowDownload: config.allowModelDownload,
        log,
      });
    }
    state ??= await classifyContextState(sdb.db, { pipeline: p.name, factCheckSources: factChecks });
    const stale = (Object.keys(rebuild) as Array<keyof ClassifyContextState>).filter((part) => built[part] !== state[part]);
    await Promise.all(
      stale.map(async (part) => {
        await rebuild[part]();
        built[part] = state[part];
      }),
    );
  };
  return deps;
}
