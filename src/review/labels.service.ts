import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.repo.ts';
import { existingItemIds } from '../db/cases.repo.ts';
import { heldoutDecided, labelsOf, retireClassLabels, upsertLabels } from '../db/labels.repo.ts';
import type { Database } from '../db/schema.ts';
import { TOPICS } from '../classify/topics.ts';
import { ITEM_LABEL_LABEL, ITEM_LABELS, LABEL_KIND_LABEL, type ItemLabel, type LabelKind } from '../vocabulary.ts';
import { describeRefusals } from './bulk.service.ts';
import { invalid, notFound } from './guard.ts';
import { requireRole, type Actor } from './roles.ts';

/**
 * One-click corrections (issue 17): the analyst says what an item is, and that is stored as a label
 * with who and when, written to the audit log, and read by the queue (bukan hoaks and berita
 * resmi/netral close the item, kritik lists it under complaint handling) and by training. No case is
 * needed. Every function takes many item ids at once, so a bulk action is one call and one transaction.
 */

/** Labels per request: a queue page is at most 200 rows. */
export const MAX_ITEMS_PER_CORRECTION = 500;

/** One in five items is held out (never trained on): the frozen set candidate models are judged on. */
export const HELDOUT_MODULUS = 5;

/** Whether an item's labels are held out, by a hash of its id alone: the same item is held out in every deployment and forever. */
export function isHeldOut(itemId: number): boolean {
  return createHash('sha1').update(`saring-label:${itemId}`).digest().readUInt32BE(0) % HELDOUT_MODULUS === 0;
}

export type Correction = { kind: 'class'; value: ItemLabel } | { kind: 'topic'; value: string } | { kind: 'unit'; value: string };

/** What the queue and training read of a correction. */
export interface CorrectionResult {
  labelled: number[];
  /** Items whose label did not change (the same click again). */
  unchanged: number[];
  /** Items refused, each with the reason in Indonesian; nothing of theirs was written (the others were). */
  failed: Array<{ itemId: number; message: string }>;
}

/**
 * Labels `itemIds` with `correction` for `actor`, in one transaction. `units` are the police units a
 * unit correction may name (the pipeline's and Polri's levels). Refusals of the whole request (role,
 * no items, too many, an unknown correction) throw; an unknown item costs only itself and is named in
 * `failed`, unless no item at all was found (then there is nothing to do, and that is an error).
 */
export async function correctItems(
  db: Kysely<Database>,
  actor: Actor,
  itemIds: readonly number[],
  correction: Correction,
  opts: { units?: readonly string[] } = {},
): Promise<CorrectionResult> {
  requireRole(actor, 'case.triage');
  const ids = [...new Set(itemIds)];
  if (!ids.length) throw invalid('Pilih butir yang akan dikoreksi.');
  if (ids.length > MAX_ITEMS_PER_CORRECTION) throw invalid(`Terlalu banyak butir sekaligus (${ids.length}, maksimal ${MAX_ITEMS_PER_CORRECTION}).`);
  const value = correction.value.trim();
  if (correction.kind === 'class' && !(ITEM_LABELS as readonly string[]).includes(value))
    throw invalid(`Koreksi "${value}" tidak dikenal; pilih salah satu dari ${ITEM_LABELS.join(', ')}.`);
  if (correction.kind === 'topic' && !(TOPICS as readonly string[]).includes(value))
    throw invalid(`Topik "${value}" tidak dikenal; pilih salah satu dari ${TOPICS.join(', ')}.`);
  if (correction.kind === 'unit' && !(opts.units ?? []).includes(value))
    throw invalid(`Satuan polisi "${value}" tidak dikenal; pilih salah satu dari ${(opts.units ?? []).join(', ') || '(tidak ada)'}.`);
  return db.transaction().execute(async (tx) => {
    const found = new Set(await existingItemIds(tx, ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length === ids.length) throw invalid(`Butir ${missing.map((m) => `#${m}`).join(', ')} tidak ditemukan.`);
    const failed = missing.map((itemId) => ({ itemId, message: notFound('item', itemId).message }));
    const known = ids.filter((id) => found.has(id));
    const before = new Map((await labelsOf(tx, actor.id, correction.kind, known)).map((l) => [l.item_id, l]));
    const unchanged = known.filter((id) => before.get(id)?.value === value && before.get(id)?.current);
    const changing = known.filter((id) => !unchanged.includes(id));
    if (!changing.length) return { labelled: [], unchanged, failed };
    // The held-out choice of an item already labelled by someone stays what it was.
    const decided = new Map((await heldoutDecided(tx, changing)).map((r) => [Number(r.item_id), r.heldout]));
    const stored = await upsertLabels(
      tx,
      changing.map((itemId) => ({ itemId, userId: actor.id, kind: correction.kind, value, heldout: decided.get(itemId) ?? isHeldOut(itemId) })),
    );
    if (correction.kind === 'class')
      await retireClassLabels(
        tx,
        changing,
        stored.map((s) => s.id),
      );
    for (const s of stored) {
      const prev = before.get(s.item_id);
      await appendAudit(tx, {
        userId: actor.id,
        action: 'item.labelled',
        entity: 'item',
        entityId: s.item_id,
        before: prev ? { [correction.kind === 'class' ? 'label' : correction.kind]: prev.value } : null,
        after: { [correction.kind === 'class' ? 'label' : correction.kind]: value, heldout: s.heldout },
      });
    }
    return { labelled: stored.map((s) => s.item_id), unchanged, failed };
  });
}

/** The flash message after a correction, in Indonesian: what was labelled, what already was, then each refused item by number and why. */
export function correctionMessage(correction: Correction, r: CorrectionResult): string {
  const what =
    correction.kind === 'class' ? `"${ITEM_LABEL_LABEL[correction.value]}"` : `${LABEL_KIND_LABEL[correction.kind].toLowerCase()} "${correction.value}"`;
  const n = r.labelled.length;
  const same = r.unchanged.length ? ` ${r.unchanged.length} butir sudah berlabel sama.` : '';
  const done = n ? `${n} butir dilabeli ${what}.${same}` : `Tidak ada perubahan:${same || ' tidak ada butir yang dilabeli.'}`;
  return done + describeRefusals(r.failed);
}

export type { LabelKind };
