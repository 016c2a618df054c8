import { barChart, dailyChart, trendChart } from './charts.ts';
import type { WeeklyData } from './weekly-data.ts';

/** The five charts of a week's figures, as SVG: the report's pages and the desk's Ringkasan show the same. */
export interface WeeklyCharts {
  daily: string;
  topics: string;
  sources: string;
  units: string;
  trend: string;
}

export async function weeklyCharts(r: WeeklyData): Promise<WeeklyCharts> {
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
  const [daily, topics, sources, units, trend] = await Promise.all([
    dailyChart(r.daily.map((d) => ({ label: dayLabel(d.day), monitored: d.monitored, flagged: d.flagged }))),
    barChart(
      'Ditandai menurut topik',
      r.topics.map((x) => ({ label: x.topic, n: x.n })),
    ),
    barChart(
      'Ditandai menurut sumber / platform',
      r.sources
        .filter((s) => s.flagged > 0)
        .slice(0, 12)
        .map((s) => ({ label: s.name, n: s.flagged })),
    ),
    barChart(
      'Penyebutan kepolisian menurut satuan',
      r.units.slice(0, 12).map((u) => ({ label: u.unit, n: u.items })),
    ),
    trendChart(r.trend.map((w) => ({ label: w.week.slice(5), n: w.n }))),
  ]);
  return { daily, topics, sources, units, trend };
}
