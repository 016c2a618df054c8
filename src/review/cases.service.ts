import type { Kysely } from 'kysely';
import { appendAudit, pickChanged } from '../db/audit.repo.ts';
import {
  absorbCase,
  attachItems,
  casesOfItems,
  existingItemIds,
  getCase,
  insertCase,
  insertNote,
  insertReview,
  isCriticismOnlyCase,
  itemForCase,
  itemsWithoutCase,
  updateCaseRow,
} from '../db/cases.repo.ts';
import { TOPICS } from '../classify/topics.ts';
import type { Case, CasePriority, ComplaintRoute, ContentType, Database, Verdict } from '../db/schema.ts';
import { CONTENT_TYPES, DECISIVE_VERDICTS, isConfirmed } from '../vocabulary.ts';
import { getUser } from '../db/users.repo.ts';
import { clarificationPastDraft } from '../db/clarifications.repo.ts';
import { DeskError } from '../errors.ts';
import { checkLink, invalid, notFound, staleOrMissing } from './guard.ts';
import { requireRole, type Actor } from './roles.ts';

/**
 * The analyst's side of the desk: cases, verdicts, priority, assignment, notes and merging.
 * Every change checks the actor's role, runs in one transaction with its audit entry, and updates a
 * case only at the version the analyst saw (optimistic concurrency).
 */

/** The first 120 characters of the title (or text) name a new case; analysts can rename it. */
function caseTitle(item: { title: string | null; text: string }): string {
  const t = (item.title?.trim() || item.text.trim()).replace(/\s+/g, ' ');
  return t.length > 120 ? `${t.slice(0, 119)}…` : t || '(tanpa judul)';
}

/** Priority a new case starts with, from the classifier's score. */
function initialPriority(score: number | null): CasePriority {
  if (score === null) return 'sedang';
  return score >= 0.7 ? 'tinggi' : score >= 0.45 ? 'sedang' : 'rendah';
}

/** The case of an item, opened now if it has none. */
export async function openCase(db: Kysely<Database>, actor: Actor, itemId: number): Promise<{ case: Case; created: boolean }> {
  requireRole(actor, 'case.triage');
  return db.transaction().execute(async (tx) => {
    const item = await itemForCase(tx, itemId);
    if (!item) throw notFound('item', itemId);
    if (item.case_id) return { case: (await getCase(tx, item.case_id))!, created: false };
    const created = await insertCase(tx, { title: caseTitle(item), priority: initialPriority(item.score), createdBy: actor.id });
    await attachItems(tx, created.id, [itemId], actor.id);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'case.opened',
      entity: 'case',
      entityId: created.id,
      after: { title: created.title, priority: created.priority, items: [itemId] },
    });
    return { case: created, created: true };
  });
}

export interface CasePatch {
  title?: string | undefined;
  priority?: CasePriority | undefined;
  /** null unassigns */
  assigneeId?: number | null | undefined;
  /** First Draft type; null clears it. */
  contentType?: ContentType | null | undefined;
  /** One of the classifier's topics (TOPICS); null clears it. */
  topic?: string | null | undefined;
}

export async function updateCase(db: Kysely<Database>, actor: Actor, caseId: number, version: number, patch: CasePatch): Promise<Case> {
  requireRole(actor, 'case.triage');
  const title = patch.title?.trim();
  if (patch.title !== undefined && !title) throw invalid('Judul kasus tidak boleh kosong.');
  if (patch.assigneeId) {
    const u = await getUser(db, patch.assigneeId);
    if (!u?.active || !u.roles.includes('analis')) throw invalid(`Pengguna #${patch.assigneeId} bukan analis aktif; kasus hanya bisa ditugaskan ke analis.`);
  }
  if (patch.contentType && !(CONTENT_TYPES as readonly string[]).includes(patch.contentType))
    throw invalid(`Jenis konten "${patch.contentType}" tidak dikenal; pilih salah satu dari ${CONTENT_TYPES.join(', ')}.`);
  if (patch.topic && !(TOPICS as readonly string[]).includes(patch.topic))
    throw invalid(`Topik "${patch.topic}" tidak dikenal; pilih salah satu dari ${TOPICS.join(', ')}.`);
  return db.transaction().execute(async (tx) => {
    const before = await getCase(tx, caseId);
    const set = {
      ...(title ? { title: title.slice(0, 500) } : {}),
      ...(patch.priority ? { priority: patch.priority } : {}),
      ...(patch.assigneeId !== undefined ? { assignee_id: patch.assigneeId } : {}),
      ...(patch.contentType !== undefined ? { content_type: patch.contentType } : {}),
      ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
    };
    const after = await updateCaseRow(tx, caseId, version, set);
    if (!after) throw await staleOrMissing(tx, 'case', caseId, !!before);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'case.updated',
      entity: 'case',
      entityId: caseId,
      ...pickChanged(before!, after, Object.keys(set) as Array<keyof typeof set>),
    });
    return after;
  });
}

/**
 * Records a verdict. A case whose items are all criticism of the police (and no hoax about them) takes
 * a hoax, disinformasi or misinformasi verdict only with `overrideReason`, which the audit log keeps:
 * criticism goes to complaint handling, never to a hoax verdict by default (Polri SE/2/II/2021).
 */
export async function setVerdict(
  db: Kysely<Database>,
  actor: Actor,
  caseId: number,
  version: number,
  verdict: Verdict,
  comment?: string,
  overrideReason?: string,
): Promise<Case> {
  requireRole(actor, 'case.triage');
  return db.transaction().execute(async (tx) => {
    const before = await getCase(tx, caseId);
    const override = overrideReason?.trim() || null;
    const confirming = isConfirmed(verdict);
    const criticismCase = before !== undefined && confirming && (await isCriticismOnlyCase(tx, caseId));
    if (criticismCase) {
      if (!override) {
        throw new DeskError(
          'INVALID_STATE',
          `Kasus #${caseId} berisi kritik/keluhan terhadap polisi, bukan hoaks: teruskan ke pengaduan masyarakat (Dumas/Propam). Verdict ${verdict} hanya dengan alasan pengecualian yang tercatat di jejak audit.`,
        );
      }
      if (override.length > 2000) throw invalid(`Alasan pengecualian terlalu panjang (${override.length} karakter, maksimal 2000).`);
    }
    if (before && !isConfirmed(verdict)) {
      const out = await clarificationPastDraft(tx, caseId);
      if (out) {
        throw new DeskError(
          'INVALID_STATE',
          `Kasus #${caseId} sudah punya klarifikasi berstatus "${out.status}"; verdict hanya bisa diubah ke hoaks, disinformasi atau misinformasi.`,
        );
      }
    }
    const decisive = (DECISIVE_VERDICTS as readonly string[]).includes(verdict);
    const after = await updateCaseRow(tx, caseId, version, { verdict, ...(decisive && !before?.decided_at ? { decided_at: new Date() } : {}) });
    if (!after) throw await staleOrMissing(tx, 'case', caseId, !!before);
    const note = comment?.trim() || null;
    await insertReview(tx, { caseId, reviewerId: actor.id, verdict, comment: note });
    await appendAudit(tx, {
      userId: actor.id,
      action: 'case.verdict',
      entity: 'case',
      entityId: caseId,
      before: { verdict: before!.verdict },
      after: { verdict, comment: note, ...(criticismCase ? { criticism_override: override } : {}) },
    });
    return after;
  });
}

/**
 * Sends a case to complaint handling: pengaduan masyarakat (Dumas) or Propam, for criticism of or a
 * complaint about the police. It leaves the open queue for the "pengaduan" one and is counted apart
 * in the weekly report. `route` null takes it back.
 */
export async function routeComplaint(
  db: Kysely<Database>,
  actor: Actor,
  caseId: number,
  version: number,
  route: ComplaintRoute | null,
  comment?: string,
): Promise<Case> {
  requireRole(actor, 'case.triage');
  const note = comment?.trim() || null;
  if (note && note.length > 2000) throw invalid(`Catatan terlalu panjang (${note.length} karakter, maksimal 2000).`);
  return db.transaction().execute(async (tx) => {
    const before = await getCase(tx, caseId);
    if (before && route && isConfirmed(before.verdict)) {
      throw new DeskError('INVALID_STATE', `Kasus #${caseId} sudah dinyatakan ${before.verdict}; ubah verdictnya dulu bila ini kritik/keluhan, bukan hoaks.`);
    }
    const after = await updateCaseRow(tx, caseId, version, { complaint_route: route, complaint_routed_at: route ? new Date() : null });
    if (!after) throw await staleOrMissing(tx, 'case', caseId, !!before);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'case.routed',
      entity: 'case',
      entityId: caseId,
      before: { complaint_route: before!.complaint_route },
      after: { complaint_route: route, comment: note },
    });
    return after;
  });
}

export async function addNote(db: Kysely<Database>, actor: Actor, caseId: number, body: string, evidenceUrl?: string): Promise<{ id: number }> {
  requireRole(actor, 'case.note');
  const text = body.trim();
  if (!text) throw invalid('Catatan tidak boleh kosong.');
  if (text.length > 5000) throw invalid(`Catatan terlalu panjang (${text.length} karakter, maksimal 5000).`);
  const link = checkLink(evidenceUrl, 'Tautan bukti');
  return db.transaction().execute(async (tx) => {
    if (!(await getCase(tx, caseId))) throw notFound('case', caseId);
    const note = await insertNote(tx, { caseId, authorId: actor.id, body: text, evidenceUrl: link });
    await appendAudit(tx, {
      userId: actor.id,
      action: 'case.note',
      entity: 'case',
      entityId: caseId,
      after: { note_id: note.id, body: text, evidence_url: link },
    });
    return { id: note.id };
  });
}

/**
 * Puts items that carry the same claim into one case. An item already in another case brings that
 * whole case along (its items, verdicts, notes and clarifications), and the emptied case is removed.
 */
export async function mergeIntoCase(db: Kysely<Database>, actor: Actor, caseId: number, version: number, itemIds: number[]): Promise<Case> {
  requireRole(actor, 'case.triage');
  const ids = [...new Set(itemIds)];
  if (!ids.length) throw invalid('Sebutkan nomor butir yang akan digabungkan.');
  return db.transaction().execute(async (tx) => {
    const before = await getCase(tx, caseId);
    const found = new Set(await existingItemIds(tx, ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw invalid(`Butir ${missing.map((m) => `#${m}`).join(', ')} tidak ditemukan.`);
    // Bump the version first: a concurrent merge or edit of this case conflicts instead of interleaving.
    const bumped = await updateCaseRow(tx, caseId, version, {});
    if (!bumped) throw await staleOrMissing(tx, 'case', caseId, !!before);
    const absorbed = await casesOfItems(tx, ids, caseId);
    for (const other of absorbed) {
      const o = await getCase(tx, other);
      await absorbCase(tx, caseId, other);
      await appendAudit(tx, {
        userId: actor.id,
        action: 'case.merged_away',
        entity: 'case',
        entityId: other,
        before: { title: o?.title, verdict: o?.verdict },
        after: { merged_into: caseId },
      });
    }
    const loose = await itemsWithoutCase(tx, ids);
    await attachItems(tx, caseId, loose, actor.id);
    await appendAudit(tx, { userId: actor.id, action: 'case.merged', entity: 'case', entityId: caseId, after: { items: ids, absorbed_cases: absorbed } });
    return bumped;
  });
}
