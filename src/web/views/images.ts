import type { ClusterCopy, ItemImageView } from '../../db/images.repo.ts';
import { html } from './html.ts';
import { formatTime, VERDICT_LABEL } from './labels.ts';
import { outLink, type Html } from './layout.ts';
import type { Verdict } from '../../vocabulary.ts';

const OCR_NOTE: Record<string, string> = {
  pending: 'Teks gambar sedang dibaca (OCR)…',
  failure: 'Teks gambar tidak terbaca',
  unavailable: 'OCR tidak tersedia di server ini (tesseract-ocr belum dipasang)',
};

/**
 * An item's images: each with the text OCR read from it beside it, and the other items that carry a
 * copy of it (the image's cluster: re-cropped, re-compressed or captioned versions), first seen first.
 */
export function imagesSection(images: ItemImageView[], copies: ClusterCopy[], timezone: string): Html {
  if (!images.length) return html``;
  return html`<section class="images"><h2>Gambar (${images.length})</h2>
${images.map((im) => {
  const mine = copies.filter((c) => c.cluster_id === im.cluster_id);
  return html`<div class="image-row">
  <figure>${
    im.sha256 && im.processed_at && !im.image_error
      ? html`<a href="/images/${im.sha256}"><img src="/images/${im.sha256}" alt="Gambar ${im.position + 1} dari butir ini" loading="lazy" width="${im.width ?? ''}" height="${im.height ?? ''}"></a>`
      : html`<div class="image-missing">${im.status === 'failed' ? (im.error ?? 'Gambar gagal diambil') : im.image_error ? im.image_error : im.status === 'pending' ? 'Gambar belum diambil…' : 'Gambar sedang diproses…'}</div>`
  }
  <figcaption>${im.url ? outLink(im.url, 'sumber gambar') : 'diunggah pelapor'}${im.width ? ` · ${im.width}×${im.height}` : ''}${im.first_seen_at ? html` · pertama terlihat ${formatTime(im.first_seen_at, timezone)}` : ''}</figcaption></figure>
  <div class="ocr">
    <h3>Teks dalam gambar (OCR)</h3>
    ${
      im.ocr_status === 'success'
        ? im.ocr_text
          ? html`<pre class="ocr-text">${im.ocr_text}</pre>`
          : html`<p class="muted">Tidak ada teks terbaca.</p>`
        : html`<p class="muted">${OCR_NOTE[im.ocr_status ?? 'pending'] ?? ''}</p>`
    }
    <h3>Salinan gambar ini di butir lain (${mine.length})</h3>
    ${
      mine.length
        ? html`<ul class="image-copies">${mine.map(
            (c) =>
              html`<li><a href="/items/${c.item_id}">#${c.item_id}</a> ${c.source_name} · ${formatTime(c.seen_at, timezone)}${c.sha256 === im.sha256 ? ' · berkas sama' : ' · versi lain (dipotong/dikompres/diberi teks)'}${c.case_id ? html` · <a href="/cases/${c.case_id}">kasus #${c.case_id}</a>${c.verdict ? ` (${VERDICT_LABEL[c.verdict as Verdict]})` : ''}` : ''}</li>`,
          )}</ul>`
        : html`<p class="muted">Belum terlihat di butir lain.</p>`
    }
  </div>
</div>`;
})}
</section>`;
}
