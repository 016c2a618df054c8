import { html } from './html.ts';
import { page, type Html, type PageChrome } from './layout.ts';

export function loginPage(chrome: PageChrome, opts: { next: string; username?: string }): Html {
  return page(
    chrome,
    html`<section class="login">
<h1>Masuk</h1>
<form method="post" action="/login">
  <input type="hidden" name="next" value="${opts.next}">
  <label>Nama pengguna <input name="username" autocomplete="username" required value="${opts.username ?? ''}" autofocus></label>
  <label>Kata sandi <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Masuk</button>
</form>
<p class="muted">Akun dibuat oleh admin. Lupa kata sandi? Hubungi admin Saring di satuan Anda.</p>
</section>`,
  );
}

export function errorPage(chrome: PageChrome, status: number, message: string): Html {
  const title =
    { 400: 'Isian tidak sah', 403: 'Tidak diizinkan', 404: 'Tidak ditemukan', 409: 'Konflik', 429: 'Terlalu banyak percobaan' }[status] ?? 'Terjadi kesalahan';
  return page({ ...chrome, title }, html`<h1>${title}</h1><p class="flash error" role="alert">${message}</p><p><a href="/queue">Kembali ke antrean</a></p>`);
}
