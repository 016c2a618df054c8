import type { Kysely } from 'kysely';
import { appendAudit, pickChanged } from '../db/audit.repo.ts';
import { caseFirstSeen, getCase } from '../db/cases.repo.ts';
import { editorIds, getClarification, insertClarification, insertPublication, recordEditor, updateClarificationRow } from '../db/clarifications.repo.ts';
import { insertNotifications } from '../db/notifications.repo.ts';
import type { Clarification, ClarificationStatus, Database, PublicationChannel } from '../db/schema.ts';
import { DeskError } from '../errors.ts';
import { CLARIFICATION_STATUS_LABEL, isConfirmed } from '../vocabulary.ts';
import { renderTemplate, type ClarificationTemplate } from './clarification-text.ts';
import { checkLink, invalid, notFound, staleOrMissing } from './guard.ts';
import { formatTime, zoneAbbreviation } from '../zoned-time.ts';
import { decisionNotices } from './notifications.ts';
import { requireRole, type Actor } from './roles.ts';

/**
 * Humas' clarifications and their approval: draft → submitted → approved | returned → published.
 * A returned draft is edited and submitted again. The approver is never anyone who wrote the text:
 * its author or any editor (four eyes; an account holding both humas and pimpinan is the case to stop).
 */

/** From which statuses each step may be taken. */
const FROM: Record<'edit' | 'submit' | 'decide' | 'publish', readonly ClarificationStatus[]> = {
  edit: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  decide: ['submitted'],
  publish: ['approved', 'published'],
};

function checkStep(c: Clarification, step: keyof typeof FROM): void {
  if (FROM[step].includes(c.status)) return;
  const verb = { edit: 'diubah', submit: 'diajukan', decide: 'diputuskan', publish: 'dicatat terbit' }[step];
  throw new DeskError('INVALID_STATE', `Klarifikasi #${c.id} berstatus "${CLARIFICATION_STATUS_LABEL[c.status].toLowerCase()}" sehingga tidak bisa ${verb}.`);
}

function checkBody(body: string): string {
  const b = body.replace(/\r\n/g, '\n').trim();
  if (!b) throw invalid('Isi klarifikasi tidak boleh kosong.');
  if (b.length > 10_000) throw invalid(`Isi klarifikasi terlalu panjang (${b.length} karakter, maksimal 10000).`);
  return b;
}

export interface DraftInput {
  caseId: number;
  templateId: string;
  /** "Faktanya: …" — what is true, in humas' words. */
  fakta: string;
  sumber?: string | undefined;
  tautan?: string | undefined;
}

/** What a pipeline puts into every clarification: its templates, its name and contact line, its hashtags. */
export interface ClarificationSettings {
  templates: ClarificationTemplate[];
  polres: string;
  contact: string;
  hashtags: string[];
  timezone: string;
}

export async function draftClarification(db: Kysely<Database>, actor: Actor, input: DraftInput, settings: ClarificationSettings): Promise<Clarification> {
  requireRole(actor, 'clarification.write');
  const template = settings.templates.find((t) => t.id === input.templateId);
  if (!template) throw invalid(`Templat "${input.templateId}" tidak ada; pilih salah satu: ${settings.templates.map((t) => t.id).join(', ')}.`);
  if (!input.fakta.trim()) throw invalid('Isi bagian "Faktanya" dulu: apa yang benar menurut sumber resmi.');
  const link = checkLink(input.tautan, 'Tautan');
  return db.transaction().execute(async (tx) => {
    const k = await getCase(tx, input.caseId);
    if (!k) throw notFound('case', input.caseId);
    if (!isConfirmed(k.verdict)) {
      throw new DeskError(
        'INVALID_STATE',
        `Kasus #${k.id} belum dinyatakan hoaks, disinformasi atau misinformasi; klarifikasi dibuat untuk kasus yang sudah terkonfirmasi.`,
      );
    }
    const body = renderTemplate(template.body, {
      judul: k.title,
      fakta: input.fakta,
      sumber: input.sumber ?? '',
      tautan: link ?? '',
      kontak: settings.contact,
      tagar: settings.hashtags.join(' '),
      polres: settings.polres,
      tanggal: new Intl.DateTimeFormat('id-ID', { timeZone: settings.timezone, dateStyle: 'long' }).format(new Date()),
    });
    const created = await insertClarification(tx, { caseId: k.id, template: template.id, body: checkBody(body), authorId: actor.id });
    await recordEditor(tx, created.id, actor.id);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'clarification.drafted',
      entity: 'clarification',
      entityId: created.id,
      after: { case_id: k.id, template: template.id, body: created.body },
    });
    return created;
  });
}

type ClarificationRow = NonNullable<Awaited<ReturnType<typeof getClarification>>>;

/** Runs one step on a clarification at the version the user saw; audits before and after. */
async function step(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  version: number,
  name: keyof typeof FROM,
  action: string,
  change: (c: ClarificationRow, tx: Kysely<Database>) => Parameters<typeof updateClarificationRow>[3] | Promise<Parameters<typeof updateClarificationRow>[3]>,
  also?: { inTx: (tx: Kysely<Database>) => Promise<unknown>; audit: Record<string, unknown> },
): Promise<Clarification> {
  return db.transaction().execute(async (tx) => {
    const before = await getClarification(tx, id);
    if (!before) throw notFound('clarification', id);
    if (before.version !== version) throw await staleOrMissing(tx, 'clarification', id, true);
    checkStep(before, name);
    const set = await change(before, tx);
    const after = await updateClarificationRow(tx, id, version, set);
    if (!after) throw await staleOrMissing(tx, 'clarification', id, true);
    await also?.inTx(tx);
    const changed = pickChanged(before, after, Object.keys(set) as Array<keyof Clarification>);
    await appendAudit(tx, {
      userId: actor.id,
      action,
      entity: 'clarification',
      entityId: id,
      before: changed.before,
      after: { ...changed.after, ...also?.audit },
    });
    return after;
  });
}

export async function editClarification(db: Kysely<Database>, actor: Actor, id: number, version: number, body: string): Promise<Clarification> {
  requireRole(actor, 'clarification.write');
  const text = checkBody(body);
  return step(db, actor, id, version, 'edit', 'clarification.edited', async (_c, tx) => {
    await recordEditor(tx, id, actor.id);
    return { body: text };
  });
}

export async function submitClarification(db: Kysely<Database>, actor: Actor, id: number, version: number): Promise<Clarification> {
  requireRole(actor, 'clarification.write');
  return step(db, actor, id, version, 'submit', 'clarification.submitted', () => ({ status: 'submitted', submitted_at: new Date() }));
}

export async function decideClarification(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  version: number,
  decision: 'approve' | 'return',
  comment?: string,
): Promise<Clarification> {
  requireRole(actor, 'clarification.decide');
  const note = comment?.trim() || null;
  if (decision === 'return' && !note) throw invalid('Tuliskan alasan mengembalikan klarifikasi, agar humas tahu apa yang perlu diperbaiki.');
  return step(db, actor, id, version, 'decide', decision === 'approve' ? 'clarification.approved' : 'clarification.returned', async (c, tx) => {
    if (c.author_id === actor.id) throw new DeskError('FORBIDDEN', 'Klarifikasi tidak bisa disetujui atau dikembalikan oleh penulisnya sendiri.');
    const writers = await editorIds(tx, id);
    if (writers.includes(actor.id)) {
      throw new DeskError(
        'FORBIDDEN',
        `Klarifikasi #${id} tidak bisa disetujui atau dikembalikan oleh orang yang ikut menyuntingnya; minta pimpinan lain memutuskan.`,
      );
    }
    // The drafter and every editor learn the outcome on their desk (rolled back with the step if it fails).
    await insertNotifications(tx, decisionNotices(actor, c, writers, decision, note));
    return { status: decision === 'approve' ? 'approved' : 'returned', decided_by: actor.id, decided_at: new Date(), decision_comment: note };
  });
}

export interface PublicationInput {
  channel: PublicationChannel;
  url?: string | undefined;
  publishedAt: Date;
  /** The pipeline's zone, in which the desk reads and names times (Asia/Jakarta: WIB). */
  timeZone: string;
}

/** A form gives minutes: a publication typed as 09:30 for an approval at 09:30:40 is in order. */
const MINUTE = 60_000;

/**
 * Records where and when an approved clarification went out; the first record makes it "terbit". A
 * clarification cannot go out before its case's item was first seen, nor before pimpinan approved
 * it: such a time is a mistake (usually the wrong zone or day) and is refused, naming both times.
 */
export async function recordPublication(db: Kysely<Database>, actor: Actor, id: number, version: number, p: PublicationInput): Promise<Clarification> {
  requireRole(actor, 'clarification.write');
  const url = checkLink(p.url, 'Tautan publikasi');
  if (Number.isNaN(p.publishedAt.getTime())) throw invalid('Waktu terbit tidak sah.');
  if (p.publishedAt.getTime() > Date.now() + 5 * MINUTE) throw invalid('Waktu terbit tidak boleh di masa depan.');
  const at = (d: Date) => `${formatTime(d, p.timeZone)} ${zoneAbbreviation(p.timeZone)}`;
  return step(
    db,
    actor,
    id,
    version,
    'publish',
    'clarification.published',
    async (c, tx) => {
      const seen = await caseFirstSeen(tx, c.case_id);
      if (seen && p.publishedAt.getTime() < seen.getTime() - MINUTE) {
        throw invalid(
          `Waktu terbit ${at(p.publishedAt)} lebih awal daripada saat butir kasus ini pertama terlihat (${at(seen)}). Periksa tanggal dan jamnya (${zoneAbbreviation(p.timeZone)}).`,
        );
      }
      if (c.decided_at && p.publishedAt.getTime() < c.decided_at.getTime() - MINUTE) {
        throw invalid(
          `Waktu terbit ${at(p.publishedAt)} lebih awal daripada persetujuan pimpinan (${at(c.decided_at)}). Klarifikasi terbit setelah disetujui; periksa tanggal dan jamnya (${zoneAbbreviation(p.timeZone)}).`,
        );
      }
      // published_at is the first time it went out, whichever channel is recorded first
      return { status: 'published', published_at: c.published_at && c.published_at < p.publishedAt ? c.published_at : p.publishedAt };
    },
    {
      inTx: (tx) => insertPublication(tx, { clarificationId: id, channel: p.channel, url, publishedAt: p.publishedAt, recordedBy: actor.id }),
      audit: { channel: p.channel, url },
    },
  );
}
