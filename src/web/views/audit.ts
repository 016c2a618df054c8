import { html } from './html.ts';
import type { listAudit } from '../../db/audit.repo.ts';
import { AUDIT_ACTION_LABEL, CLARIFICATION_STATUS_LABEL, FIELD_LABEL, formatTime, PRIORITY_LABEL, VERDICT_LABEL } from './labels.ts';
import { page, type Html, type PageChrome } from './layout.ts';
import { AUDIT_ENTITY_LABEL, ITEM_LABEL_LABEL, type AuditEntity } from '../../vocabulary.ts';

type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];

const ENTITY_PATH: Record<string, string> = { case: '/cases/', clarification: '/clarifications/', item: '/items/' };
const VALUE_LABEL: Record<string, Record<string, string>> = {
  verdict: VERDICT_LABEL,
  priority: PRIORITY_LABEL,
  status: CLARIFICATION_STATUS_LABEL,
  label: ITEM_LABEL_LABEL,
};
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** "field: before → after" in Indonesian words, with codes and times written out. */
function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null, timezone: string): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const show = (k: string, v: unknown) => {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
    if (typeof v !== 'string') return JSON.stringify(v);
    if (VALUE_LABEL[k]?.[v]) return VALUE_LABEL[k][v];
    if (ISO_TIME.test(v)) return formatTime(v, timezone);
    return v.length > 80 ? `${v.slice(0, 79)}…` : v;
  };
  return keys
    .map((k) => {
      const name = FIELD_LABEL[k] ?? k;
      return before && k in before ? `${name}: ${show(k, before[k])} → ${show(k, after?.[k])}` : `${name}: ${show(k, after?.[k])}`;
    })
    .join('; ');
}

export function auditTable(rows: AuditRow[], timezone: string): Html {
  if (!rows.length) return html`<p class="muted">Belum ada catatan.</p>`;
  return html`<table class="audit"><thead><tr><th>Waktu</th><th>Oleh</th><th>Tindakan</th><th>Objek</th><th>Perubahan</th></tr></thead><tbody>
${rows.map((r) => {
  const path = ENTITY_PATH[r.entity];
  return html`<tr><td class="nowrap">${formatTime(r.at, timezone)}</td><td>${r.display_name ?? 'sistem'}</td><td>${AUDIT_ACTION_LABEL[r.action] ?? r.action}</td><td>${path ? html`<a href="${path}${r.entity_id}">${AUDIT_ENTITY_LABEL[r.entity as AuditEntity]} #${r.entity_id}</a>` : `${AUDIT_ENTITY_LABEL[r.entity as AuditEntity] ?? r.entity} ${r.entity_id}`}</td><td class="changes">${changes(r.before, r.after, timezone)}</td></tr>`;
})}
</tbody></table>`;
}

export function auditPage(chrome: PageChrome, v: { rows: AuditRow[]; timezone: string; nextBefore: number | null; entity: string | undefined }): Html {
  return page(
    { ...chrome, active: 'audit' },
    html`<h1>Jejak audit</h1>
<form method="get" action="/audit" class="filters"><label>Objek <select name="entity">
${[
  ['', 'Semua'],
  ['case', 'Kasus'],
  ['clarification', 'Klarifikasi'],
  ['user', 'Pengguna'],
  ['source', 'Sumber'],
].map(([v2, l]) => html`<option value="${v2}" ${v2 === (v.entity ?? '') ? 'selected' : ''}>${l}</option>`)}
</select></label><button type="submit">Saring</button></form>
${auditTable(v.rows, v.timezone)}
${v.nextBefore ? html`<nav class="pager"><a href="/audit?before=${v.nextBefore}${v.entity ? `&entity=${v.entity}` : ''}">Lebih lama »</a></nav>` : ''}`,
  );
}
