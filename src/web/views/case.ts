import { html } from './html.ts';
import type { caseItems, caseNotes, caseReviews, getCase } from '../../db/cases.repo.ts';
import { isCriticismOnly } from '../../classify/police-flags.ts';
import type { listAudit } from '../../db/audit.repo.ts';
import type { listClarifications } from '../../db/clarifications.repo.ts';
import type { ClarificationTemplate } from '../../review/clarification-text.ts';
import { can } from '../../review/roles.ts';
import { auditTable } from './audit.ts';
import { TOPICS } from '../../classify/topics.ts';
import { COMPLAINT_ROUTES, CONTENT_TYPES, isConfirmed } from '../../vocabulary.ts';
import { signalChips } from './item.ts';
import {
  CLARIFICATION_STATUS_LABEL,
  COMPLAINT_ROUTE_LABEL,
  CONTENT_TYPE_LABEL,
  formatTime,
  percent,
  PRIORITIES,
  PRIORITY_LABEL,
  VERDICT_LABEL,
  VERDICTS,
} from './labels.ts';
import { csrfField, outLink, page, type Html, type PageChrome } from './layout.ts';

export interface CaseView {
  kase: NonNullable<Awaited<ReturnType<typeof getCase>>>;
  items: Awaited<ReturnType<typeof caseItems>>;
  reviews: Awaited<ReturnType<typeof caseReviews>>;
  notes: Awaited<ReturnType<typeof caseNotes>>;
  clarifications: Awaited<ReturnType<typeof listClarifications>>;
  audit: Awaited<ReturnType<typeof listAudit>>;
  analysts: Array<{ id: number; display_name: string }>;
  templates: ClarificationTemplate[];
  timezone: string;
}

export function casePage(chrome: PageChrome, v: CaseView): Html {
  const k = v.kase;
  const actor = chrome.session!.actor;
  const triage = can(actor, 'case.triage');
  const csrf = csrfField(chrome.session);
  const version = html`<input type="hidden" name="version" value="${k.version}">`;
  const confirmed = isConfirmed(k.verdict);
  // Mirrors the server's rule (setVerdict): criticism of the police takes a hoax verdict only with a reason.
  const criticism = v.items.length > 0 && v.items.every((i) => isCriticismOnly(i.police_flags));
  const overrideNeeded = criticism || k.complaint_route !== null;
  const published = v.clarifications.find((c) => c.status === 'published');
  return page(
    { ...chrome, active: 'queue' },
    html`<p><a href="/queue">« Antrean</a></p>
<h1>Kasus #${k.id}: ${k.title}</h1>
<p class="case-state">
  Putusan: <strong class="verdict ${k.verdict ?? 'none'}">${k.verdict ? VERDICT_LABEL[k.verdict] : 'belum ada'}</strong> ·
  Prioritas: <span class="pri ${k.priority}">${PRIORITY_LABEL[k.priority]}</span> ·
  Petugas: ${k.assignee_name ?? 'belum ditugaskan'} ·
  Dibuka ${formatTime(k.created_at, v.timezone)}${k.decided_at ? html` · diputuskan ${formatTime(k.decided_at, v.timezone)}` : ''}
</p>
<p class="case-labels">
  Jenis: ${k.content_type ? CONTENT_TYPE_LABEL[k.content_type] : 'belum ditentukan'} · Topik: ${k.topic ?? 'belum ditentukan'}
  ${k.complaint_route ? html` · <span class="tag">Diteruskan ke ${COMPLAINT_ROUTE_LABEL[k.complaint_route]}, ${formatTime(k.complaint_routed_at, v.timezone)}</span>` : ''}
</p>
${
  k.resurfaced_count
    ? html`<p class="flash" role="note">Hoaks lama beredar kembali: ${k.resurfaced_count} butir baru ditautkan otomatis, terakhir ${formatTime(k.resurfaced_at, v.timezone)}. ${published ? html`Klarifikasi <a href="/clarifications/${published.id}">#${published.id}</a> sudah terbit: catat publikasi ulangnya bila diterbitkan lagi.` : 'Belum ada klarifikasi terbit.'}</p>`
    : ''
}
<div class="cols">
<section class="main">
  <h2>Butir dalam kasus ini (${v.items.length})</h2>
  <ul class="case-items">${v.items.map((i) => html`<li><a href="/items/${i.id}">#${i.id}</a> · ${i.source_name} · ${formatTime(i.seen_at, v.timezone)} · skor ${percent(i.score)}${i.link === 'hlbk' ? html` · <span class="tag hlbk">HLBK, skor ${i.link_score?.toFixed(2)}</span>` : ''}<br><strong>${i.title ?? ''}</strong> ${i.excerpt}${i.url ? html` ${outLink(i.url, '↗ asli')}` : ''}${signalChips(i.signals)}</li>`)}</ul>
  ${
    triage
      ? html`<form method="post" action="/cases/${k.id}/merge" class="inline">${csrf}${version}
    <label>Gabungkan butir lain (klaim yang sama) <input name="item_ids" placeholder="nomor butir, mis. 120, 121" required></label>
    ${confirmed ? html`<label>Alasan pengecualian (hanya bila menggabungkan kritik/keluhan ke kasus hoaks ini) <input name="override_reason" maxlength="2000"></label>` : ''}
    <button type="submit">Gabungkan</button></form>`
      : ''
  }
  <h2>Catatan dan bukti</h2>
  ${v.notes.length ? html`<ul class="notes">${v.notes.map((n) => html`<li><strong>${n.author_name}</strong> <small>${formatTime(n.created_at, v.timezone)}</small><p>${n.body}</p>${n.evidence_url ? html`<p>Bukti: ${outLink(n.evidence_url, n.evidence_url)}</p>` : ''}</li>`)}</ul>` : html`<p class="muted">Belum ada catatan.</p>`}
  ${
    can(actor, 'case.note')
      ? html`<form method="post" action="/cases/${k.id}/notes">${csrf}
    <label>Catatan <textarea name="body" rows="3" required maxlength="5000"></textarea></label>
    <label>Tautan bukti (opsional) <input name="evidence_url" type="url" placeholder="https://…"></label>
    <button type="submit">Tambah catatan</button></form>`
      : ''
  }
  <h2>Klarifikasi</h2>
  ${
    v.clarifications.length
      ? html`<ul>${v.clarifications.map((c) => html`<li><a href="/clarifications/${c.id}">Klarifikasi #${c.id}</a> · ${CLARIFICATION_STATUS_LABEL[c.status]} · ${c.author_name} · ${formatTime(c.updated_at, v.timezone)}</li>`)}</ul>`
      : html`<p class="muted">Belum ada klarifikasi.</p>`
  }
  ${
    can(actor, 'clarification.write')
      ? confirmed
        ? html`<form method="post" action="/cases/${k.id}/clarifications">${csrf}
    <label>Templat <select name="template">${v.templates.map((t) => html`<option value="${t.id}">${t.name}</option>`)}</select></label>
    <label>Faktanya <textarea name="fakta" rows="3" required placeholder="Apa yang benar menurut sumber resmi"></textarea></label>
    <label>Sumber <input name="sumber" placeholder="mis. Kasi Humas Polres, rilis resmi"></label>
    <label>Tautan rujukan (opsional) <input name="tautan" type="url" placeholder="https://…"></label>
    <button type="submit">Buat draf klarifikasi</button></form>`
        : html`<p class="muted">Klarifikasi bisa dibuat setelah analis menyatakan kasus ini hoaks, disinformasi atau misinformasi.</p>`
      : ''
  }
</section>
<aside>
  ${
    triage
      ? html`<h2>Putusan</h2>
  <form method="post" action="/cases/${k.id}/verdict">${csrf}${version}
    <fieldset class="verdicts">${VERDICTS.map((x) => html`<label><input type="radio" name="verdict" value="${x}" ${x === k.verdict ? 'checked' : ''} required> ${VERDICT_LABEL[x]}</label>`)}</fieldset>
    <label>Alasan / komentar <textarea name="comment" rows="2"></textarea></label>
    ${
      overrideNeeded
        ? html`<p class="flash error" role="note">${k.complaint_route ? `Kasus ini sudah diteruskan ke ${COMPLAINT_ROUTE_LABEL[k.complaint_route]} sebagai kritik/keluhan, bukan hoaks.` : 'Kasus ini berisi kritik/keluhan terhadap polisi, bukan hoaks: teruskan ke pengaduan masyarakat (Dumas/Propam).'} Putusan hoaks, disinformasi atau misinformasi hanya dengan alasan pengecualian, yang dicatat di jejak audit${k.complaint_route ? '; kasus lalu ditarik dari pengaduan' : ''}.</p>
    <label>Alasan pengecualian <textarea name="override_reason" rows="2"></textarea></label>`
        : ''
    }
    <button type="submit">Simpan putusan</button>
  </form>
  <h2>Pengaduan</h2>
  <form method="post" action="/cases/${k.id}/route">${csrf}${version}
    ${criticism ? html`<p class="muted">Butir kasus ini kritik/keluhan terhadap polisi.</p>` : ''}
    <label>Teruskan ke <select name="route"><option value="">— tidak diteruskan —</option>${COMPLAINT_ROUTES.map((r) => html`<option value="${r}" ${k.complaint_route === r ? 'selected' : ''}>${COMPLAINT_ROUTE_LABEL[r]}</option>`)}</select></label>
    <label>Catatan <textarea name="comment" rows="2"></textarea></label>
    <button type="submit">Simpan</button>
  </form>
  <h2>Prioritas dan petugas</h2>
  <form method="post" action="/cases/${k.id}/update">${csrf}${version}
    <label>Judul klaim <input name="title" value="${k.title}" maxlength="500" required></label>
    <label>Prioritas <select name="priority">${PRIORITIES.map((p) => html`<option value="${p}" ${p === k.priority ? 'selected' : ''}>${PRIORITY_LABEL[p]}</option>`)}</select></label>
    <label>Jenis konten <select name="content_type"><option value="">— belum ditentukan —</option>${CONTENT_TYPES.map((t) => html`<option value="${t}" ${t === k.content_type ? 'selected' : ''}>${CONTENT_TYPE_LABEL[t]}</option>`)}</select></label>
    <label>Topik <select name="topic"><option value="">— belum ditentukan —</option>${TOPICS.map((t) => html`<option value="${t}" ${t === k.topic ? 'selected' : ''}>${t}</option>`)}</select></label>
    <label>Petugas <select name="assignee"><option value="">— belum ditugaskan —</option>${v.analysts.map((a) => html`<option value="${a.id}" ${a.id === k.assignee_id ? 'selected' : ''}>${a.display_name}</option>`)}</select></label>
    <button type="submit">Simpan</button>
  </form>`
      : ''
  }
  <h2>Riwayat putusan</h2>
  ${v.reviews.length ? html`<ol class="history">${v.reviews.map((r) => html`<li><strong>${VERDICT_LABEL[r.verdict]}</strong> oleh ${r.reviewer_name} <small>${formatTime(r.created_at, v.timezone)}</small>${r.comment ? html`<br>${r.comment}` : ''}</li>`)}</ol>` : html`<p class="muted">Belum ada.</p>`}
</aside>
</div>
<h2>Jejak audit kasus ini</h2>
${auditTable(v.audit, v.timezone)}`,
  );
}
