import { html } from './html.ts';
import type { OwnSession } from '../../review/account.service.ts';
import { formatTime } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

export interface AccountView {
  sessions: OwnSession[];
  minPassword: number;
  timezone: string;
}

/** A user agent as a person recognises it: the browser and system it names, else the start of the string. */
export function deviceName(ua: string | null): string {
  if (!ua) return 'tidak diketahui';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome/Chromium'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return browser ? `${browser}${system ? ` di ${system}` : ''}` : ua.slice(0, 60);
}

/** The person's own account: a password form and their sessions, each with "Akhiri sesi". */
export function accountPage(chrome: PageChrome, v: AccountView): Html {
  const csrf = csrfField(chrome.session);
  const others = v.sessions.filter((s) => !s.current).length;
  return page(
    { ...chrome, active: 'account' },
    html`<h1>Akun saya</h1>
<section class="account">
<h2>Ganti kata sandi</h2>
<form method="post" action="/akun/kata-sandi" class="compact account-password">${csrf}
  <label>Kata sandi saat ini <input name="current" type="password" required autocomplete="current-password"></label>
  <label>Kata sandi baru (minimal ${v.minPassword} karakter) <input name="next" type="password" required minlength="${v.minPassword}" autocomplete="new-password"></label>
  <label>Ulangi kata sandi baru <input name="repeat" type="password" required minlength="${v.minPassword}" autocomplete="new-password"></label>
  <button type="submit">Ganti kata sandi</button>
  <p class="muted">Setelah diganti, semua sesi lain akun ini berakhir; sesi ini tetap masuk.</p>
</form>
</section>
<section class="sessions">
<h2>Sesi aktif <small>${v.sessions.length}</small></h2>
<div class="table-wrap"><table class="sessions"><thead><tr><th>Perangkat</th><th>Masuk</th><th>Terakhir aktif</th><th>Berakhir bila tidak dipakai</th><th></th></tr></thead><tbody>
${v.sessions.map(
  (
    s,
  ) => html`<tr class="${s.current ? 'current' : ''}"><td title="${s.user_agent ?? ''}">${deviceName(s.user_agent)}${s.current ? html` <strong>(sesi ini)</strong>` : ''}</td>
<td class="nowrap">${formatTime(s.created_at, v.timezone)}</td><td class="nowrap">${formatTime(s.last_seen_at, v.timezone)}</td><td class="nowrap">${formatTime(s.expires_at, v.timezone)}</td>
<td><form method="post" action="/akun/sesi/akhiri" class="inline">${csrf}<input type="hidden" name="sesi" value="${s.handle}"><button type="submit" class="secondary">${s.current ? 'Akhiri sesi (keluar)' : 'Akhiri sesi'}</button></form></td></tr>`,
)}
</tbody></table></div>
${others ? html`<form method="post" action="/akun/sesi/akhiri-lain" class="compact">${csrf}<button type="submit" class="secondary">Akhiri ${others} sesi lain</button></form>` : ''}
</section>`,
  );
}
