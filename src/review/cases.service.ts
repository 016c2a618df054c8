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
  criticismOnlyItems,
  isCriticismOnlyCase,
  itemForCase,
  itemsWithoutCase,
  updateCaseRow,
} from '../db/cases.repo.ts';
import { TOPICS } from '../classify/topics.ts';
import type { Case, CasePriority, ComplaintRoute, ContentType, Database, Verdict } from '../db/schema.ts';
import { COMPLAINT_ROUTE_LABEL, CONTENT_TYPES, DECISIVE_VERDICTS, isConfirmed, priorityForScore, VERDICT_LABEL } from '../vocabulary.ts';
import { getUser } from '../db/users.repo.ts';
import { insertNotifications } from '../db/notifications.repo.ts';
import { clarificationPastDraft } from '../db/clarifications.repo.ts';
import { inTransaction } from '../db/transaction.ts';
import { DeskError } from '../errors.ts';
import { checkLink, invalid, notFound, staleOrMissing } from './guard.ts';
import { assignmentNotices } from './notifications.ts';
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

/** The case of an item, opened now if it has none. */
export async function openCase(db: Kysely<Database>, actor: Actor, itemId: number): Promise<{ case: Case; created: boolean }> {
  requireRole(actor, 'case.triage');
  return inTransaction(db, async (tx) => {
    const item = await itemForCase(tx, itemId);
    if (!item) throw notFound('item', itemId);
    if (item.case_id) return { case: (await getCase(tx, item.case_id))!, created: false };
    const created = await insertCase(tx, { title: caseTitle(item), priority: priorityForScore(item.score), createdBy: actor.id });
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
  return inTransaction(db, async (tx) => {
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
    await insertNotifications(tx, assignmentNotices(actor, before, after));
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

/** An override reason as the audit log keeps it: trimmed, at most 2000 characters; null when blank. */
function overrideText(reason: string | undefined): string | null {
  const r = reason?.trim() || null;
  if (r && r.length > 2000) throw invalid(`Alasan pengecualian terlalu panjang (${r.length} karakter, maksimal 2000).`);
  return r;
}

/**
 * Records a verdict. Criticism of or a complaint about the police is never a hoax by default (Polri
 * SE/2/II/2021): a case whose items are all criticism (and no hoax about the police), or a case sent
 * to complaint handling (Dumas/Propam), takes a hoax, disinformasi or misinformasi verdict only with
 * `overrideReason`, which the audit log keeps. A routed case so decided leaves complaint handling in
 * the same change, so no case is ever both a complaint and a confirmed hoax.
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
  const override = overrideText(overrideReason);
  return inTransaction(db, async (tx) => {
    const before = await getCase(tx, caseId);
    const confirming = isConfirmed(verdict);
    const routed = confirming ? (before?.complaint_route ?? null) : null;
    const criticismCase = before !== undefined && confirming && (await isCriticismOnlyCase(tx, caseId));
    if ((routed || criticismCase) && !override) {
      const why = routed
        ? `sudah diteruskan ke ${COMPLAINT_ROUTE_LABEL[routed]} sebagai kritik/keluhan, bukan hoaks`
        : 'berisi kritik/keluhan terhadap polisi, bukan hoaks: teruskan ke pengaduan masyarakat (Dumas/Propam)';
      throw new DeskError(
        'INVALID_STATE',
        `Kasus #${caseId} ${why}. Putusan ${verdict} hanya dengan alasan pengecualian yang tercatat di jejak audit${routed ? '; kasus lalu ditarik dari pengaduan' : ''}.`,
      );
    }
    if (before && !isConfirmed(verdict)) {
      const out = await clarificationPastDraft(tx, caseId);
      if (out) {
        throw new DeskError(
          'INVALID_STATE',
          `Kasus #${caseId} sudah punya klarifikasi berstatus "${out.status}"; putusan hanya bisa diubah ke hoaks, disinformasi atau misinformasi.`,
        );
      }
    }
    const decisive = (DECISIVE_VERDICTS as readonly string[]).includes(verdict);
    const after = await updateCaseRow(tx, caseId, version, {
      verdict,
      ...(decisive && !before?.decided_at ? { decided_at: new Date() } : {}),
      ...(routed ? { complaint_route: null, complaint_routed_at: null } : {}),
    });
    if (!after) throw await staleOrMissing(tx, 'case', caseId, !!before);
    const note = comment?.trim() || null;
    await insertReview(tx, { caseId, reviewerId: actor.id, verdict, comment: note });
    await appendAudit(tx, {
      userId: actor.id,
      action: 'case.verdict',
      entity: 'case',
      entityId: caseId,
      before: { verdict: before!.verdict, ...(routed ? { complaint_route: routed } : {}) },
      after: {
        verdict,
        comment: note,
        ...(criticismCase ? { criticism_override: override } : {}),
        ...(routed ? { complaint_override: override, complaint_route: null } : {}),
      },
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
      throw new DeskError('INVALID_STATE', `Kasus #${caseId} sudah dinyatakan ${before.verdict}; ubah putusannya dulu bila ini kritik/keluhan, bukan hoaks.`);
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
 *
 * Complaints never become hoaxes by a merge: criticism items or a case sent to complaint handling join
 * a case confirmed as a hoax only with `overrideReason` (kept in the audit log, as setVerdict does); a
 * confirmed case is never buried in a complaint case; and a case absorbing a routed one takes its
 * route, so the guard of setVerdict still holds for it.
 */
export async function mergeIntoCase(
  db: Kysely<Database>,
  actor: Actor,
  caseId: number,
  version: number,
  itemIds: number[],
  overrideReason?: string,
): Promise<Case> {
  requireRole(actor, 'case.triage');
  const ids = [...new Set(itemIds)];
  if (!ids.length) throw invalid('Sebutkan nomor butir yang akan digabungkan.');
  const override = overrideText(overrideReason);
  return db.transaction().execute(async (tx) => {
    const before = await getCase(tx, caseId);
    const found = new Set(await existingItemIds(tx, ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw invalid(`Butir ${missing.map((m) => `#${m}`).join(', ')} tidak ditemukan.`);
    // Bump the version first: a concurrent merge or edit of this case conflicts instead of interleaving.
    const bumped = await updateCaseRow(tx, caseId, version, {});
    if (!bumped) throw await staleOrMissing(tx, 'case', caseId, !!before);
    const absorbedIds = await casesOfItems(tx, ids, caseId);
    const absorbed = (await Promise.all(absorbedIds.map((id) => getCase(tx, id)))).filter((k) => k !== undefined);
    const routedIn = absorbed.filter((k) => k.complaint_route);
    let complaint: { ids: number[]; cases: number[] } | null = null;
    if (isConfirmed(bumped.verdict)) {
      const criticism = await criticismOnlyItems(tx, ids, absorbedIds);
      if (criticism.length || routedIn.length) {
        complaint = { ids: criticism, cases: routedIn.map((k) => k.id) };
        if (!override) {
          const what = [
            ...(criticism.length ? [`butir ${criticism.map((i) => `#${i}`).join(', ')} berisi kritik/keluhan terhadap polisi`] : []),
            ...routedIn.map((k) => `kasus #${k.id} diteruskan ke ${COMPLAINT_ROUTE_LABEL[k.complaint_route!]}`),
          ].join('; ');
          throw new DeskError(
            'INVALID_STATE',
            `Kasus #${caseId} dinyatakan ${VERDICT_LABEL[bumped.verdict]}, sedangkan ${what}. Kritik/keluhan digabung ke kasus hoaks hanya dengan alasan pengecualian yang tercatat di jejak audit.`,
          );
        }
      }
    }
    const route = bumped.complaint_route ?? routedIn[0]?.complaint_route ?? null;
    const confirmedIn = absorbed.filter((k) => isConfirmed(k.verdict));
    if (route && !isConfirmed(bumped.verdict) && confirmedIn.length) {
      const k = confirmedIn[0]!;
      throw new DeskError(
        'INVALID_STATE',
        `Kasus #${k.id} sudah dinyatakan ${VERDICT_LABEL[k.verdict!]}; hoaks tidak digabung ke kasus pengaduan (${COMPLAINT_ROUTE_LABEL[route]}). Gabungkan ke kasus #${k.id} dengan alasan pengecualian, atau tarik kasus ini dari pengaduan dulu.`,
      );
    }
    for (const o of absorbed) {
      await absorbCase(tx, caseId, o.id);
      await appendAudit(tx, {
        userId: actor.id,
        action: 'case.merged_away',
        entity: 'case',
        entityId: o.id,
        before: { title: o.title, verdict: o.verdict, ...(o.complaint_route ? { complaint_route: o.complaint_route } : {}) },
        after: { merged_into: caseId },
      });
    }
    // A routed case absorbed by one that is neither routed nor a hoax hands on its route.
    const inherit = !bumped.complaint_route && !isConfirmed(bumped.verdict) && routedIn[0];
    const result = inherit
      ? await updateCaseRow(tx, caseId, bumped.version, { complaint_route: inherit.complaint_route, complaint_routed_at: inherit.complaint_routed_at })
      : bumped;
    const loose = await itemsWithoutCase(tx, ids);
    await attachItems(tx, caseId, loose, actor.id);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'case.merged',
      entity: 'case',
      entityId: caseId,
      after: {
        items: ids,
        absorbed_cases: absorbedIds,
        ...(complaint ? { complaint_override: override, complaint_items: complaint.ids, complaint_cases: complaint.cases } : {}),
        ...(inherit ? { complaint_route: inherit.complaint_route } : {}),
      },
    });
    return result!;
  });
}
