import { html } from './html.ts';
import type { z } from 'zod';
import { CASE_LIST_COUNT_CAP, type listCases } from '../../db/case-list.repo.ts';
import type { caseListQuery } from '../routes/case-list.ts';
import { CASE_LIST_SORT_LABEL, CASE_LIST_SORTS, CASE_LIST_STATUS_LABEL, CASE_LIST_STATUSES, CONTENT_TYPES } from '../../vocabulary.ts';
import { COMPLAINT_ROUTE_LABEL, CONTENT_TYPE_LABEL, formatTime, PRIORITY_LABEL, VERDICT_LABEL, VERDICTS } from './labels.ts';
import { page, type Html, type PageChrome } from './layout.ts';

type Row = Awaited<ReturnType<ReturnType<typeof listCases>['list']>>[number];

export interface CaseListView {
  query: z.output<typeof caseListQuery>;
  rows: Row[];
  total: number;
  topics: readonly string[];
  units: string[];
  analysts: Array<{ id: number; display_name: string }>;
  timezone: string;
}

function select<T extends string | number>(
  name: string,
  values: ReadonlyArray<{ value: T; label: string }>,
  selected: T | undefined,
  any: string | null = 'Semua',
): Html {
  return html`<select name="${name}">${any === null ? '' : html`<option value="">${any}</option>`}${values.map((v) => html`<option value="${v.value}" ${v.value === selected ? 'selected' : ''}>${v.label}</option>`)}</select>`;
}

/** The case list: filters on top, one row per case linking to it, paged. */
export function caseListPage(chrome: PageChrome, v: CaseListView): Html {
  const p = v.query;
  const capped = v.total > CASE_LIST_COUNT_CAP;
  const pages = capped ? null : Math.max(1, Math.ceil(v.total / p.per));
  const hasNext = pages === null ? v.rows.length === p.per : p.page < pages;
  const link = (pageNo: number) => {
    const u = new URLSearchParams();
    for (const [k, val] of Object.entries({ ...p, page: pageNo })) if (val !== undefined && val !== '') u.set(k, String(val));
    return `/kasus?${u}`;
  };
  return page(
    { ...chrome, active: 'cases' },
    html`<h1>Daftar kasus <small>${capped ? `lebih dari ${CASE_LIST_COUNT_CAP.toLocaleString('id-ID')}` : v.total} kasus</small></h1>
<form method="get" action="/kasus" class="filters">
  <label>Status ${select(
    'status',
    CASE_LIST_STATUSES.map((s) => ({ value: s, label: CASE_LIST_STATUS_LABEL[s] })),
    p.status,
    null,
  )}</label>
  <label>Putusan ${select(
    'verdict',
    VERDICTS.map((x) => ({ value: x, label: VERDICT_LABEL[x] })),
    p.verdict,
  )}</label>
  <label>Jenis konten ${select(
    'jenis',
    CONTENT_TYPES.map((x) => ({ value: x, label: CONTENT_TYPE_LABEL[x] })),
    p.jenis,
  )}</label>
  <label>Topik ${select(
    'topic',
    v.topics.map((t) => ({ value: t, label: t })),
    p.topic,
  )}</label>
  <label>Satuan polisi ${select(
    'unit',
    v.units.map((u) => ({ value: u, label: u })),
    p.unit,
  )}</label>
  <label>Petugas ${select(
    'assignee',
    v.analysts.map((a) => ({ value: a.id, label: a.display_name })),
    p.assignee,
  )}</label>
  <label>Dibuka dari <input type="date" name="from" value="${p.from ?? ''}"></label>
  <label>sampai <input type="date" name="to" value="${p.to ?? ''}"></label>
  <label>Urut ${select(
    'sort',
    CASE_LIST_SORTS.map((s) => ({ value: s, label: CASE_LIST_SORT_LABEL[s] })),
    p.sort,
    null,
  )}</label>
  <button type="submit">Terapkan</button> <a href="/kasus">Atur ulang</a>
</form>
${
  v.rows.length
    ? html`<div class="table-wrap"><table class="cases">
<thead><tr><th>#</th><th>Kasus</th><th>Putusan</th><th>Jenis / topik</th><th>Prioritas</th><th>Petugas</th><th class="num">Butir</th><th>Dibuka</th><th>Diperbarui</th></tr></thead>
<tbody>
${v.rows.map(
  (k) => html`<tr>
  <td><a href="/cases/${k.id}">#${k.id}</a></td>
  <td><a href="/cases/${k.id}" class="case-link">${k.title}</a>${k.complaint_route ? html`<br><span class="tag">${COMPLAINT_ROUTE_LABEL[k.complaint_route]}</span>` : ''}${k.resurfaced_count ? html`<br><span class="tag hlbk">beredar kembali ${k.resurfaced_count}×</span>` : ''}</td>
  <td>${k.verdict ? VERDICT_LABEL[k.verdict] : html`<span class="muted">belum ada</span>`}</td>
  <td>${k.content_type ? CONTENT_TYPE_LABEL[k.content_type] : '—'}<br><small>${k.topic ?? '—'}</small></td>
  <td><span class="pri ${k.priority}">${PRIORITY_LABEL[k.priority]}</span></td>
  <td>${k.assignee_name ?? html`<span class="muted">—</span>`}</td>
  <td class="num">${Number(k.item_count ?? 0)}</td>
  <td class="nowrap">${formatTime(k.created_at, v.timezone)}</td>
  <td class="nowrap">${formatTime(k.updated_at, v.timezone)}</td>
</tr>`,
)}
</tbody></table></div>
<nav class="pager">${p.page > 1 ? html`<a href="${link(p.page - 1)}">« Sebelumnya</a>` : ''} Halaman ${p.page}${pages ? ` dari ${pages}` : ''} ${hasNext ? html`<a href="${link(p.page + 1)}">Berikutnya »</a>` : ''}</nav>`
    : html`<p class="empty">Tidak ada kasus yang cocok dengan saringan ini.</p>`
}`,
  );
}
