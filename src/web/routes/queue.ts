import { z } from 'zod';
import { TOPICS } from '../../classify/topics.ts';
import { modelVersion } from '../../classify/models.ts';
import { nextQueueCursor, queue, QUEUE_COUNT_CAP, QUEUE_STATUSES, type QueueCursor, type QueueFilter } from '../../db/queue.repo.ts';
import type { CasePriority } from '../../db/schema.ts';
import { listSources } from '../../db/sources.repo.ts';
import { listUsers } from '../../db/users.repo.ts';
import { PRIORITIES } from '../../vocabulary.ts';
import { parseLocalTime } from '../../zoned-time.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { blankToUndefined, wantsJson } from '../respond.ts';
import { query } from '../validate.ts';
import { queuePage } from '../views/queue.ts';

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
const queueQuery = z.object({
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
  sort: z.preprocess(blankToUndefined, z.enum(['prioritas', 'terbaru']).default('prioritas')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  per: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
  after: cursor,
});

/** The review queue with its filters. Mounted at /queue. */
export function queueRoutes() {
  return deskRoutes().get('/', query(queueQuery), async (c) => {
    const rt = c.var.rt;
    const p = c.req.valid('query');
    const tz = rt.pipeline.timezone;
    const nextDay = (d: string) => new Date(parseLocalTime(`${d}T00:00`, tz).getTime() + 86_400_000);
    const filter: QueueFilter = {
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
      sort: p.sort,
      page: p.page,
      pageSize: p.per,
      // A cursor made for the other order means nothing here: start at the page's offset instead.
      after: p.after?.sort === p.sort ? p.after : undefined,
    };
    const q = queue(rt.sdb.db, filter);
    const [total, rows] = await Promise.all([q.count(), q.list()]);
    const next = nextQueueCursor(filter, rows);
    const after = next ? encodeQueueCursor(next) : null;
    if (wantsJson(c))
      return c.json({
        total: Math.min(total, QUEUE_COUNT_CAP),
        total_capped: total > QUEUE_COUNT_CAP,
        page: filter.page,
        page_size: filter.pageSize,
        next_after: after,
        items: rows,
      });
    const [sources, analysts] = await Promise.all([listSources(rt.sdb.db, rt.pipeline.name), listUsers(rt.sdb.db, { activeOnly: true, role: 'analis' })]);
    const units = [...new Set(['Polri', 'Polda', 'Polres', 'Polsek', ...rt.pipeline.area.units.map((u) => u.name)])];
    return c.html(queuePage(chrome(c, 'Antrian'), { filter, rows, total, after, topics: TOPICS, sources, units, analysts, timezone: tz }));
  });
}
