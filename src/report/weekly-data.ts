import type { Kysely } from 'kysely';
import {
  confirmedPerWeek,
  dailyVolume,
  flaggedByTopic,
  mentionsByUnit,
  notablePoliceItems,
  periodCases,
  sourceProblems,
  volumeBySource,
  weekTotals,
  type Period,
} from '../db/reports.repo.ts';
import type { Database } from '../db/schema.ts';
import { isoWeekOf, previousWeek, type IsoWeek } from './iso-week.ts';

/** Everything the weekly report shows, gathered by SQL aggregates; rendering reads only this. */
export interface WeeklyData {
  unit: string;
  pipeline: string;
  timeZone: string;
  week: IsoWeek;
  previous: IsoWeek;
  number: string;
  generatedAt: Date;
  preparedBy: string;
  modelVersion: string;
  totals: Awaited<ReturnType<typeof weekTotals>>;
  previousTotals: Awaited<ReturnType<typeof weekTotals>>;
  /** all seven days, Monday first, zeros included */
  daily: Array<{ day: string; monitored: number; flagged: number }>;
  topics: Awaited<ReturnType<typeof flaggedByTopic>>;
  sources: Awaited<ReturnType<typeof volumeBySource>>;
  units: Awaited<ReturnType<typeof mentionsByUnit>>;
  notable: Awaited<ReturnType<typeof notablePoliceItems>>;
  /** eight weeks, the report's week last */
  trend: Array<{ week: string; n: number }>;
  topCases: Awaited<ReturnType<typeof periodCases>>;
  appendix: Awaited<ReturnType<typeof periodCases>>;
  sourceProblems: Awaited<ReturnType<typeof sourceProblems>>;
}

export interface WeeklyInput {
  week: IsoWeek;
  unit: string;
  pipeline: string;
  timeZone: string;
  modelVersion: string;
  preparedBy: string;
  /** The pipeline's fact-check sources, whose articles are never "items to watch". (Default: none) */
  factCheckSources?: readonly string[];
  now?: Date;
}

/** A number a reader can quote: LAP-MINGGUAN/2026-W47/BELTIM. */
export function reportNumber(pipeline: string, week: IsoWeek): string {
  return `LAP-MINGGUAN/${week.id}/${pipeline.toUpperCase()}`;
}

export async function gatherWeekly(db: Kysely<Database>, input: WeeklyInput): Promise<WeeklyData> {
  const { week, timeZone: tz, modelVersion: v } = input;
  const prev = previousWeek(week, tz);
  const p: Period = { from: week.start, to: week.end };
  const trendWeeks: IsoWeek[] = [week];
  while (trendWeeks.length < 8) trendWeeks.unshift(previousWeek(trendWeeks[0]!, tz));
  const [totals, previousTotals, daily, topics, sources, units, notable, trend, topCases, appendix, problems] = await Promise.all([
    weekTotals(db, p, v),
    weekTotals(db, { from: prev.start, to: prev.end }, v),
    dailyVolume(db, p, v, tz),
    flaggedByTopic(db, p, v),
    volumeBySource(db, p, v),
    mentionsByUnit(db, p, v),
    notablePoliceItems(db, p, v, input.factCheckSources ?? []),
    confirmedPerWeek(
      db,
      trendWeeks.map((w) => w.start),
      week.end,
    ),
    periodCases(db, p, { limit: 10 }),
    periodCases(db, p, { confirmedOnly: true }),
    sourceProblems(db, p, input.pipeline),
  ]);
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.parse(`${week.firstDay}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
  return {
    unit: input.unit,
    pipeline: input.pipeline,
    timeZone: tz,
    week,
    previous: prev,
    number: reportNumber(input.pipeline, week),
    generatedAt: input.now ?? new Date(),
    preparedBy: input.preparedBy,
    modelVersion: v,
    totals,
    previousTotals,
    daily: days.map((day) => byDay.get(day) ?? { day, monitored: 0, flagged: 0 }),
    topics,
    sources,
    units,
    notable,
    trend: trend.map((t) => ({ week: isoWeekOf(new Date(t.week_start), tz).id, n: t.n })),
    topCases,
    appendix,
    sourceProblems: problems,
  };
}
