import { html } from 'hono/html';
import type { sourcesWithLastRun } from '../../db/fetch-runs.repo.ts';
import type { PublicUser } from '../../db/users.repo.ts';
import { can, ROLE_LABEL, ROLES } from '../../review/roles.ts';
import { formatTime } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

const RUN_STATUS: Record<string, string> = {
  success: 'berhasil',
  not_modified: 'tidak berubah',
  partial: 'sebagian',
  failure: 'gagal',
  running: 'berjalan',
  abandoned: 'terhenti',
};

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

type SourceRow = Awaited<ReturnType<typeof sourcesWithLastRun>>[number];

export function sourcesPage(chrome: PageChrome, v: { sources: SourceRow[]; timezone: string; flagThreshold: number }): Html {
  const admin = can(chrome.session!.actor, 'source.manage');
  const csrf = csrfField(chrome.session);
  return page(
    { ...chrome, active: 'sources' },
    html`<h1>Sumber</h1>
<p class="muted">Sumber, jadwal dan ambang ditetapkan di berkas pipeline (versi terkontrol). Ambang penandaan saat ini: ${Math.round(v.flagThreshold * 100)}. Admin dapat menjeda dan melanjutkan sumber di sini.</p>
<table><thead><tr><th>Sumber</th><th>Jenis</th><th>Jadwal</th><th>Terakhir diambil</th><th>Status</th><th>Baru</th><th>Duplikat</th>${admin ? html`<th></th>` : ''}</tr></thead><tbody>
${v.sources.map((s) => {
  const r = s.last_run;
  return html`<tr class="${s.paused_at || !s.enabled ? 'inactive' : ''}"><td>${s.name}<br><small class="muted">${s.id}</small></td><td>${s.kind}</td><td>${s.schedule ?? 'manual'}</td>
<td class="nowrap">${formatTime(r?.started_at ?? null, v.timezone)}</td>
<td class="${r?.status === 'failure' ? 'bad' : ''}">${!s.enabled ? 'nonaktif di pipeline' : s.paused_at ? html`dijeda sejak ${formatTime(s.paused_at, v.timezone)}` : r ? (RUN_STATUS[r.status] ?? r.status) : 'belum pernah'}${r?.error ? html`<br><small>${r.error_code}: ${r.error}</small>` : ''}</td>
<td class="num">${r?.items_new ?? ''}</td><td class="num">${r?.items_duplicate ?? ''}</td>
${admin ? html`<td>${s.enabled && s.schedule ? html`<form method="post" action="/sources/${s.id}/${s.paused_at ? 'resume' : 'pause'}">${csrf}<button type="submit" class="secondary">${s.paused_at ? 'Lanjutkan' : 'Jeda'}</button></form>` : ''}</td>` : ''}</tr>`;
})}
</tbody></table>`,
  );
}
