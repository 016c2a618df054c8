import type { Hono } from 'hono';
import { z } from 'zod';
import { TOPICS } from '../../classify/topics.ts';
import { casesForReuse, itemDetail, queue, QUEUE_COUNT_CAP, QUEUE_STATUSES, reposts, type QueueFilter } from '../../db/cases.repo.ts';
import { flaggedItems } from '../../db/classifications.repo.ts';
import { searchItems } from '../../db/items.repo.ts';
import { listSources } from '../../db/sources.repo.ts';
import { listUsers } from '../../db/users.repo.ts';
import { openCase } from '../../review/cases.service.ts';
import { notFound } from '../../review/guard.ts';
import { can } from '../../review/roles.ts';
import type { AppEnv } from '../env.ts';
import { parseLocalTime } from '../../zoned-time.ts';
import { blankToUndefined, done, idParam, parseInput, readInput, requireSession, wantsJson } from '../respond.ts';
import { checkCsrf } from '../session.ts';
import { itemPage } from '../views/item.ts';
import { queuePage } from '../views/queue.ts';
import { chrome } from './chrome.ts';
import { modelVersion } from '../../classify/models.ts';

const day = z.preprocess(blankToUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD').optional());

/** The queue's query string; empty fields mean "any". */
const queueQuery = z.object({
  status: z.preprocess(blankToUndefined, z.enum(QUEUE_STATUSES).default('terbuka')),
  topic: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  source: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  unit: z.preprocess(blankToUndefined, z.string().max(120).optional()),
  priority: z.preprocess(blankToUndefined, z.enum(['tinggi', 'sedang', 'rendah']).optional()),
  assignee: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  from: day,
  to: day,
  min: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(100).optional()),
  q: z.preprocess(blankToUndefined, z.string().max(300).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(['prioritas', 'terbaru']).default('prioritas')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  per: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
});


export function queueRoutes(app: Hono<AppEnv>): void {
  app.get('/', (c) => c.redirect(c.var.session ? '/queue' : '/login'));

  app.get('/queue', async (c) => {
    requireSession(c);
    const rt = c.var.rt;
    const p = parseInput(queueQuery, c.req.query());
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
    };
    const q = queue(rt.sdb.db, filter);
    const [total, rows] = await Promise.all([q.count(), q.list()]);
    if (wantsJson(c)) return c.json({ total: Math.min(total, QUEUE_COUNT_CAP), total_capped: total > QUEUE_COUNT_CAP, page: filter.page, page_size: filter.pageSize, items: rows });
    const [sources, analysts] = await Promise.all([listSources(rt.sdb.db, rt.pipeline.name), listUsers(rt.sdb.db, { activeOnly: true, role: 'analis' })]);
    const units = [...new Set(['Polri', 'Polda', 'Polres', 'Polsek', ...rt.pipeline.area.units.map((u) => u.name)])];
    return c.html(queuePage(chrome(c, 'Antrian'), { filter, rows, total, topics: TOPICS, sources, units, analysts, timezone: tz }));
  });

  app.get('/items/:id', async (c) => {
    const s = requireSession(c);
    const itemId = parseInput(idParam, c.req.param('id'));
    const rt = c.var.rt;
    const item = await itemDetail(rt.sdb.db, itemId, modelVersion(rt.classifier().ctx));
    if (!item) throw notFound('item', itemId);
    const [copies, oldCases] = await Promise.all([reposts(rt.sdb.db, item), casesForReuse(rt.sdb.db, [...(item.case_matches ?? []).map((m) => m.case_id), ...(item.link === 'hlbk' && item.case_id ? [item.case_id] : [])])]);
    if (wantsJson(c)) return c.json({ item, reposts: copies, old_cases: oldCases });
    return c.html(itemPage(chrome(c, `Butir #${itemId}`), { item, reposts: copies, oldCases, canTriage: can(s.actor, 'case.triage'), timezone: rt.pipeline.timezone }));
  });

  app.post('/items/:id/case', async (c) => {
    const s = requireSession(c);
    checkCsrf(c, await readInput(c));
    const itemId = parseInput(idParam, c.req.param('id'));
    const r = await openCase(c.var.rt.sdb.db, s.actor, itemId);
    return done(c, r, `/cases/${r.case.id}`, r.created ? `Kasus #${r.case.id} dibuka.` : `Butir ini sudah bagian dari kasus #${r.case.id}.`);
  });

  // The read API of the first release, kept for integrations; now behind sign-in like everything else.
  app.get('/api/items', async (c) => {
    requireSession(c);
    const p = parseInput(z.object({ q: z.string().max(500).default(''), source: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }), c.req.query());
    const search = searchItems(c.var.rt.sdb.db, p.q, { limit: p.limit, ...(p.source ? { sourceId: p.source } : {}) });
    const [total, items] = await Promise.all([search.count(), search.list()]);
    return c.json({ total, items });
  });

  app.get('/api/flagged', async (c) => {
    requireSession(c);
    const limit = z.coerce.number().int().min(1).max(200).catch(50).parse(c.req.query('limit'));
    const version = modelVersion(c.var.rt.classifier().ctx);
    return c.json({ model_version: version, items: await flaggedItems(c.var.rt.sdb.db, version, limit) });
  });
}
