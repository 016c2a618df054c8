import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { TOPICS } from '../../classify/topics.ts';
import { CASE_LIST_COUNT_CAP, listCases, type CaseListFilter } from '../../db/case-list.repo.ts';
import { listUsers } from '../../db/users.repo.ts';
import { CASE_LIST_SORTS, CASE_LIST_STATUSES, CONTENT_TYPES, VERDICTS } from '../../vocabulary.ts';
import { parseLocalTime } from '../../zoned-time.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { blankToUndefined, wantsJson } from '../respond.ts';
import { query } from '../validate.ts';
import { caseListPage } from '../views/case-list.ts';
import { sendPage } from '../html-body.ts';

const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'tanggal harus berbentuk TTTT-BB-HH')
    .optional(),
);

/** The case list's query string; empty fields mean "any". */
export const caseListQuery = z.object({
  status: z.preprocess(blankToUndefined, z.enum(CASE_LIST_STATUSES).default('semua')),
  verdict: z.preprocess(blankToUndefined, z.enum(VERDICTS).optional()),
  jenis: z.preprocess(blankToUndefined, z.enum(CONTENT_TYPES).optional()),
  topic: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  unit: z.preprocess(blankToUndefined, z.string().max(120).optional()),
  assignee: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  from: day,
  to: day,
  sort: z.preprocess(blankToUndefined, z.enum(CASE_LIST_SORTS).default('terbaru')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  per: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
});

/** Every case with filters and sorting, a page at a time. Mounted at /kasus. */
export function caseListRoutes() {
  return deskRoutes().get('/', query(caseListQuery), async (c) => {
    const rt = c.var.rt;
    const p = c.req.valid('query');
    const tz = rt.pipeline.timezone;
    const filter: CaseListFilter = {
      modelVersion: modelVersion(rt.classifier().ctx),
      status: p.status,
      verdict: p.verdict,
      contentType: p.jenis,
      topic: p.topic,
      unit: p.unit,
      assigneeId: p.assignee,
      from: p.from ? parseLocalTime(`${p.from}T00:00`, tz) : undefined,
      // "until" a day includes that whole day in the pipeline's zone
      to: p.to ? new Date(parseLocalTime(`${p.to}T00:00`, tz).getTime() + 86_400_000) : undefined,
      sort: p.sort,
      page: p.page,
      pageSize: p.per,
    };
    const q = listCases(rt.sdb.db, filter);
    const [total, rows] = await Promise.all([q.count(), q.list()]);
    if (wantsJson(c))
      return c.json({ total: Math.min(total, CASE_LIST_COUNT_CAP), total_capped: total > CASE_LIST_COUNT_CAP, page: p.page, page_size: p.per, cases: rows });
    const analysts = await listUsers(rt.sdb.db, { activeOnly: true, role: 'analis' });
    const units = [...new Set(['Polri', 'Polda', 'Polres', 'Polsek', ...rt.pipeline.area.units.map((u) => u.name)])];
    return sendPage(c, caseListPage(chrome(c, 'Daftar kasus'), { query: p, rows, total, topics: TOPICS, units, analysts, timezone: tz }));
  });
}
