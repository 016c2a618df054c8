import type { Context } from 'hono';
import { z } from 'zod';
import { CONTENT_TYPE, toCsv, toXlsx, type Sheet } from '../../report/export.ts';
import { casesSheet, queueSheet, weeklyExport } from '../../review/export.service.ts';
import { localInputValue, parseLocalTime } from '../../zoned-time.ts';
import type { DeskEnv } from '../env.ts';
import { deskRoutes } from '../guards.ts';
import { blankToUndefined } from '../respond.ts';
import { query } from '../validate.ts';
import { queueFilter, queueQuery } from './queue.ts';
import { pickWeek, weekQuery, weeklyInput } from './dashboard.ts';

const FORMATS = ['csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'tulis tanggal seperti 2026-11-24')
    .optional(),
);
const caseQuery = z.object({ dari: day, sampai: day });

/** A download: CSV (with its byte-order mark) or an Excel workbook, named for what it holds. */
async function download(c: Context<DeskEnv>, format: Format, name: string, sheets: Sheet[], csv: Sheet = sheets[0]!): Promise<Response> {
  const rt = c.var.rt;
  const tz = rt.pipeline.timezone;
  const file = `${name}.${format}`;
  const body =
    format === 'csv'
      ? new TextEncoder().encode(toCsv(csv, tz))
      : new Uint8Array(await toXlsx(sheets, tz, { creator: `Saring (${c.var.actor.display_name})`, title: `${name} — ${rt.pipeline.title}` }));
  return c.body(body, 200, {
    'content-type': CONTENT_TYPE[format],
    // ASCII names only (ours are), so the plain filename needs no RFC 5987 form.
    'content-disposition': `attachment; filename="${file}"`,
    'x-content-type-options': 'nosniff',
  });
}

/** "20261204-1430" on the deployment's clock: when a download was taken, in its name. */
function stamp(tz: string): string {
  return localInputValue(new Date(), tz).replace(/[-:]/g, '').replace('T', '-');
}

/**
 * Downloads of the desk's tables: the queue as filtered (/export/butir.csv?status=…), cases opened in
 * a range (/export/kasus.xlsx?dari=…&sampai=…) and a week's figures (/export/mingguan.csv?minggu=…).
 * Mounted at /export, behind the session like every page.
 */
export function exportRoutes() {
  const group = deskRoutes();
  for (const format of FORMATS) {
    group.get(`/butir.${format}`, query(queueQuery), async (c) => {
      const rt = c.var.rt;
      const sheet = await queueSheet(rt.sdb.db, queueFilter(rt, c.req.valid('query')), rt.pipeline.timezone);
      return download(c, format, `antrean-${rt.pipeline.name}-${stamp(rt.pipeline.timezone)}`, [sheet]);
    });
    group.get(`/kasus.${format}`, query(caseQuery), async (c) => {
      const rt = c.var.rt;
      const tz = rt.pipeline.timezone;
      const p = c.req.valid('query');
      const from = p.dari ? parseLocalTime(`${p.dari}T00:00`, tz) : undefined;
      const to = p.sampai ? new Date(parseLocalTime(`${p.sampai}T00:00`, tz).getTime() + 86_400_000) : undefined;
      const sheet = await casesSheet(rt.sdb.db, { from, to }, tz);
      return download(c, format, `kasus-${rt.pipeline.name}-${p.dari ?? 'awal'}-${p.sampai ?? stamp(tz).slice(0, 8)}`, [sheet]);
    });
    group.get(`/mingguan.${format}`, query(weekQuery), async (c) => {
      const rt = c.var.rt;
      const week = pickWeek(rt, c.req.valid('query'));
      const { sheets, csv } = await weeklyExport(rt.sdb.db, weeklyInput(c, week));
      return download(c, format, `angka-mingguan-${rt.pipeline.name}-${week.id}`, sheets, csv);
    });
  }
  return group;
}
