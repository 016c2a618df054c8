import { html } from './html.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

/** A tip typed in by an officer: a forwarded WhatsApp message, a link seen on Facebook. */
export function tipPage(chrome: PageChrome): Html {
  return page(
    { ...chrome, active: 'tips' },
    html`<h1>Laporan masuk</h1>
<p class="muted">Pesan atau tautan yang dilaporkan masyarakat atau anggota. Laporan masuk ke antrean seperti butir lain dan dinilai otomatis.</p>
<form method="post" action="/tips" class="stack" enctype="multipart/form-data">${csrfField(chrome.session)}
  <label>Tautan <input name="url" type="url" placeholder="https://…" maxlength="4000"></label>
  <label><input type="checkbox" name="fetch" value="1" checked> Ambil isi halaman tautan sekarang</label>
  <label>Isi pesan <textarea name="text" rows="8" maxlength="100000" placeholder="Tempel pesan yang beredar"></textarea></label>
  <label>Gambar atau tangkapan layar <input type="file" name="images" multiple accept="image/jpeg,image/png,image/webp,image/gif">
    <small class="muted">Paling banyak 4 berkas JPEG, PNG, WebP atau GIF, masing-masing 10 MB. Teks dalam gambar dibaca otomatis (OCR) dalam beberapa menit.</small></label>
  <label>Pelapor <input name="reporter" maxlength="200" placeholder="Nama, akun, atau satuan (Polsek …)"></label>
  <label>Beredar di <input name="channel" maxlength="100" placeholder="Grup WhatsApp, Facebook, …"></label>
  <label>Catatan untuk analis <textarea name="note" rows="3" maxlength="5000"></textarea></label>
  <button type="submit">Simpan laporan</button>
</form>`,
  );
}
