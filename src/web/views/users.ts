import { html } from './html.ts';
import type { PublicUser } from '../../db/users.repo.ts';
import { ROLE_LABEL, ROLES } from '../../review/roles.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';
export function usersPage(chrome: PageChrome, v: { users: PublicUser[]; timezone: string }): Html {
  const csrf = csrfField(chrome.session);
  const roleBoxes = (selected: readonly string[]) =>
    ROLES.map(
      (r) => html`<label class="check"><input type="checkbox" name="roles" value="${r}" ${selected.includes(r) ? 'checked' : ''}> ${ROLE_LABEL[r]}</label>`,
    );
  return page(
    { ...chrome, active: 'admin' },
    html`<h1>Pengguna</h1>
<table><thead><tr><th>Nama pengguna</th><th>Nama</th><th>Peran</th><th>Status</th><th>Ubah</th></tr></thead><tbody>
${v.users.map(
  (
    u,
  ) => html`<tr class="${u.active ? '' : 'inactive'}"><td>${u.username}</td><td>${u.display_name}</td><td>${u.roles.map((r) => ROLE_LABEL[r]).join(', ')}</td><td>${u.active ? 'aktif' : 'nonaktif'}</td>
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
