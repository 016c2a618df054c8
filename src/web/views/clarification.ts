import { html } from './html.ts';
import type { listAudit } from '../../db/audit.repo.ts';
import type { getClarification, listClarifications, publications } from '../../db/clarifications.repo.ts';
import type { ClarificationStatus } from '../../db/schema.ts';
import { channelFit } from '../../review/clarification-text.ts';
import { can } from '../../review/roles.ts';
import { auditTable } from './audit.ts';
import { CHANNEL_LABEL, CLARIFICATION_STATUS_LABEL, formatTime, VERDICT_LABEL } from './labels.ts';
import { localInputValue, zoneAbbreviation } from '../../zoned-time.ts';
import { csrfField, outLink, page, type Html, type PageChrome } from './layout.ts';

type Row = Awaited<ReturnType<typeof listClarifications>>[number];

export function clarificationsPage(chrome: PageChrome, v: { rows: Row[]; status: ClarificationStatus | undefined; timezone: string }): Html {
  const tabs: Array<[ClarificationStatus | '', string]> = [
    ['', 'Semua'],
    ...(Object.entries(CLARIFICATION_STATUS_LABEL) as Array<[ClarificationStatus, string]>),
  ];
  return page(
    { ...chrome, active: 'clarifications' },
    html`<h1>Klarifikasi</h1>
<nav class="tabs">${tabs.map(([s, l]) => html`<a href="/clarifications${s ? `?status=${s}` : ''}" class="${(v.status ?? '') === s ? 'active' : ''}">${l}</a>`)}</nav>
${
  v.rows.length
    ? html`<table><thead><tr><th>#</th><th>Kasus</th><th>Status</th><th>Penulis</th><th>Diperbarui</th></tr></thead><tbody>
${v.rows.map((r) => html`<tr><td><a href="/clarifications/${r.id}">${r.id}</a></td><td><a href="/cases/${r.case_id}">#${r.case_id}</a> ${r.case_title}</td><td><span class="status ${r.status}">${CLARIFICATION_STATUS_LABEL[r.status]}</span></td><td>${r.author_name}</td><td class="nowrap">${formatTime(r.updated_at, v.timezone)}</td></tr>`)}
</tbody></table>`
    : html`<p class="empty">Tidak ada klarifikasi dengan status ini.</p>`
}`,
  );
}

export interface ClarificationView {
  c: NonNullable<Awaited<ReturnType<typeof getClarification>>>;
  publications: Awaited<ReturnType<typeof publications>>;
  audit: Awaited<ReturnType<typeof listAudit>>;
  timezone: string;
  /** The case's image (sha256), shared stamped "HOAKS" beside the clarification; null when it has none. */
  caseImage?: string | null;
}

export function clarificationPage(chrome: PageChrome, v: ClarificationView): Html {
  const c = v.c;
  const actor = chrome.session!.actor;
  const csrf = csrfField(chrome.session);
  const version = html`<input type="hidden" name="version" value="${c.version}">`;
  const editable = c.status === 'draft' || c.status === 'returned';
  const writer = can(actor, 'clarification.write');
  const fits = channelFit(c.body);
  return page(
    { ...chrome, active: 'clarifications' },
    html`<p><a href="/clarifications">« Klarifikasi</a> · <a href="/cases/${c.case_id}">Kasus #${c.case_id}</a></p>
<h1>Klarifikasi #${c.id} <span class="status ${c.status}">${CLARIFICATION_STATUS_LABEL[c.status]}</span></h1>
<p>Kasus: ${c.case_title} (${c.case_verdict ? VERDICT_LABEL[c.case_verdict] : '—'}) · Penulis: ${c.author_name} · Templat: ${c.template}</p>
${
  v.caseImage
    ? html`<p class="case-image"><a href="/images/${v.caseImage}"><img src="/images/${v.caseImage}" alt="Gambar kasus" width="120"></a> <a href="/images/case/${c.case_id}/hoaks.jpg" download>Unduh gambar kasus dengan cap HOAKS</a> <small class="muted">(tanpa metadata EXIF, untuk dibagikan bersama klarifikasi)</small></p>`
    : ''
}
${c.decision_comment ? html`<p class="flash ${c.status === 'returned' ? 'error' : 'ok'}">Catatan ${c.decided_by_name ?? 'pimpinan'}: ${c.decision_comment}</p>` : ''}
<div class="cols">
<section class="main">
  ${
    editable && writer
      ? html`<form method="post" action="/clarifications/${c.id}/edit">${csrf}${version}
    <label>Isi klarifikasi <textarea name="body" rows="14" maxlength="10000" data-count>${c.body}</textarea></label>
    <button type="submit">Simpan</button></form>`
      : html`<pre class="clarification">${c.body}</pre>`
  }
  <h2>Panjang per kanal</h2>
  <table class="fit"><thead><tr><th>Kanal</th><th>Karakter</th><th>Batas</th><th></th></tr></thead><tbody>
  ${fits.map((f) => html`<tr class="${f.over ? 'over' : ''}" data-channel="${f.channel}" data-limit="${f.limit}"><td>${f.label}</td><td class="num" data-length>${f.length}</td><td class="num">${f.limit}</td><td>${f.over ? 'terlalu panjang' : 'muat'}</td></tr>`)}
  </tbody></table>
</section>
<aside>
  ${
    editable && writer
      ? html`<h2>Ajukan</h2><form method="post" action="/clarifications/${c.id}/submit">${csrf}${version}<p class="muted">Simpan perubahan dulu, lalu ajukan ke pimpinan.</p><button type="submit">Ajukan untuk persetujuan</button></form>`
      : ''
  }
  ${
    c.status === 'submitted' && can(actor, 'clarification.decide')
      ? html`<h2>Keputusan pimpinan</h2><form method="post" action="/clarifications/${c.id}/decide">${csrf}${version}
    <label>Komentar (wajib bila dikembalikan) <textarea name="comment" rows="3"></textarea></label>
    <button type="submit" name="decision" value="approve">Setujui</button>
    <button type="submit" name="decision" value="return" class="secondary">Kembalikan</button></form>`
      : ''
  }
  ${
    (c.status === 'approved' || c.status === 'published') && writer
      ? html`<h2>Catat publikasi</h2><form method="post" action="/clarifications/${c.id}/publish">${csrf}${version}
    <label>Kanal <select name="channel">${Object.entries(CHANNEL_LABEL).map(([k, l]) => html`<option value="${k}">${l}</option>`)}</select></label>
    <label>Tautan unggahan <input name="url" type="url" placeholder="https://…"></label>
    <label>Waktu terbit (${zoneAbbreviation(v.timezone)}) <input name="published_at" type="datetime-local" required value="${localInputValue(new Date(), v.timezone)}"></label>
    <p class="muted">Jam menurut ${zoneAbbreviation(v.timezone)} (${v.timezone}), bukan jam perangkat Anda bila berbeda zona.</p>
    <button type="submit">Catat</button></form>`
      : ''
  }
  <h2>Terbit di</h2>
  ${
    v.publications.length
      ? html`<ul>${v.publications.map((p) => html`<li>${CHANNEL_LABEL[p.channel]} · ${formatTime(p.published_at, v.timezone)} · ${outLink(p.url, p.url ?? 'tanpa tautan')} <small>(${p.recorded_by_name})</small></li>`)}</ul>`
      : html`<p class="muted">Belum terbit.</p>`
  }
</aside>
</div>
<h2>Jejak audit</h2>
${auditTable(v.audit, v.timezone)}`,
  );
}
