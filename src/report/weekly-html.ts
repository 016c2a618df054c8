import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import {
  CLARIFICATION_STATUS_LABEL,
  CONTENT_TYPE_LABEL,
  PRIORITY_LABEL,
  SOURCE_KIND_LABEL,
  VERDICT_LABEL,
  type ClarificationStatus,
  type SourceKind,
} from '../vocabulary.ts';
import { weeklyCharts } from './weekly-charts.ts';
import type { WeeklyData } from './weekly-data.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** "3 jam 20 menit", "2 hari 4 jam": how long, as a reader says it; a negative time is no time ("—"). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds < 0) return '—';
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} menit`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} jam ${m % 60} menit` : `${h} jam`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} hari ${h % 24} jam` : `${d} hari`;
}

/** The change from last week: "+12 (+25 %)", "−3 (−50 %)", "tetap", or "+4 (baru)" from zero. */
export function formatChange(now: number, before: number): string {
  const d = now - before;
  if (d === 0) return 'tetap';
  const sign = d > 0 ? '+' : '−';
  const pct = before ? ` (${sign}${Math.round((Math.abs(d) / before) * 100)} %)` : ' (baru)';
  return `${sign}${Math.abs(d).toLocaleString('id-ID')}${pct}`;
}

function dateLong(d: Date | string, tz: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone: tz, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    typeof d === 'string' ? new Date(d) : d,
  );
}
function dateTime(d: Date | null, tz: string): string {
  return d ? new Intl.DateTimeFormat('id-ID', { timeZone: tz, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d) : '—';
}
const num = (n: number) => n.toLocaleString('id-ID');
/** "politik/pilkada" may wrap after its slash rather than inside a word. */
const slashBreaks = (text: string) => text.split('/').map((part, i) => (i ? html`/<wbr>${part}` : html`${part}`));
/** A link as a reader glances at it: no scheme, no "www.", cut at 40 characters (the whole link stays in the href). */
export function shortUrl(url: string): string {
  const bare = url.replace(/^https?:\/\/(www\.)?/i, '');
  return bare.length > 40 ? `${bare.slice(0, 39)}…` : bare;
}
/**
 * Column widths, in percent of the page, of the report's fixed-layout tables: written into the style
 * sheet (no style attributes, so the report's CSP may name the sheet alone).
 */
const COLUMNS = {
  cases: [7, 29, 12, 13, 14, 11, 14],
  notable: [58, 18, 16, 8],
  sources: [18, 16, 14, 8, 9, 35],
  confirmed: [7, 28, 12, 13, 14, 14, 12],
} as const;
const columnCss = Object.entries(COLUMNS)
  .map(([table, widths]) => widths.map((w, i) => `table.${table} col:nth-child(${i + 1}) { width: ${w}%; }`).join(' '))
  .join('\n');
const cols = (table: keyof typeof COLUMNS) => html`<colgroup>${COLUMNS[table].map(() => html`<col>`)}</colgroup>`;

const CSS = `
@page { size: A4 portrait; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; margin: 0; }
header { border-bottom: 2px solid #111; padding-bottom: 6px; margin-bottom: 10px; }
header .kop { font-size: 9pt; letter-spacing: .05em; text-transform: uppercase; }
h1 { font-size: 15pt; margin: 4px 0; } h2 { font-size: 12pt; margin: 16px 0 6px; border-bottom: 1px solid #999; padding-bottom: 2px; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 10px 0 4px; break-after: avoid; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1px 10px; margin: 6px 0 0; font-size: 9.5pt; } dl.meta dt { color: #444; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 4px 0 8px; }
/* Fixed layout: each column keeps the share its col element gives it, so a long link or word wraps in its
   cell instead of squeezing the claim to a word a line or pushing the last column off the page. */
table.fixed { table-layout: fixed; width: calc(100% - 1px); } /* the collapsed outer border's half stays on the page */
th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e9e9e9; overflow-wrap: normal; hyphens: auto; } td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
.link { font-size: 8pt; color: #333; }
a { color: inherit; }
tr { break-inside: avoid; }
.chart { margin: 6px 0; break-inside: avoid; } .chart svg { max-width: 100%; height: auto; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.muted { color: #555; } .small { font-size: 8.5pt; }
.appendix { break-before: page; }
@media screen { body { max-width: 190mm; margin: 0 auto; padding: 12px 16px; } }
@media screen and (max-width: 640px) { body { padding: 8px; } dl.meta { grid-template-columns: 1fr; } table { font-size: 8pt; } th, td { padding: 2px 3px; } }
footer { margin-top: 14px; font-size: 8pt; color: #555; border-top: 1px solid #bbb; padding-top: 4px; }
`;

/** The weekly report as one self-contained HTML document (charts inline as SVG), ready to print. */
export async function renderWeeklyHtml(r: WeeklyData): Promise<string> {
  const tz = r.timeZone;
  const t = r.totals;
  const p = r.previousTotals;
  const confirmed = t.hoaks + t.disinformasi + t.misinformasi;
  const confirmedBefore = p.hoaks + p.disinformasi + p.misinformasi;
  const { daily, topics, sources, units, trend } = await weeklyCharts(r);
  const summary: Array<[string, string, string, string]> = [
    ['Butir dipantau', num(t.monitored), num(p.monitored), formatChange(t.monitored, p.monitored)],
    ['Butir ditandai untuk ditinjau', num(t.flagged), num(p.flagged), formatChange(t.flagged, p.flagged)],
    ['Terkonfirmasi hoaks', num(t.hoaks), num(p.hoaks), formatChange(t.hoaks, p.hoaks)],
    ['Terkonfirmasi disinformasi', num(t.disinformasi), num(p.disinformasi), formatChange(t.disinformasi, p.disinformasi)],
    ['Terkonfirmasi misinformasi', num(t.misinformasi), num(p.misinformasi), formatChange(t.misinformasi, p.misinformasi)],
    ['Diputuskan benar / belum terbukti', `${num(t.benar)} / ${num(t.belum_terbukti)}`, `${num(p.benar)} / ${num(p.belum_terbukti)}`, ''],
    ['Hoaks lama beredar kembali (butir ditautkan ke kasus lama)', num(t.hlbk_linked), num(p.hlbk_linked), formatChange(t.hlbk_linked, p.hlbk_linked)],
    ['Kemungkinan mengatasnamakan polisi', num(t.impersonation_items), num(p.impersonation_items), formatChange(t.impersonation_items, p.impersonation_items)],
    ['Kritik/keluhan terhadap polisi (bukan hoaks)', num(t.criticism_items), num(p.criticism_items), formatChange(t.criticism_items, p.criticism_items)],
    [
      'Diteruskan ke pengaduan (kasus ke Dumas/Propam, butir berlabel kritik)',
      num(t.complaints_routed),
      num(p.complaints_routed),
      formatChange(t.complaints_routed, p.complaints_routed),
    ],
    [
      'Klarifikasi diterbitkan',
      num(t.clarifications_published),
      num(p.clarifications_published),
      formatChange(t.clarifications_published, p.clarifications_published),
    ],
    ['Median waktu: pertama terlihat → putusan', formatDuration(t.median_to_verdict_s), formatDuration(p.median_to_verdict_s), ''],
    ['Median waktu: pertama terlihat → klarifikasi terbit', formatDuration(t.median_to_clarification_s), formatDuration(p.median_to_clarification_s), ''],
  ];
  const caseRow = (c: WeeklyData['topCases'][number]) =>
    html`<tr><td>#${c.id}</td><td>${c.title}</td><td>${dateTime(c.first_seen, tz)}</td><td>${c.sources} sumber<br>${c.items} butir${c.reposts ? html`<br>${c.reposts} unggahan ulang` : ''}</td><td>${c.verdict ? slashBreaks(VERDICT_LABEL[c.verdict]) : 'belum ada'}</td><td>${PRIORITY_LABEL[c.priority]}</td><td>${c.clarification_status ? CLARIFICATION_STATUS_LABEL[c.clarification_status as ClarificationStatus] : '—'}${c.clarification_url ? html`<br><a class="link" href="${c.clarification_url}">${shortUrl(c.clarification_url)}</a>` : ''}</td></tr>`;
  const doc: Html = html`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Laporan mingguan ${r.week.id} — ${r.unit}</title><style>${raw(CSS)}${raw(columnCss)}</style></head>
<body>
<header>
  <div class="kop">${r.unit}</div>
  <h1>Laporan Mingguan Pemantauan Hoaks dan Misinformasi</h1>
  <dl class="meta">
    <dt>Periode</dt><dd>${dateLong(`${r.week.firstDay}T12:00:00Z`, 'UTC')} – ${dateLong(`${r.week.lastDay}T12:00:00Z`, 'UTC')} (${r.week.id}, ${tz})</dd>
    <dt>Nomor</dt><dd>${r.number}</dd>
    <dt>Dibuat</dt><dd>${new Intl.DateTimeFormat('id-ID', { timeZone: tz, dateStyle: 'long', timeStyle: 'short' }).format(r.generatedAt)}</dd>
    <dt>Disusun oleh</dt><dd>${r.preparedBy}</dd>
  </dl>
</header>

<h2>1. Ringkasan</h2>
<p>${confirmed ? `${num(confirmed)} kasus terkonfirmasi hoaks, disinformasi atau misinformasi minggu ini (minggu lalu ${num(confirmedBefore)}).` : 'Tidak ada kasus yang terkonfirmasi hoaks minggu ini.'} ${num(t.flagged)} dari ${num(t.monitored)} butir yang dipantau ditandai untuk ditinjau. Kritik dan keluhan terhadap polisi dihitung terpisah dan tidak pernah dihitung sebagai hoaks (SE Kapolri SE/2/II/2021): ${num(t.criticism_items)} butir, ${num(t.complaints_routed)} diteruskan ke pengaduan (kasus yang dirujuk dan butir yang dilabeli analis sebagai kritik).</p>
<table class="summary"><thead><tr><th>Indikator</th><th class="num">Minggu ini</th><th class="num">Minggu lalu (${r.previous.id})</th><th class="num">Perubahan</th></tr></thead>
<tbody>${summary.map(([k, a, b, c]) => html`<tr><td>${k}</td><td class="num">${a}</td><td class="num">${b}</td><td class="num">${c}</td></tr>`)}</tbody></table>
${t.impossible_durations ? html`<p class="small">Catatan: ${num(t.impossible_durations)} putusan/klarifikasi minggu ini tercatat sebelum butirnya pertama terlihat, sehingga tidak dihitung dalam median waktu.</p>` : ''}

<h2>2. Grafik</h2>
<div class="chart">${raw(daily)}</div>
<div class="chart">${raw(trend)}</div>
<div class="chart">${raw(topics)}</div>
<div class="chart">${raw(sources)}</div>

<h2>3. Kasus utama minggu ini</h2>
${
  r.topCases.length
    ? html`<table class="fixed cases">${cols('cases')}<thead><tr><th>Kasus</th><th>Klaim</th><th>Pertama terlihat</th><th>Sebaran</th><th>Putusan</th><th>Prioritas</th><th>Klarifikasi</th></tr></thead><tbody>${r.topCases.map(caseRow)}</tbody></table>`
    : html`<p class="muted">Tidak ada kasus yang ditinjau minggu ini.</p>`
}

<h2>4. Penyebutan kepolisian</h2>
<p>${num(r.units.reduce((a, u) => a + u.items, 0))} penyebutan satuan kepolisian dalam butir yang dipantau minggu ini.</p>
<div class="chart">${raw(units)}</div>
${
  r.units.length
    ? html`<table><thead><tr><th>Satuan</th><th class="num">Butir</th><th class="num">Ditandai</th></tr></thead><tbody>${r.units.map((u) => html`<tr><td>${u.unit}</td><td class="num">${num(u.items)}</td><td class="num">${num(u.flagged)}</td></tr>`)}</tbody></table>`
    : ''
}
${
  r.notable.length
    ? html`<h3>Butir yang perlu dicermati</h3><table class="fixed notable">${cols('notable')}<thead><tr><th>Butir</th><th>Sumber</th><th>Satuan</th><th class="num">Skor</th></tr></thead><tbody>${r.notable.map((n) => html`<tr><td>${n.title ?? n.excerpt}</td><td>${n.source}</td><td>${n.units.join(', ')}</td><td class="num">${Math.round(n.priority * 100)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">Tidak ada butir yang menyebut kepolisian minggu ini.</p>`
}

<h2>5. Kesehatan sumber</h2>
${
  r.sourceProblems.length
    ? html`<table class="fixed sources">${cols('sources')}<thead><tr><th>Sumber</th><th>Jenis</th><th class="num">Pengambilan</th><th class="num">Gagal</th><th class="num">Butir baru</th><th>Galat terakhir</th></tr></thead><tbody>${r.sourceProblems.map((s) => html`<tr><td>${s.name}</td><td>${SOURCE_KIND_LABEL[s.kind as SourceKind] ?? s.kind}</td><td class="num">${s.runs}</td><td class="num">${s.failures}</td><td class="num">${s.new_items}</td><td class="small">${s.last_error ?? (s.new_items === 0 ? 'tidak ada butir baru (senyap)' : '')}</td></tr>`)}</tbody></table>`
    : html`<p>Semua sumber terjadwal berjalan dan membawa butir baru.</p>`
}

<section class="appendix">
<h2>Lampiran: semua kasus terkonfirmasi (${r.appendix.length})</h2>
${
  r.appendix.length
    ? html`<table class="fixed confirmed">${cols('confirmed')}<thead><tr><th>Kasus</th><th>Klaim</th><th>Pertama terlihat</th><th>Diputuskan</th><th>Putusan</th><th>Jenis / topik</th><th>Klarifikasi</th></tr></thead><tbody>${r.appendix.map((c) => html`<tr><td>#${c.id}</td><td>${c.title}</td><td>${dateTime(c.first_seen, tz)}</td><td>${dateTime(c.decided_at, tz)}</td><td>${c.verdict ? slashBreaks(VERDICT_LABEL[c.verdict]) : ''}</td><td>${c.content_type ? CONTENT_TYPE_LABEL[c.content_type] : '—'}${c.topic ? html`<br><span class="small">${slashBreaks(c.topic)}</span>` : ''}</td><td>${c.clarification_status ? CLARIFICATION_STATUS_LABEL[c.clarification_status as ClarificationStatus] : '—'}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">Tidak ada kasus terkonfirmasi minggu ini.</p>`
}
</section>
<footer>Dihasilkan oleh Saring (saring sebelum sharing) · model ${r.modelVersion} · angka dihitung dari basis data pada saat pembuatan.</footer>
</body></html>`;
  return String(await doc);
}
