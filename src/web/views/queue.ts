import { html } from './html.ts';
import type { QueueFilter } from '../../db/queue.repo.ts';
import { QUEUE_COUNT_CAP, QUEUE_STATUSES } from '../../db/queue.repo.ts';
import type { queue } from '../../db/queue.repo.ts';
import { COMPLAINT_ROUTE_LABEL, formatTime, percent, PRIORITIES, PRIORITY_LABEL, QUEUE_STATUS_LABEL, VERDICT_LABEL } from './labels.ts';
import { signalChips } from './item.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';
import { bulkCorrectionButtons, CORRECTION_KEY, rowCorrectionForm, rowCorrections } from './corrections.ts';
import { ITEM_LABEL_LABEL, ITEM_LABELS } from '../../vocabulary.ts';

export type QueueRow = Awaited<ReturnType<ReturnType<typeof queue>['list']>>[number];

export interface QueueView {
  filter: QueueFilter;
  rows: QueueRow[];
  total: number;
  /** Keyset cursor of the next page (the route encodes it), null when this page is the last full one. */
  after?: string | null;
  topics: readonly string[];
  sources: Array<{ id: string; name: string }>;
  units: string[];
  analysts: Array<{ id: number; display_name: string }>;
  timezone: string;
  /** May take bulk actions (analysts): the rows get checkboxes and the bulk bar shows. */
  canTriage: boolean;
  /** This page's path and query, to come back to after a bulk action. */
  here: string;
}

const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : '');

function options<T extends string | number>(values: ReadonlyArray<{ value: T; label: string }>, selected: T | undefined, any = 'Semua'): Html {
  return html`<option value="">${any}</option>${values.map((v) => html`<option value="${v.value}" ${v.value === selected ? 'selected' : ''}>${v.label}</option>`)}`;
}

/** The analysts' queue: filters on top, flagged items by priority below, paged. */
export function queuePage(chrome: PageChrome, v: QueueView): Html {
  const f = v.filter;
  // Counts stop at QUEUE_COUNT_CAP: past it the page count is unknown, and "next" shows while pages are full.
  const capped = v.total > QUEUE_COUNT_CAP;
  const pages = capped ? null : Math.max(1, Math.ceil(v.total / f.pageSize));
  const hasNext = pages === null ? v.rows.length === f.pageSize : f.page < pages;
  const filters = () => {
    const p = new URLSearchParams();
    for (const [k, val] of Object.entries({
      status: f.status,
      topic: f.topic,
      source: f.source,
      unit: f.unit,
      priority: f.priority,
      assignee: f.assigneeId,
      from: day(f.from),
      to: day(f.to),
      min: f.minScore === undefined ? undefined : Math.round(f.minScore * 100),
      q: f.q,
      images: f.images ? '1' : undefined,
      sort: f.sort,
    })) {
      if (val !== undefined && val !== '') p.set(k, String(val));
    }
    return p;
  };
  const query = (page: number, after?: string | null) => {
    const p = filters();
    p.set('page', String(page));
    if (after) p.set('after', after);
    return `/queue?${p}`;
  };
  const exportHref = (format: 'csv' | 'xlsx') => `/export/butir.${format}?${filters()}`;
  // Where each row's correction form returns: the same for every row, so built once, not 50 times.
  const here = query(f.page);
  return page(
    { ...chrome, active: 'queue' },
    html`<h1>Antrean tinjauan <small>${capped ? `lebih dari ${QUEUE_COUNT_CAP.toLocaleString('id-ID')}` : v.total} butir</small></h1>
<form method="get" action="/queue" class="filters">
  <label>Status <select name="status">${QUEUE_STATUSES.map((s) => html`<option value="${s}" ${s === f.status ? 'selected' : ''}>${QUEUE_STATUS_LABEL[s]}</option>`)}</select></label>
  <label>Topik <select name="topic">${options(
    v.topics.map((t) => ({ value: t, label: t })),
    f.topic,
  )}</select></label>
  <label>Sumber <select name="source">${options(
    v.sources.map((s) => ({ value: s.id, label: s.name })),
    f.source,
  )}</select></label>
  <label>Satuan polisi <select name="unit">${options(
    v.units.map((u) => ({ value: u, label: u })),
    f.unit,
  )}</select></label>
  <label>Prioritas <select name="priority">${options(
    PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] })),
    f.priority,
  )}</select></label>
  <label>Petugas <select name="assignee">${options(
    v.analysts.map((a) => ({ value: a.id, label: a.display_name })),
    f.assigneeId,
  )}</select></label>
  <label>Dari <input type="date" name="from" value="${day(f.from)}"></label>
  <label>Sampai <input type="date" name="to" value="${day(f.to)}"></label>
  <label>Skor min. <input type="number" name="min" min="0" max="100" step="1" value="${f.minScore === undefined ? '' : Math.round(f.minScore * 100)}"></label>
  <label class="grow">Cari teks <input type="search" name="q" value="${f.q ?? ''}" placeholder="kata, &quot;frasa&quot;, -kecuali"></label>
  <label><input type="checkbox" name="images" value="1" ${f.images ? 'checked' : ''}> Bergambar</label>
  <label>Urut <select name="sort"><option value="prioritas" ${f.sort === 'prioritas' ? 'selected' : ''}>Prioritas</option><option value="terbaru" ${f.sort === 'terbaru' ? 'selected' : ''}>Terbaru</option></select></label>
  <button type="submit">Terapkan</button> <a href="/queue">Atur ulang</a>
</form>
<p class="exports">Unduh antrean dengan saringan ini: <a href="${exportHref('csv')}" download>CSV</a> · <a href="${exportHref('xlsx')}" download>Excel</a>${v.canTriage ? html` <span class="kbd-hint" hidden>· Tekan <kbd>?</kbd> untuk pintasan papan ketik</span>` : ''}</p>
${
  v.rows.length
    ? html`${v.canTriage ? bulkBar(chrome, v) : ''}<table class="queue">
<thead><tr>${v.canTriage ? html`<th class="pick"><span class="visually-hidden">Pilih</span></th>` : ''}<th>Skor</th><th>Prioritas</th><th>Butir</th><th>Sumber</th><th>Waktu</th><th>Alasan utama</th><th>Status</th></tr></thead>
<tbody>
${v.rows.map(
  (r) => html`<tr data-item="${r.id}">
  ${v.canTriage ? html`<td class="pick"><input type="checkbox" name="item" value="${r.id}" form="bulk" aria-label="Pilih butir #${r.id}"></td>` : ''}
  <td class="num"><span class="score">${percent(r.score)}</span></td>
  <td><span class="pri ${r.case_priority}">${PRIORITY_LABEL[r.case_priority]}</span></td>
  <td><a href="/items/${r.id}" class="item-link">${r.title || r.excerpt.slice(0, 140)}</a>
    ${r.police_units.length ? html`<div class="tags">${r.police_units.map((u) => html`<span class="tag police">${u}</span>`)}</div>` : ''}
    ${r.topics.length ? html`<div class="tags">${r.topics.map((t) => html`<span class="tag">${t}</span>`)}</div>` : ''}
    ${signalChips(r.signals)}</td>
  <td>${r.source_name}</td>
  <td class="nowrap">${formatTime(r.seen_at, v.timezone)}</td>
  <td><ul class="reasons">${r.reasons.slice(0, 3).map((x) => html`<li>${x.label}</li>`)}</ul></td>
  <td>${r.case_id ? html`<a href="/cases/${r.case_id}">Kasus #${r.case_id}</a><br>${r.verdict ? VERDICT_LABEL[r.verdict] : 'belum ada putusan'}${r.link === 'hlbk' ? html`<br><span class="tag hlbk">HLBK</span>` : ''}${r.complaint_route ? html`<br><span class="tag">${COMPLAINT_ROUTE_LABEL[r.complaint_route]}</span>` : ''}${r.assignee_name ? html`<br><small>${r.assignee_name}</small>` : ''}` : html`<span class="muted">baru</span>`}${v.canTriage ? html`<details class="row-correct"><summary>Koreksi</summary>${rowCorrections(r.id)}</details>` : ''}</td>
</tr>`,
)}
</tbody></table>
${v.canTriage ? rowCorrectionForm(chrome, here) : ''}
<nav class="pager">${f.page > 1 ? html`<a href="${query(f.page - 1)}">« Sebelumnya</a>` : ''} Halaman ${f.page}${pages ? ` dari ${pages}` : ''} ${hasNext ? html`<a href="${query(f.page + 1, v.after)}">Berikutnya »</a>` : ''}</nav>`
    : html`<p class="empty">Tidak ada butir yang cocok dengan saringan ini.</p>`
}
${v.canTriage ? shortcutHelp() : ''}`,
  );
}

/**
 * The bulk actions: a form of its own (the rows' checkboxes join it by `form="bulk"`), one button per
 * action. "Select all on this page" posts the page's ids, so it works without JavaScript too. Dismissal
 * comes first: Enter in the reason field presses the form's first button. The corrections (labels, no
 * case) follow it, one button each, with their shortcut digits.
 */
function bulkBar(chrome: PageChrome, v: QueueView): Html {
  return html`<form method="post" action="/queue/bulk" id="bulk" class="bulk">
  ${csrfField(chrome.session)}
  <input type="hidden" name="back" value="${v.here}">
  <input type="hidden" name="page_items" value="${v.rows.map((r) => r.id).join(',')}">
  <fieldset>
    <legend>Tindakan untuk butir terpilih <output class="picked" aria-live="polite"></output></legend>
    <label class="all"><input type="checkbox" name="all" value="1" id="pick-all"> Pilih semua di halaman ini (${v.rows.length})</label>
    <span class="act grow"><label>Alasan mengabaikan <input type="text" name="reason" maxlength="2000" placeholder="wajib untuk Abaikan, mis. berita resmi, bukan klaim"></label>
      <button type="submit" name="action" value="dismiss">Abaikan (bukan hoaks)</button></span>
    <span class="act corrections-act"><span class="act-label">Koreksi (label, tanpa kasus)</span>${bulkCorrectionButtons()}</span>
    <span class="act"><label>Petugas <select name="assignee"><option value="">— pilih —</option><option value="tanpa">(tanpa petugas)</option>${v.analysts.map((a) => html`<option value="${a.id}">${a.display_name}</option>`)}</select></label>
      <button type="submit" name="action" value="assign">Tugaskan</button></span>
    <span class="act"><label>Prioritas <select name="priority"><option value="">— pilih —</option>${PRIORITIES.map((p) => html`<option value="${p}">${PRIORITY_LABEL[p]}</option>`)}</select></label>
      <button type="submit" name="action" value="priority">Ubah prioritas</button></span>
  </fieldset>
</form>`;
}

/** The keyboard shortcuts (static/antrian.js), shown by "?" in a dialog; without JavaScript none of this shows. */
function shortcutHelp(): Html {
  const keys: Array<[string, string]> = [
    ['j / k', 'pindah ke butir berikutnya / sebelumnya'],
    ['x', 'pilih atau batal pilih butir ini'],
    ['Enter / o', 'buka butir ini'],
    ['d', 'abaikan butir terpilih (menanyakan alasannya dulu)'],
    ['a', 'tugaskan butir terpilih: pilih petugas, lalu Enter'],
    ['p', 'ubah prioritas butir terpilih: pilih prioritas, lalu Enter'],
    ...ITEM_LABELS.map((code): [string, string] => [CORRECTION_KEY[code], `koreksi butir terpilih: "${ITEM_LABEL_LABEL[code]}"`]),
    ['?', 'tampilkan bantuan ini'],
    ['Esc', 'tutup'],
  ];
  return html`<dialog id="shortcut-help" aria-labelledby="shortcut-title">
  <h2 id="shortcut-title">Pintasan papan ketik</h2>
  <dl class="keys">${keys.map(([k, what]) => html`<dt><kbd>${k}</kbd></dt><dd>${what}</dd>`)}</dl>
  <form method="dialog"><button type="submit">Tutup</button></form>
</dialog>
<script src="/static/antrian.js" defer></script>`;
}
