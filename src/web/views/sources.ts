import { html } from './html.ts';
import type { Source } from '../../db/schema.ts';
import { can } from '../../review/roles.ts';
import { ERROR_CLASS_LABEL, HEALTH_LABEL, type HealthState, type SourceHealth } from '../../health/source-health.ts';
import { SOURCE_KIND_LABEL } from '../../vocabulary.ts';
import { formatTime, scheduleInWords } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

type SourceRow = Source & { health: SourceHealth | null };

const HEALTH_CLASS: Partial<Record<HealthState, string>> = { failing: 'bad', silent: 'bad', degraded: 'warn' };

/** Sources by health, worst first: whether each delivers at its own usual rate, and why not. */
export function sourcesPage(chrome: PageChrome, v: { sources: SourceRow[]; timezone: string; flagThreshold: number }): Html {
  const admin = can(chrome.session!.actor, 'source.manage');
  const csrf = csrfField(chrome.session);
  const perDay = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('id-ID', { maximumFractionDigits: 1 }));
  return page(
    { ...chrome, active: 'sources' },
    html`<h1>Sumber</h1>
<p class="muted">Sumber, jadwal dan ambang ditetapkan di berkas pipeline (versi terkontrol). Ambang penandaan saat ini: ${Math.round(v.flagThreshold * 100)}. Kesehatan dinilai dari pola masing-masing sumber: berita harian yang sepi di malam hari wajar, kanal ramai yang sepi berjam-jam tidak. Admin dapat menjeda dan melanjutkan sumber di sini.</p>
<table><thead><tr><th>Sumber</th><th>Jenis</th><th>Jadwal</th><th>Kesehatan</th><th>Berhasil terakhir</th><th>Galat terakhir</th><th>24 jam</th><th>Biasanya/hari</th>${admin ? html`<th></th>` : ''}</tr></thead><tbody>
${v.sources.map((s) => {
  const h = s.health;
  const state = !s.enabled ? 'nonaktif di pipeline' : h ? HEALTH_LABEL[h.state] : 'belum pernah';
  return html`<tr class="${s.paused_at || !s.enabled ? 'inactive' : ''}"><td>${s.name}<br><small class="muted">${s.id}</small></td><td>${SOURCE_KIND_LABEL[s.kind]}</td><td>${s.schedule ? html`${scheduleInWords(s.schedule)}<br><small class="muted"><code>${s.schedule}</code></small>` : 'manual'}</td>
<td class="${h ? (HEALTH_CLASS[h.state] ?? '') : ''}"><strong>${state}</strong>${s.paused_at ? html`<br><small>sejak ${formatTime(s.paused_at, v.timezone)}</small>` : h ? html`<br><small>${h.reason}</small>` : ''}</td>
<td class="nowrap">${formatTime(h?.lastSuccessAt ?? null, v.timezone)}</td>
<td>${h?.lastError ? html`${ERROR_CLASS_LABEL[h.lastError.class]}, ${formatTime(h.lastError.at, v.timezone)}<br><small>${h.lastError.message}</small>` : '—'}</td>
<td class="num">${h?.itemsLast24h ?? ''}</td><td class="num">${perDay(h?.usualPerDay)}</td>
${admin ? html`<td>${s.enabled && s.schedule ? html`<form method="post" action="/sources/${s.id}/${s.paused_at ? 'resume' : 'pause'}">${csrf}<button type="submit" class="secondary">${s.paused_at ? 'Lanjutkan' : 'Jeda'}</button></form>` : ''}</td>` : ''}</tr>`;
})}
</tbody></table>`,
  );
}
