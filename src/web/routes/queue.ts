import { z } from 'zod';
import { TOPICS } from '../../classify/topics.ts';
import { modelVersion } from '../../classify/models.ts';
import { nextQueueCursor, queue, QUEUE_COUNT_CAP, QUEUE_STATUSES, type QueueCursor, type QueueFilter } from '../../db/queue.repo.ts';
import type { CasePriority } from '../../db/schema.ts';
import { cachedRead } from '../../db/read-cache.ts';
import { listSources } from '../../db/sources.repo.ts';
import { getUser, listUsers } from '../../db/users.repo.ts';
import { DeskError } from '../../errors.ts';
import { applyBulk, describeBulk, describeRefusals, type BulkAction, type BulkOutcome } from '../../review/bulk.service.ts';
import { correctionMessage, correctItems } from '../../review/labels.service.ts';
import { can } from '../../review/roles.ts';
import { ITEM_LABELS, PRIORITIES } from '../../vocabulary.ts';
import { parseLocalTime } from '../../zoned-time.ts';
import { chrome } from '../chrome.ts';
import type { WebRuntime } from '../env.ts';
import { allow, deskRoutes } from '../guards.ts';
import { blankToUndefined, formList, idParam, localPath, setFlash, wantsJson } from '../respond.ts';
import { body, query } from '../validate.ts';
import { queuePage } from '../views/queue.ts';
import { sendPage } from '../html-body.ts';

const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
    .optional(),
);

/**
 * The keyset cursor in a URL: `tinggi~0.53~1234` (bucket, score, id) when sorted by priority,
 * `t~1733300000123456~1234` (seen-at in µs since 1970, id) when sorted by date. "Berikutnya" links carry
 * it, so a deep page costs what the first does instead of reading and skipping every row before it.
 */
export function encodeQueueCursor(c: QueueCursor): string {
  return c.sort === 'terbaru' ? `t~${c.seenUs}~${c.id}` : `${c.bucket}~${c.score}~${c.id}`;
}

const CURSOR_MESSAGE = 'penanda halaman tidak dikenali; buka lagi halaman pertama antrian';
const cursor = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(80)
    .transform((s, ctx): QueueCursor => {
      const byDate = /^t~(-?\d{1,19})~(\d{1,15})$/.exec(s);
      if (byDate) return { sort: 'terbaru', seenUs: byDate[1]!, id: Number(byDate[2]) };
      const byPriority = /^(tinggi|sedang|rendah)~(\d(?:\.\d+)?(?:e-\d+)?)~(\d{1,15})$/.exec(s);
      const score = Number(byPriority?.[2]);
      if (byPriority && score >= 0 && score <= 1) return { sort: 'prioritas', bucket: byPriority[1] as CasePriority, score, id: Number(byPriority[3]) };
      ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
      return z.NEVER;
    })
    .optional(),
);

/** The queue's query string; empty fields mean "any". */
export const queueQuery = z.object({
  status: z.preprocess(blankToUndefined, z.enum(QUEUE_STATUSES).default('terbuka')),
  topic: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  source: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  unit: z.preprocess(blankToUndefined, z.string().max(120).optional()),
  priority: z.preprocess(blankToUndefined, z.enum(PRIORITIES).optional()),
  assignee: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  from: day,
  to: day,
  min: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(100).optional()),
  q: z.preprocess(blankToUndefined, z.string().max(300).optional()),
  images: z.preprocess(blankToUndefined, z.enum(['1']).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(['prioritas', 'terbaru']).default('prioritas')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  per: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
  after: cursor,
});

/** The queue's filter for a parsed query string: days are read in the pipeline's zone. */
export function queueFilter(rt: WebRuntime, p: z.output<typeof queueQuery>): QueueFilter {
  const tz = rt.pipeline.timezone;
  const nextDay = (d: string) => new Date(parseLocalTime(`${d}T00:00`, tz).getTime() + 86_400_000);
  return {
    modelVersion: modelVersion(rt.classifier().ctx),
    status: p.status,
    topic: p.topic,
    source: p.source,
    unit: p.unit,
    priority: p.priority,
    assigneeId: p.assignee,
    from: p.from ? parseLocalTime(`${p.from}T00:00`, tz) : undefined,
    to: p.to ? nextDay(p.to) : undefined,
    minScore: p.min === undefined ? undefined : p.min / 100,
    q: p.q,
    images: p.images === '1',
    sort: p.sort,
    page: p.page,
    pageSize: p.per,
    // A cursor made for the other order means nothing here: start at the page's offset instead.
    after: p.after?.sort === p.sort ? p.after : undefined,
  };
}

const ACTION_MESSAGE = 'pilih tindakan: tugaskan, ubah prioritas, abaikan, atau salah satu koreksi';

/**
 * A bulk action from the queue: the ticked rows (`item`), or every row of the page (`all` with the
 * page's ids in `page_items`, so "select all" works without JavaScript), and the button pressed:
 * `action` for a case action, or `label` for a one-click correction (each correction is its own
 * button, and a button sends one name and value).
 */
const bulkInput = z
  .object({
    action: z.preprocess(blankToUndefined, z.enum(['assign', 'priority', 'dismiss'], { message: ACTION_MESSAGE }).optional()),
    label: z.preprocess(
      blankToUndefined,
      z.enum(ITEM_LABELS, { message: `koreksi tidak dikenal; pilih salah satu dari ${ITEM_LABELS.join(', ')}` }).optional(),
    ),
    item: formList(idParam),
    all: z.preprocess(blankToUndefined, z.literal('1').optional()),
    page_items: z.preprocess(blankToUndefined, z.string().max(4000).optional()),
    // "tanpa" (or JSON null) unassigns; "" is the form's "— pilih —", i.e. not chosen
    assignee: z.preprocess(blankToUndefined, z.union([z.literal('tanpa').transform(() => null), z.null(), z.coerce.number().int().positive()]).optional()),
    priority: z.preprocess(blankToUndefined, z.enum(PRIORITIES).optional()),
    reason: z.string().max(2000).optional(),
    back: z.string().max(2000).optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.action === !p.label)
      ctx.addIssue({ code: 'custom', path: ['action'], message: p.action ? 'pilih satu tindakan saja: tindakan atau koreksi' : ACTION_MESSAGE });
  });

function bulkAction(p: z.output<typeof bulkInput>): BulkAction {
  if (p.action === 'dismiss') return { kind: 'dismiss', reason: p.reason ?? '' };
  if (p.action === 'priority') {
    if (!p.priority) throw new DeskError('INVALID_INPUT', 'Pilih prioritas baru untuk butir yang dipilih.');
    return { kind: 'priority', priority: p.priority };
  }
  if (p.assignee === undefined) throw new DeskError('INVALID_INPUT', 'Pilih petugas untuk butir yang dipilih.');
  return { kind: 'assign', assigneeId: p.assignee };
}

/** The ids a bulk form names: the whole page when "select all" is ticked, else the ticked rows. */
function bulkIds(p: z.output<typeof bulkInput>): number[] {
  if (!p.all) return p.item;
  const ids = (p.page_items ?? '').split(',').filter(Boolean).map(Number);
  if (ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new DeskError('INVALID_INPUT', 'Isian tidak sah: page_items: bukan daftar nomor butir.');
  return [...new Set([...ids, ...p.item])];
}

/** The flash after a bulk action: what was done, then each refused row by number and why. */
function bulkMessage(action: BulkAction, assigneeName: string | null, r: BulkOutcome): string {
  const ok = r.done.length ? describeBulk(action, assigneeName, r.done.length) : 'Tidak ada butir yang diubah.';
  return ok + describeRefusals(r.failed);
}

/** The review queue with its filters, and bulk actions on its rows. Mounted at /queue. */
export function queueRoutes() {
  return deskRoutes()
    .get('/', query(queueQuery), async (c) => {
      const rt = c.var.rt;
      const tz = rt.pipeline.timezone;
      const filter = queueFilter(rt, c.req.valid('query'));
      const q = queue(rt.sdb.db, filter, { cached: (key, load) => cachedRead(rt.sdb, key, load), embedded: rt.sdb.dialect === 'pglite' });
      const json = wantsJson(c);
      // The count and the filters' choices (HTML only) are asked beside the page, not after it, and on
      // PGlite reused until data changes (cachedRead); the count does not depend on which page is read.
      const { page: _page, pageSize: _pageSize, after: _after, sort: _sort, ...counted } = filter;
      const sdb = rt.sdb;
      const [total, rows, sources, analysts] = await Promise.all([
        cachedRead(sdb, `queue.count ${JSON.stringify(counted)}`, () => q.count()),
        q.list(),
        json ? [] : cachedRead(sdb, `sources ${rt.pipeline.name}`, () => listSources(sdb.db, rt.pipeline.name)),
        json ? [] : cachedRead(sdb, 'analysts', () => listUsers(sdb.db, { activeOnly: true, role: 'analis' })),
      ]);
      const next = nextQueueCursor(filter, rows);
      const after = next ? encodeQueueCursor(next) : null;
      if (json)
        return c.json({
          total: Math.min(total, QUEUE_COUNT_CAP),
          total_capped: total > QUEUE_COUNT_CAP,
          page: filter.page,
          page_size: filter.pageSize,
          next_after: after,
          items: rows,
        });
      const units = [...new Set(['Polri', 'Polda', 'Polres', 'Polsek', ...rt.pipeline.area.units.map((u) => u.name)])];
      return sendPage(
        c,
        queuePage(chrome(c, 'Antrean'), {
          filter,
          rows,
          total,
          after,
          topics: TOPICS,
          sources,
          units,
          analysts,
          timezone: tz,
          canTriage: can(c.var.actor, 'case.triage'),
          here: c.req.path + new URL(c.req.url).search,
        }),
      );
    })
    .post('/bulk', allow('case.triage'), body(bulkInput), async (c) => {
      const p = c.req.valid('form');
      const db = c.var.rt.sdb.db;
      const back = localPath(p.back, '/queue');
      if (p.label) {
        // A correction is a label, not a case action: the labels service, as on the item page.
        const correction = { kind: 'class', value: p.label } as const;
        const r = await correctItems(db, c.var.actor, bulkIds(p), correction);
        if (wantsJson(c)) return c.json(r);
        setFlash(c, { kind: r.failed.length ? 'error' : 'ok', text: correctionMessage(correction, r) });
        return c.redirect(back, 303);
      }
      const action = bulkAction(p);
      const r = await applyBulk(db, c.var.actor, bulkIds(p), action);
      if (wantsJson(c)) return c.json(r);
      const assignee = action.kind === 'assign' && action.assigneeId ? ((await getUser(db, action.assigneeId))?.display_name ?? null) : null;
      const text = bulkMessage(action, assignee, r);
      setFlash(c, { kind: r.failed.length ? 'error' : 'ok', text });
      return c.redirect(back, 303);
    });
}
