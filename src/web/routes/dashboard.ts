import type { Context } from 'hono';
import { z } from 'zod';
import { modelVersion } from '../../classify/models.ts';
import { DeskError } from '../../errors.ts';
import { isoWeekOf, parseIsoWeek, type IsoWeek } from '../../report/iso-week.ts';
import { gatherWeekly, type WeeklyInput } from '../../report/weekly-data.ts';
import { parseLocalTime } from '../../zoned-time.ts';
import { chrome } from '../chrome.ts';
import type { DeskEnv, WebRuntime } from '../env.ts';
import { deskRoutes } from '../guards.ts';
import { blankToUndefined, wantsJson } from '../respond.ts';
import { query } from '../validate.ts';
import { weeklyCharts } from '../../report/weekly-charts.ts';
import { dashboardPage } from '../views/dashboard.ts';
import { sendPage } from '../html-body.ts';

/** The week to show: `minggu` (2026-W47), else the week holding `tanggal` (2026-11-18), else this week. */
export const weekQuery = z.object({
  minggu: z.preprocess(blankToUndefined, z.string().max(10).optional()),
  tanggal: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'tulis tanggal seperti 2026-11-18')
      .optional(),
  ),
});

export function pickWeek(rt: WebRuntime, p: z.output<typeof weekQuery>, now = new Date()): IsoWeek {
  const tz = rt.pipeline.timezone;
  if (p.minggu) {
    try {
      return parseIsoWeek(p.minggu, tz);
    } catch {
      throw new DeskError(
        'INVALID_INPUT',
        `Isian tidak sah: minggu: "${p.minggu}" bukan minggu ISO yang ada (2000–2100); tulis seperti 2026-W47, atau pilih tanggal.`,
      );
    }
  }
  if (p.tanggal) {
    const at = parseLocalTime(`${p.tanggal}T12:00`, tz);
    if (Number.isNaN(at.getTime())) throw new DeskError('INVALID_INPUT', `Isian tidak sah: tanggal: "${p.tanggal}" bukan tanggal yang ada.`);
    return isoWeekOf(at, tz);
  }
  return isoWeekOf(now, tz);
}

/** The weekly report's input for a week, as the signed-in person asks for it on the desk. */
export function weeklyInput(c: Context<DeskEnv>, week: IsoWeek): WeeklyInput {
  const rt = c.var.rt;
  return {
    week,
    unit: rt.pipeline.title,
    pipeline: rt.pipeline.name,
    timeZone: rt.pipeline.timezone,
    modelVersion: modelVersion(rt.classifier().ctx),
    preparedBy: c.var.actor.display_name,
  };
}

/**
 * "Ringkasan": the weekly report's figures and charts on screen for any week, the current one by
 * default: the same SQL (gatherWeekly) and the same Vega-Lite charts (report/charts.ts). Mounted at /ringkasan.
 */
export function dashboardRoutes() {
  return deskRoutes().get('/', query(weekQuery), async (c) => {
    const rt = c.var.rt;
    const now = new Date();
    const week = pickWeek(rt, c.req.valid('query'), now);
    const data = await gatherWeekly(rt.sdb.db, weeklyInput(c, week));
    if (wantsJson(c)) return c.json(data);
    const charts = await weeklyCharts(data);
    return sendPage(c, dashboardPage(chrome(c, `Ringkasan ${week.id}`), { data, charts, current: isoWeekOf(now, rt.pipeline.timezone) }));
  });
}
