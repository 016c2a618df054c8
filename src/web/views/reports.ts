import { html } from './html.ts';
import type { listReports } from '../../db/reports.repo.ts';
import { can } from '../../review/roles.ts';
import { WEEKLY_REPORT_CRON } from '../../jobs/crontab.ts';
import type { DefaultWeek } from '../../report/stage.ts';
import { zoneAbbreviation } from '../../zoned-time.ts';
import { formatTime, scheduleInWords } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

type Row = Awaited<ReturnType<typeof listReports>>[number];

export function reportsPage(chrome: PageChrome, v: { rows: Row[]; timezone: string; suggested: DefaultWeek }): Html {
  const gen = can(chrome.session!.actor, 'report.generate');
  return page(
    { ...chrome, active: 'reports' },
    html`<h1>Laporan mingguan</h1>
<p class="muted">Dibuat otomatis untuk minggu sebelumnya (Senin–Minggu). Jadwal: ${scheduleInWords(WEEKLY_REPORT_CRON)} ${zoneAbbreviation(v.timezone)}.</p>
${
  gen
    ? html`<form method="post" action="/reports" class="filters">${csrfField(chrome.session)}
  <label>Tanggal mana pun dalam minggunya <input type="date" name="date" value="${v.suggested.week.firstDay}"></label>
  <label>atau kode minggu ISO <input name="week" placeholder="${v.suggested.week.id}" pattern="\\d{4}-?[Ww]\\d{1,2}" size="9"></label>
  <button type="submit">Buat sekarang</button>
  <p class="muted week-note">${v.suggested.note}</p></form>`
    : html`<p class="muted">${v.suggested.note}</p>`
}
${
  v.rows.length
    ? html`<table><thead><tr><th>Minggu</th><th>Nomor</th><th>Periode</th><th class="num">Dipantau</th><th class="num">Ditandai</th><th class="num">Hoaks</th><th>Dibuat</th><th>Berkas</th></tr></thead><tbody>
${v.rows.map((r) => {
  const { totals: t, pdf_error: pdfError } = r.figures as { totals?: { monitored: number; flagged: number; hoaks: number }; pdf_error?: string };
  return html`<tr><td>${r.period}</td><td>${r.number}</td><td class="nowrap">${formatTime(r.period_start, v.timezone)} – ${formatTime(new Date(r.period_end.getTime() - 60_000), v.timezone)}</td>
<td class="num">${t?.monitored ?? ''}</td><td class="num">${t?.flagged ?? ''}</td><td class="num">${t?.hoaks ?? ''}</td>
<td class="nowrap">${formatTime(r.generated_at, v.timezone)}${r.generated_by_name ? html`<br><small>${r.generated_by_name}</small>` : ''}</td>
<td>${r.html_path ? html`<a href="/reports/${r.id}/html">HTML</a> ` : ''}${r.pdf_path ? html`<a href="/reports/${r.id}/pdf">PDF</a>` : ''}${pdfError ? html`<br><small class="muted">PDF tidak dibuat: ${pdfError}</small>` : ''}</td></tr>`;
})}
</tbody></table>`
    : html`<p class="empty">Belum ada laporan.</p>`
}`,
  );
}
