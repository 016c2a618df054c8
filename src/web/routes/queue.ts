import { z } from 'zod';
import { TOPICS } from '../../classify/topics.ts';
import { modelVersion } from '../../classify/models.ts';
import { queue, QUEUE_COUNT_CAP, QUEUE_STATUSES, type QueueFilter } from '../../db/queue.repo.ts';
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
  images: z.preprocess(blankToUndefined, z.enum(['1']).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(['prioritas', 'terbaru']).default('prioritas')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  per: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
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
      images: p.images === '1',
      sort: p.sort,
      page: p.page,
      pageSize: p.per,
    };
    const q = queue(rt.sdb.db, filter);
    const [total, rows] = await Promise.all([q.count(), q.list()]);
    if (wantsJson(c))
      return c.json({
        total: Math.min(total, QUEUE_COUNT_CAP),
        total_capped: total > QUEUE_COUNT_CAP,
        page: filter.page,
        page_size: filter.pageSize,
        items: rows,
      });
    const [sources, analysts] = await Promise.all([listSources(rt.sdb.db, rt.pipeline.name), listUsers(rt.sdb.db, { activeOnly: true, role: 'analis' })]);
    const units = [...new Set(['Polri', 'Polda', 'Polres', 'Polsek', ...rt.pipeline.area.units.map((u) => u.name)])];
    return c.html(queuePage(chrome(c, 'Antrian'), { filter, rows, total, topics: TOPICS, sources, units, analysts, timezone: tz }));
  });
}
