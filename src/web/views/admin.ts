import { html } from 'hono/html';
import type { Source } from '../../db/schema.ts';
import type { PublicUser } from '../../db/users.repo.ts';
import { can, ROLE_LABEL, ROLES } from '../../review/roles.ts';
import { ERROR_CLASS_LABEL, HEALTH_LABEL, type HealthState, type SourceHealth } from '../../health/source-health.ts';
import { formatTime } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

export function usersPage(chrome: PageChrome, v: { users: PublicUser[]; timezone: string }): Html {
  const csrf = csrfField(chrome.session);
  const roleBoxes = (selected: readonly string[]) => ROLES.map((r) => html`<label class="check"><input type="checkbox" name="roles" value="${r}" ${selected.includes(r) ? 'checked' : ''}> ${ROLE_LABEL[r]}</label>`);
  return page(
    { ...chrome, active: 'admin' },
    html`<h1>Pengguna</h1>
<table><thead><tr><th>Nama pengguna</th><th>Nama</th><th>Peran</th><th>Status</th><th>Ubah</th></tr></thead><tbody>
${v.users.map(
  (u) => html`<tr class="${u.active ? '' : 'inactive'}"><td>${u.username}</td><td>${u.display_name}</td><td>${u.roles.map((r) => ROLE_LABEL[r]).join(', ')}</td><td>${u.active ? 'aktif' : 'nonaktif'}</td>
<td><form method="post" action="/admin/users/${u.id}" class="compact">${csrf}<input type="hidden" name="version" value="${u.version}">
${roleBoxes(u.roles)}
<label class="check"><input type="checkbox" name="active" value="1" ${u.active ? 'checked' : ''}> aktif</label>
<input name="password" type="password" placeholder="kata sandi baru (opsional)" autocomplete="new-password">
<button type="submit">Simpan</button></form></td></tr>`,
)}
</tbody></table>
<h2>Tambah pengguna</h2>
<form method="post" action="/admin/users" class="compact">${csrf}
  <label>Nama pengguna <input name="username" required pattern="[a-z0-9][a-z0-9._\\-]{1,39}"></label>
  <label>Nama lengkap dan pangkat <input name="display_name" required></label>
  <fieldset>${roleBoxes([])}</fieldset>
  <label>Kata sandi awal <input name="password" type="password" required minlength="10" autocomplete="new-password"></label>
  <button type="submit">Tambah</button>
</form>`,
  );
}

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
  return html`<tr class="${s.paused_at || !s.enabled ? 'inactive' : ''}"><td>${s.name}<br><small class="muted">${s.id}</small></td><td>${s.kind}</td><td>${s.schedule ?? 'manual'}</td>
<td class="${h ? (HEALTH_CLASS[h.state] ?? '') : ''}"><strong>${state}</strong>${s.paused_at ? html`<br><small>sejak ${formatTime(s.paused_at, v.timezone)}</small>` : h ? html`<br><small>${h.reason}</small>` : ''}</td>
<td class="nowrap">${formatTime(h?.lastSuccessAt ?? null, v.timezone)}</td>
<td>${h?.lastError ? html`${ERROR_CLASS_LABEL[h.lastError.class]}, ${formatTime(h.lastError.at, v.timezone)}<br><small>${h.lastError.message}</small>` : '—'}</td>
<td class="num">${h?.itemsLast24h ?? ''}</td><td class="num">${perDay(h?.usualPerDay)}</td>
${admin ? html`<td>${s.enabled && s.schedule ? html`<form method="post" action="/sources/${s.id}/${s.paused_at ? 'resume' : 'pause'}">${csrf}<button type="submit" class="secondary">${s.paused_at ? 'Lanjutkan' : 'Jeda'}</button></form>` : ''}</td>` : ''}</tr>`;
})}
</tbody></table>`,
  );
}
