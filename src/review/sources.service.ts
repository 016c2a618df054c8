import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.repo.ts';
import type { Database } from '../db/schema.ts';
import { getSource, setPaused } from '../db/sources.repo.ts';
import { notFoundSource } from './guard.ts';
import { requireRole, type Actor } from './roles.ts';

/**
 * Pauses or resumes a source from the admin page. Pausing is kept apart from the pipeline's
 * `enabled` (which the pipeline file owns and every start re-applies): a paused source keeps its
 * schedule but its ticks do nothing until it is resumed.
 */
export async function setSourcePaused(db: Kysely<Database>, actor: Actor, sourceId: string, paused: boolean): Promise<void> {
  requireRole(actor, 'source.manage');
  await db.transaction().execute(async (tx) => {
    const before = await getSource(tx, sourceId);
    if (!before) throw notFoundSource(sourceId);
    if (!!before.paused_at === paused) return;
    await setPaused(tx, sourceId, paused);
    await appendAudit(tx, {
      userId: actor.id,
      action: paused ? 'source.paused' : 'source.resumed',
      entity: 'source',
      entityId: sourceId,
      before: { paused: !paused },
      after: { paused },
    });
  });
}
