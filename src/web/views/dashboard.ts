import { html } from './html.ts';
import { barChart, dailyChart, trendChart } from '../../report/charts.ts';
import type { IsoWeek } from '../../report/iso-week.ts';
import type { WeeklyData } from '../../report/weekly-data.ts';
import { confirmedTotal, summaryIndicators } from '../../report/weekly-figures.ts';
import { formatChange, formatDuration } from '../../report/weekly-html.ts';
import { page, type Html, type PageChrome } from './layout.ts';

export interface DashboardCharts {
  daily: string;
  trend: string;
  topics: string;
  sources: string;
  units: string;
}

/** The report's charts (report/charts.ts, the same Vega-Lite specs) for one week's figures, as SVG. */
export async function dashboardCharts(r: WeeklyData): Promise<DashboardCharts> {
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
  const [daily, trend, topics, sources, units] = await Promise.all([
    dailyChart(r.daily.map((d) => ({ label: dayLabel(d.day), monitored: d.monitored, flagged: d.flagged }))),
    trendChart(r.trend.map((w) => ({ label: w.week.slice(5), n: w.n }))),
    barChart(
      'Ditandai menurut topik',
      r.topics.map((x) => ({ label: x.topic, n: x.n })),
    ),
    barChart(
      'Ditandai menurut sumber / platform',
      r.sources
        .filter((s) => s.flagged > 0)
        .slice(0, 12)
        .map((s) => ({ label: `${s.name} (${s.kind})`, n: s.flagged })),
    ),
    barChart(
      'Penyebutan kepolisian menurut satuan',
      r.units.slice(0, 12).map((u) => ({ label: u.unit, n: u.items })),
    ),
  ]);
  return { daily, trend, topics, sources, units };
}

const num = (n: number) => n.toLocaleString('id-ID');

/** An SVG chart as an image (the CSP allows data: images, and an image's SVG runs nothing). */
function chart(svg: string, alt: string): Html {
  return html`<figure class="chart"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" alt="${alt}"></figure>`;
}

function dateLong(day: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** The on-screen Ringkasan of a week: the report's summary table, its charts and its tables, with downloads. */
export function dashboardPage(chrome: PageChrome, v: { data: WeeklyData; charts: DashboardCharts; current: IsoWeek }): Html {
  const r = v.data;
  const t = r.totals;
  const isCurrent = r.week.id === v.current.id;
  const confirmed = confirmedTotal(t);
  const weekLink = (w: IsoWeek) => `/ringkasan?minggu=${w.id}`;
  const next = new Date(r.week.end.getTime() + 3 * 86_400_000);
  const indicators = summaryIndicators(t, r.previousTotals);
  const value = (kind: 'count' | 'duration', n: number | null) => (kind === 'duration' ? formatDuration(n) : num(n ?? 0));
  return page(
    { ...chrome, active: 'dashboard' },
    html`<h1>Ringkasan minggu ${r.week.id}${isCurrent ? html` <small>minggu berjalan, sampai saat ini</small>` : ''}</h1>
<p class="muted">${dateLong(r.week.firstDay)} – ${dateLong(r.week.lastDay)} (${r.timeZone}). Angka dan grafik yang sama dengan laporan mingguan.</p>
<form method="get" action="/ringkasan" class="filters">
  <a href="${weekLink(r.previous)}">« Minggu sebelumnya</a>
  <label>Minggu yang memuat tanggal <input type="date" name="tanggal" value="${r.week.firstDay}"></label>
  <button type="submit">Tampilkan</button>
  ${isCurrent ? '' : html`<a href="${`/ringkasan?tanggal=${next.toISOString().slice(0, 10)}`}">Minggu berikutnya »</a> <a href="/ringkasan">Minggu ini</a>`}
</form>
<p class="exports">Unduh angka minggu ini: <a href="/export/mingguan.csv?minggu=${r.week.id}" download>CSV</a> · <a href="/export/mingguan.xlsx?minggu=${r.week.id}" download>Excel</a>
 · kasus yang dibuka minggu ini: <a href="/export/kasus.csv?dari=${r.week.firstDay}&amp;sampai=${r.week.lastDay}" download>CSV</a> · <a href="/export/kasus.xlsx?dari=${r.week.firstDay}&amp;sampai=${r.week.lastDay}" download>Excel</a></p>

<section class="tiles" aria-label="Angka utama">
  <p><strong>${num(t.monitored)}</strong> butir dipantau</p>
  <p><strong>${num(t.flagged)}</strong> ditandai untuk ditinjau</p>
  <p><strong>${num(confirmed)}</strong> terkonfirmasi hoaks/dis-/misinformasi</p>
  <p><strong>${formatDuration(t.median_to_verdict_s)}</strong> median sampai putusan</p>
</section>

<h2>Indikator</h2>
<table class="summary"><thead><tr><th>Indikator</th><th class="num">Minggu ini</th><th class="num">Minggu lalu (${r.previous.id})</th><th class="num">Perubahan</th></tr></thead>
<tbody>${indicators.map(
      (i) =>
        html`<tr><td>${i.label}</td><td class="num">${value(i.kind, i.now)}</td><td class="num">${value(i.kind, i.before)}</td><td class="num">${i.kind === 'count' ? formatChange(i.now ?? 0, i.before ?? 0) : ''}</td></tr>`,
    )}</tbody></table>
${t.impossible_durations ? html`<p class="muted">${num(t.impossible_durations)} putusan/klarifikasi tercatat sebelum butirnya pertama terlihat dan tidak dihitung dalam median waktu.</p>` : ''}

<h2>Volume dan tren</h2>
<div class="charts">
${chart(v.charts.daily, `Volume harian: ${r.daily.map((d) => `${d.day} dipantau ${d.monitored}, ditandai ${d.flagged}`).join('; ')}`)}
${chart(v.charts.trend, `Tren 8 minggu hoaks terkonfirmasi: ${r.trend.map((w) => `${w.week} ${w.n}`).join('; ')}`)}
</div>

<h2>Ditandai menurut topik, satuan, dan sumber</h2>
<div class="charts">
${chart(v.charts.topics, 'Ditandai menurut topik; angkanya di tabel di bawah')}
${chart(v.charts.units, 'Penyebutan kepolisian menurut satuan; angkanya di tabel di bawah')}
${chart(v.charts.sources, 'Ditandai menurut sumber; angkanya di tabel di bawah')}
</div>
<div class="charts">
<table class="topics"><caption>Topik</caption><thead><tr><th>Topik</th><th class="num">Ditandai</th></tr></thead><tbody>${r.topics.length ? r.topics.map((x) => html`<tr><td>${x.topic}</td><td class="num">${num(x.n)}</td></tr>`) : html`<tr><td colspan="2" class="muted">tidak ada</td></tr>`}</tbody></table>
<table class="units"><caption>Satuan polisi</caption><thead><tr><th>Satuan</th><th class="num">Butir</th><th class="num">Ditandai</th></tr></thead><tbody>${r.units.length ? r.units.map((u) => html`<tr><td>${u.unit}</td><td class="num">${num(u.items)}</td><td class="num">${num(u.flagged)}</td></tr>`) : html`<tr><td colspan="3" class="muted">tidak ada</td></tr>`}</tbody></table>
<table class="sources"><caption>Sumber</caption><thead><tr><th>Sumber</th><th class="num">Dipantau</th><th class="num">Ditandai</th></tr></thead><tbody>${r.sources.length ? r.sources.map((s) => html`<tr><td>${s.name}</td><td class="num">${num(s.monitored)}</td><td class="num">${num(s.flagged)}</td></tr>`) : html`<tr><td colspan="3" class="muted">tidak ada</td></tr>`}</tbody></table>
</div>`,
  );
}
