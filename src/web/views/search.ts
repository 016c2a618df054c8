import { html } from './html.ts';
import type { z } from 'zod';
import { ITEM_SEARCH_COUNT_CAP, type searchAllItems } from '../../db/item-search.repo.ts';
import type { searchQuery } from '../routes/search.ts';
import { formatTime, percent, VERDICT_LABEL } from './labels.ts';
import { page, type Html, type PageChrome } from './layout.ts';

type Row = Awaited<ReturnType<ReturnType<typeof searchAllItems>['list']>>[number];

export interface SearchView {
  query: z.output<typeof searchQuery>;
  rows: Row[];
  total: number;
  sources: Array<{ id: string; name: string }>;
  timezone: string;
}

/** Search over every item: words, a source, newest or most relevant first; each row links to its item. */
export function searchPage(chrome: PageChrome, v: SearchView): Html {
  const p = v.query;
  const capped = v.total > ITEM_SEARCH_COUNT_CAP;
  const pages = capped ? null : Math.max(1, Math.ceil(v.total / p.per));
  const hasNext = pages === null ? v.rows.length === p.per : p.page < pages;
  const link = (pageNo: number) => {
    const u = new URLSearchParams();
    for (const [k, val] of Object.entries({ ...p, page: pageNo })) if (val !== undefined && val !== '') u.set(k, String(val));
    return `/cari?${u}`;
  };
  return page(
    { ...chrome, active: 'search' },
    html`<h1>Cari semua butir ${p.q ? html`<small>${capped ? `lebih dari ${ITEM_SEARCH_COUNT_CAP.toLocaleString('id-ID')}` : v.total} butir</small>` : ''}</h1>
<p class="muted">Mencari di semua butir yang tersimpan, termasuk yang tidak ditandai dan unggahan ulang. Antrean hanya mencari butir yang ditandai.</p>
<form method="get" action="/cari" class="filters">
  <label class="grow">Kata <input type="search" name="q" value="${p.q ?? ''}" placeholder="kata, &quot;frasa&quot;, -kecuali, or" autofocus></label>
  <label>Sumber <select name="source"><option value="">Semua</option>${v.sources.map((s) => html`<option value="${s.id}" ${s.id === p.source ? 'selected' : ''}>${s.name}</option>`)}</select></label>
  <label>Urut <select name="sort"><option value="terbaru" ${p.sort === 'terbaru' ? 'selected' : ''}>Terbaru</option><option value="relevan" ${p.sort === 'relevan' ? 'selected' : ''}>Paling relevan</option></select></label>
  <button type="submit">Cari</button>
</form>
${
  !p.q
    ? html`<p class="empty">Ketik kata yang dicari.</p>`
    : v.rows.length
      ? html`<div class="table-wrap"><table class="search">
<thead><tr><th>Butir</th><th>Sumber</th><th>Waktu</th><th>Skor</th><th>Status</th></tr></thead>
<tbody>
${v.rows.map(
  (r) => html`<tr>
  <td><a href="/items/${r.id}" class="item-link">${r.title || r.excerpt.slice(0, 140)}</a>${r.title ? html`<br><small class="muted">${r.excerpt.slice(0, 200)}</small>` : ''}${r.duplicate_of ? html`<br><small>unggahan ulang dari <a href="/items/${r.duplicate_of}">#${r.duplicate_of}</a></small>` : ''}</td>
  <td>${r.source_name}</td>
  <td class="nowrap">${formatTime(r.seen_at, v.timezone)}</td>
  <td class="num">${percent(r.score)}</td>
  <td>${r.case_id ? html`<a href="/cases/${r.case_id}">Kasus #${r.case_id}</a><br>${r.verdict ? VERDICT_LABEL[r.verdict] : 'belum ada verdict'}` : r.flagged ? html`<span class="tag flag">ditandai</span>` : html`<span class="muted">tidak ditandai</span>`}</td>
</tr>`,
)}
</tbody></table></div>
<nav class="pager">${p.page > 1 ? html`<a href="${link(p.page - 1)}">« Sebelumnya</a>` : ''} Halaman ${p.page}${pages ? ` dari ${pages}` : ''} ${hasNext ? html`<a href="${link(p.page + 1)}">Berikutnya »</a>` : ''}</nav>`
      : html`<p class="empty">Tidak ada butir yang cocok.</p>`
}`,
  );
}
