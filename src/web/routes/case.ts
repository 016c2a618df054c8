import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { TOPICS } from '../../classify/topics.ts';
import { listAudit, mergedInto } from '../../db/audit.repo.ts';
import { caseItems, caseNotes, caseReviews, getCase } from '../../db/cases.repo.ts';
import { listClarifications } from '../../db/clarifications.repo.ts';
import { COMPLAINT_ROUTES, CONTENT_TYPES, PRIORITIES, VERDICTS } from '../../vocabulary.ts';
import { listUsers } from '../../db/users.repo.ts';
import { addNote, mergeIntoCase, routeComplaint, setVerdict, updateCase } from '../../review/cases.service.ts';
import { draftClarification } from '../../review/clarifications.service.ts';
import { notFound } from '../../review/guard.ts';
import { chrome } from '../chrome.ts';
import { allow, deskRoutes } from '../guards.ts';
import { blankToUndefined, done, idParam, setFlash, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { casePage } from '../views/case.ts';
import { COMPLAINT_ROUTE_LABEL, VERDICT_LABEL } from '../views/labels.ts';
import { clarificationSettings } from './clarification.ts';
import { sendPage } from '../html-body.ts';

const version = z.coerce.number().int().positive();
const byId = params(z.object({ id: idParam }));

const verdictInput = z.object({
  version,
  verdict: z.enum(VERDICTS),
  comment: z.string().max(2000).optional(),
  /** Required to give a criticism-only case a hoax verdict; kept in the audit log. */
  override_reason: z.string().max(2000).optional(),
});
const updateInput = z.object({
  version,
  title: z.preprocess(blankToUndefined, z.string().max(500).optional()),
  priority: z.preprocess(blankToUndefined, z.enum(PRIORITIES).optional()),
  // "" from the form means "nobody"; absent means "leave as is"
  assignee: z.union([z.literal('').transform(() => null), z.null(), z.coerce.number().int().positive()]).optional(),
  // "" clears the label; absent leaves it
  content_type: z.union([z.literal('').transform(() => null), z.null(), z.enum(CONTENT_TYPES)]).optional(),
  topic: z.union([z.literal('').transform(() => null), z.null(), z.enum(TOPICS)]).optional(),
});
const routeInput = z.object({
  version,
  route: z.union([z.literal('').transform(() => null), z.null(), z.enum(COMPLAINT_ROUTES)]),
  comment: z.string().max(2000).optional(),
});
const noteInput = z.object({ body: z.string().max(5000), evidence_url: z.preprocess(blankToUndefined, z.string().max(2000).optional()) });
const mergeInput = z.object({
  version,
  /** Required to merge complaints (criticism items, a routed case) into a confirmed case; kept in the audit log. */
  override_reason: z.string().max(2000).optional(),
  item_ids: z.union([
    z.array(z.coerce.number().int().positive()),
    z.string().transform((s, ctx) => {
      const ids = s
        .split(/[\s,;#]+/)
        .filter(Boolean)
        .map(Number);
      if (ids.some((n) => !Number.isInteger(n) || n <= 0)) ctx.addIssue({ code: 'custom', message: `"${s}" bukan daftar nomor butir` });
      return ids;
    }),
  ]),
});
const draftInput = z.object({
  template: z.string().max(64),
  fakta: z.string().max(4000),
  sumber: z.string().max(500).optional(),
  tautan: z.preprocess(blankToUndefined, z.string().max(2000).optional()),
});

/** A case: its items, verdict history, notes and clarifications, and the analysts' actions on it. Mounted at /cases. */
export function caseRoutes() {
  return deskRoutes()
    .get('/:id', byId, async (c) => {
      const caseId = c.req.valid('param').id;
      const rt = c.var.rt;
      const db = rt.sdb.db;
      const kase = await getCase(db, caseId);
      if (!kase) {
        // A case merged away lives on in the one that absorbed it (possibly merged on again since).
        let into = await mergedInto(db, caseId);
        for (let hops = 0; into !== null && hops < 20; hops++) {
          if (await getCase(db, into)) {
            if (!wantsJson(c)) setFlash(c, { kind: 'ok', text: `Kasus #${caseId} sudah digabungkan ke kasus #${into}.` });
            return c.redirect(`/cases/${into}`, 303);
          }
          into = await mergedInto(db, into);
        }
        throw notFound('case', caseId);
      }
      const [items, reviews, notes, clarifications, audit, analysts] = await Promise.all([
        caseItems(db, caseId, modelVersion(rt.classifier().ctx)),
        caseReviews(db, caseId),
        caseNotes(db, caseId),
        listClarifications(db, { caseId }),
        listAudit(db, { entity: 'case', entityId: String(caseId), limit: 50 }),
        listUsers(db, { activeOnly: true, role: 'analis' }),
      ]);
      if (wantsJson(c)) return c.json({ case: kase, items, reviews, notes, clarifications });
      return sendPage(
        c,
        casePage(chrome(c, `Kasus #${caseId}`), {
          kase,
          items,
          reviews,
          notes,
          clarifications,
          audit,
          analysts,
          templates: rt.pipeline.clarification.templates,
          timezone: rt.pipeline.timezone,
        }),
      );
    })
    .post('/:id/verdict', allow('case.triage'), byId, body(verdictInput), async (c) => {
      const caseId = c.req.valid('param').id;
      const p = c.req.valid('form');
      const k = await setVerdict(c.var.rt.sdb.db, c.var.actor, caseId, p.version, p.verdict, p.comment, p.override_reason);
      return done(c, k, `/cases/${caseId}`, `Putusan kasus #${caseId}: ${VERDICT_LABEL[p.verdict]}.`);
    })
    .post('/:id/update', allow('case.triage'), byId, body(updateInput), async (c) => {
      const caseId = c.req.valid('param').id;
      const p = c.req.valid('form');
      const k = await updateCase(c.var.rt.sdb.db, c.var.actor, caseId, p.version, {
        title: p.title,
        priority: p.priority,
        assigneeId: p.assignee,
        contentType: p.content_type,
        topic: p.topic,
      });
      return done(c, k, `/cases/${caseId}`, `Kasus #${caseId} disimpan.`);
    })
    .post('/:id/route', allow('case.triage'), byId, body(routeInput), async (c) => {
      const caseId = c.req.valid('param').id;
      const p = c.req.valid('form');
      const k = await routeComplaint(c.var.rt.sdb.db, c.var.actor, caseId, p.version, p.route, p.comment);
      return done(
        c,
        k,
        `/cases/${caseId}`,
        p.route ? `Kasus #${caseId} diteruskan ke ${COMPLAINT_ROUTE_LABEL[p.route]}.` : `Kasus #${caseId} dikembalikan dari pengaduan.`,
      );
    })
    .post('/:id/notes', allow('case.note'), byId, body(noteInput), async (c) => {
      const caseId = c.req.valid('param').id;
      const p = c.req.valid('form');
      const n = await addNote(c.var.rt.sdb.db, c.var.actor, caseId, p.body, p.evidence_url);
      return done(c, n, `/cases/${caseId}`, 'Catatan ditambahkan.');
    })
    .post('/:id/merge', allow('case.triage'), byId, body(mergeInput), async (c) => {
      const caseId = c.req.valid('param').id;
      const p = c.req.valid('form');
      const k = await mergeIntoCase(c.var.rt.sdb.db, c.var.actor, caseId, p.version, p.item_ids, p.override_reason);
      return done(c, k, `/cases/${caseId}`, `Butir ${p.item_ids.map((i) => `#${i}`).join(', ')} digabungkan ke kasus #${caseId}.`);
    })
    .post('/:id/clarifications', allow('clarification.write'), byId, body(draftInput), async (c) => {
      const caseId = c.req.valid('param').id;
      const p = c.req.valid('form');
      const cl = await draftClarification(
        c.var.rt.sdb.db,
        c.var.actor,
        { caseId, templateId: p.template, fakta: p.fakta, sumber: p.sumber, tautan: p.tautan },
        clarificationSettings(c.var.rt),
      );
      return done(c, cl, `/clarifications/${cl.id}`, `Draf klarifikasi #${cl.id} dibuat. Periksa isinya, lalu ajukan.`);
    });
}
