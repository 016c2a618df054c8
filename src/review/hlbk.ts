import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.repo.ts';
import { criticismOnlyItems, insertCaseItem, lockCase, markResurfaced } from '../db/cases.repo.ts';
import type { Database } from '../db/schema.ts';
import { isConfirmed, type CasePriority } from '../vocabulary.ts';

/** An old hoax circulating again is worth more attention than when it was decided: one step up. */
const RAISED: Record<CasePriority, CasePriority> = { rendah: 'sedang', sedang: 'tinggi', tinggi: 'tinggi' };

/**
 * HLBK (hoaks lama beredar kembali): links items to the decided cases they repeat, above the automatic
 * threshold. Each item joins the case unless it is already in one; the case is marked as circulating
 * again and its priority raised a step, with an audit entry by the system. A case no longer decided as
 * a hoax (its verdict changed since the match) is skipped. Complaints never become hoaxes this way: an
 * item that is criticism of the police (and no hoax about them) is left for an analyst, and a case
 * sent to complaint handling takes no links. One transaction per link, the case row locked, so a
 * verdict changed meanwhile is seen. Returns how many items were linked.
 */
export async function linkResurfaced(db: Kysely<Database>, links: ReadonlyArray<{ itemId: number; caseId: number; score: number }>): Promise<number> {
  let linked = 0;
  for (const l of links) {
    const done = await db.transaction().execute(async (tx) => {
      const k = await lockCase(tx, l.caseId);
      if (!k || !isConfirmed(k.verdict) || k.complaint_route) return false;
      if ((await criticismOnlyItems(tx, [l.itemId])).length) return false;
      if (!(await insertCaseItem(tx, { itemId: l.itemId, caseId: l.caseId, link: 'hlbk', score: l.score, by: null }))) return false;
      const priority = RAISED[k.priority];
      await markResurfaced(tx, l.caseId, priority);
      await appendAudit(tx, {
        userId: null,
        action: 'case.hlbk_linked',
        entity: 'case',
        entityId: l.caseId,
        before: { priority: k.priority },
        after: { items: [l.itemId], link_score: l.score, priority },
      });
      return true;
    });
    if (done) linked++;
  }
  return linked;
}
