import type { Kysely } from 'kysely';
import type { CasePriority, Database } from '../db/schema.ts';
import { inTransaction, withSavepoint } from '../db/transaction.ts';
import { getUser } from '../db/users.repo.ts';
import { DeskError } from '../errors.ts';
import { DECISIVE_VERDICTS, PRIORITY_LABEL, VERDICT_LABEL } from '../vocabulary.ts';
import { openCase, setVerdict, updateCase } from './cases.service.ts';
import { invalid } from './guard.ts';
import { requireRole, type Actor } from './roles.ts';

/**
 * Bulk actions on the review queue: one decision for many items at once. Each item goes through the
 * same service calls (and so the same audit entries) as the single-item forms: its case is opened
 * when it has none, then assigned, prioritised or dismissed. All in one transaction, each item under
 * its own savepoint, so a refused item is rolled back alone and named in the result while the rest land.
 */

/** At most this many items in one bulk action: the queue's largest page. */
export const BULK_MAX_ITEMS = 200;

export type BulkAction =
  /** null unassigns */
  | { kind: 'assign'; assigneeId: number | null }
  | { kind: 'priority'; priority: CasePriority }
  /** "Abaikan": the verdict "bukan hoaks" with the reason as its comment, for items no one has decided yet. */
  | { kind: 'dismiss'; reason: string };

export interface BulkOutcome {
  /** items changed, with their case */
  done: Array<{ itemId: number; caseId: number }>;
  /** items refused, each with the reason in Indonesian; nothing of theirs was written */
  failed: Array<{ itemId: number; message: string }>;
}

/** The verdict a dismissal records. */
export const DISMISS_VERDICT = 'bukan_hoaks' as const;

async function checkAction(db: Kysely<Database>, action: BulkAction): Promise<BulkAction> {
  if (action.kind === 'dismiss') {
    const reason = action.reason.trim();
    if (!reason) throw invalid('Alasan mengabaikan wajib diisi: tuliskan mengapa butir-butir ini bukan hoaks.');
    if (reason.length > 2000) throw invalid(`Alasan mengabaikan terlalu panjang (${reason.length} karakter, maksimal 2000).`);
    return { kind: 'dismiss', reason };
  }
  if (action.kind === 'assign' && action.assigneeId !== null) {
    const u = await getUser(db, action.assigneeId);
    if (!u?.active || !u.roles.includes('analis')) throw invalid(`Pengguna #${action.assigneeId} bukan analis aktif; butir hanya bisa ditugaskan ke analis.`);
  }
  return action;
}

/**
 * Applies `action` to each of `itemIds` (duplicates ignored). Refusals that concern the whole request
 * (role, no items, too many, no dismissal reason, an assignee who is not an active analyst) throw;
 * refusals of one item (unknown item, already decided, changed meanwhile) are returned in `failed`.
 */
export async function applyBulk(db: Kysely<Database>, actor: Actor, itemIds: readonly number[], input: BulkAction): Promise<BulkOutcome> {
  requireRole(actor, 'case.triage');
  const ids = [...new Set(itemIds)];
  if (!ids.length) throw invalid('Pilih minimal satu butir di antrean.');
  if (ids.length > BULK_MAX_ITEMS) throw invalid(`Terlalu banyak butir dipilih (${ids.length}); paling banyak ${BULK_MAX_ITEMS} sekaligus.`);
  const action = await checkAction(db, input);
  return inTransaction(db, async (tx) => {
    const out: BulkOutcome = { done: [], failed: [] };
    // Two selected items of one case: the case takes the action once, and both count as done.
    const handled = new Set<number>();
    for (const itemId of ids) {
      try {
        const caseId = await withSavepoint(tx, async () => {
          const { case: k } = await openCase(tx, actor, itemId);
          if (handled.has(k.id)) return k.id;
          if (action.kind === 'dismiss') {
            if (k.verdict && (DECISIVE_VERDICTS as readonly string[]).includes(k.verdict))
              throw new DeskError('INVALID_STATE', `kasus #${k.id} sudah diputuskan "${VERDICT_LABEL[k.verdict]}"; ubah putusannya di halaman kasus.`);
            await setVerdict(tx, actor, k.id, k.version, DISMISS_VERDICT, action.reason);
          } else if (action.kind === 'assign') {
            await updateCase(tx, actor, k.id, k.version, { assigneeId: action.assigneeId });
          } else {
            await updateCase(tx, actor, k.id, k.version, { priority: action.priority });
          }
          return k.id;
        });
        handled.add(caseId);
        out.done.push({ itemId, caseId });
      } catch (err) {
        // Only the desk's own refusals are one row's problem; anything else fails the request.
        if (!(err instanceof DeskError)) throw err;
        out.failed.push({ itemId, message: err.message });
      }
    }
    return out;
  });
}

/** What was done, in one Indonesian sentence: "3 butir diabaikan." */
export function describeBulk(action: BulkAction, assigneeName: string | null, n: number): string {
  if (action.kind === 'dismiss') return `${n} butir diabaikan (${VERDICT_LABEL[DISMISS_VERDICT]}).`;
  if (action.kind === 'priority') return `Prioritas ${n} butir diubah menjadi ${PRIORITY_LABEL[action.priority]}.`;
  return assigneeName ? `${n} butir ditugaskan ke ${assigneeName}.` : `Petugas ${n} butir dikosongkan.`;
}

/**
 * The refused items of a bulk request, in one Indonesian sentence after what was done. The flash is a
 * cookie (500 characters shown): the first few are named, the rest counted. Empty when none was refused.
 * @example describeRefusals([{ itemId: 7, message: 'Butir #7 tidak ditemukan.' }]) // ' 1 butir gagal: butir #7: Butir #7 tidak ditemukan.'
 */
export function describeRefusals(failed: ReadonlyArray<{ itemId: number; message: string }>): string {
  if (!failed.length) return '';
  const shown = failed.slice(0, 3).map((f) => `butir #${f.itemId}: ${f.message}`);
  const more = failed.length > shown.length ? `; dan ${failed.length - shown.length} butir lainnya` : '';
  return ` ${failed.length} butir gagal: ${shown.join('; ')}${more}`;
}
