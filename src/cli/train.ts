import { listModelVersions } from '../db/model-versions.repo.ts';
import { MODEL_STATUS_LABEL } from '../vocabulary.ts';
import { trainCandidate } from '../learning/models.service.ts';
import { scriptEvaluator, scriptTrainer } from '../learning/trainer.ts';
import { withRuntime, type CliContext } from './context.ts';

/**
 * `saring train`: a candidate model from the shipped training data plus this deployment's labels
 * (scripts/train.ts, the real trainer), judged beside the active model on the desk's held-out labels
 * and the shipped held-out sets (scripts/eval-candidate.ts). It is kept as a candidate an admin may
 * promote on the Model page, or as refused with the gates it failed. Exit code 2 when refused.
 */
export async function trainCommand(ctx: CliContext, opts: { pipeline?: string; shippedEval?: boolean }): Promise<number> {
  return withRuntime(ctx, opts, async (rt) => {
    const deps = rt.classifier();
    await deps.refresh?.();
    const v = await trainCandidate({
      db: rt.sdb.db,
      dataDir: ctx.config.dataDir,
      ctx: deps.ctx,
      ...(deps.sourceTrust ? { sourceTrust: deps.sourceTrust } : {}),
      trainer: scriptTrainer((line) => ctx.log.info(line)),
      ...(opts.shippedEval === false ? {} : { evaluator: scriptEvaluator() }),
      log: ctx.log,
    });
    ctx.out(`${v.id}: ${MODEL_STATUS_LABEL[v.status]} — ${v.decision ?? ''}`);
    ctx.out(`  folder ${v.dir} (under ${ctx.config.dataDir}); ${v.labels_used} desk label(s) trained on`);
    return v.status === 'refused' ? 2 : 0;
  });
}

/** `saring models`: the versions, newest first. */
export async function modelsListCommand(ctx: CliContext, opts: { json?: boolean }): Promise<void> {
  await withRuntime(ctx, {}, async (rt) => {
    const rows = await listModelVersions(rt.sdb.db);
    for (const r of rows) {
      if (opts.json)
        ctx.out(JSON.stringify({ id: r.id, status: r.status, dir: r.dir, decision: r.decision, created_at: r.created_at, promoted_at: r.promoted_at }));
      else ctx.out(`${r.id}  ${MODEL_STATUS_LABEL[r.status].padEnd(12)} ${r.decision ?? ''}`);
    }
    if (!rows.length && !opts.json) ctx.out('no trained versions: the shipped models/ are active');
  });
}
