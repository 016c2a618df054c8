import { html } from './html.ts';
import { ACCOUNT_PLATFORMS, PHONE_PLATFORMS, REGISTRY_KIND_LABEL, REGISTRY_KINDS } from '../../classify/official-registry.ts';
import type { listAudit } from '../../db/audit.repo.ts';
import type { OfficialAccount } from '../../db/schema.ts';
import { auditTable } from './audit.ts';
import { formatTime } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

/**
 * The official-accounts registry: what a message "from the police" is checked against. Admins add,
 * edit and retire entries; every version is in the audit log below.
 */
export function registryPage(
  chrome: PageChrome,
  v: { entries: OfficialAccount[]; audit: Awaited<ReturnType<typeof listAudit>>; pipeline: string; timezone: string },
): Html {
  const csrf = csrfField(chrome.session);
  const platforms = [...ACCOUNT_PLATFORMS, ...PHONE_PLATFORMS];
  const fields = (e?: OfficialAccount) => html`
    <label>Jenis <select name="kind">${REGISTRY_KINDS.map((k) => html`<option value="${k}" ${e?.kind === k ? 'selected' : ''}>${REGISTRY_KIND_LABEL[k]}</option>`)}</select></label>
    <label>Platform <select name="platform"><option value="">—</option>${platforms.map((p) => html`<option value="${p}" ${e?.platform === p ? 'selected' : ''}>${p}</option>`)}</select></label>
    <label>Nilai <input name="value" value="${e ? display(e) : ''}" required placeholder="@akun, situs, nomor, atau nama pejabat"></label>
    <label>Satuan <input name="unit" value="${e?.unit ?? ''}" required placeholder="Polres …, Polsek …"></label>
    <label>Pangkat <input name="rank" value="${e?.rank ?? ''}" placeholder="pejabat: AKBP, AKP…" size="8"></label>
    <label>Jabatan <input name="position" value="${e?.position ?? ''}" placeholder="pejabat: Kapolres, Kasi Humas…"></label>
    <label>Catatan <input name="note" value="${e?.note ?? ''}"></label>`;
  const active = v.entries.filter((e) => e.active);
  const retired = v.entries.filter((e) => !e.active);
  return page(
    { ...chrome, active: 'registry' },
    html`<h1>Registri akun resmi</h1>
<p>Akun media sosial, situs, nomor telepon/WhatsApp, dan pejabat resmi (pipeline <code>${v.pipeline}</code>). Pesan yang mengaku berasal dari polisi dicocokkan dengan daftar ini: nomor, akun, situs atau pangkat yang tidak cocok ditandai sebagai kemungkinan peniruan (mengatasnamakan polisi). Perubahan berlaku untuk butir yang diklasifikasi sesudahnya.</p>
${
  active.length
    ? html`<table class="registry"><thead><tr><th>#</th><th>Jenis</th><th>Nilai</th><th>Satuan</th><th>Versi</th><th>Ubah</th></tr></thead><tbody>
${active.map(
  (e) => html`<tr><td>${e.id}</td><td>${REGISTRY_KIND_LABEL[e.kind]}${e.platform ? html`<br><small>${e.platform}</small>` : ''}</td>
<td><strong>${display(e)}</strong>${e.kind === 'pejabat' ? html`<br><small>${e.rank ?? ''} ${e.position ?? ''}</small>` : ''}${e.note ? html`<br><small class="muted">${e.note}</small>` : ''}</td>
<td>${e.unit}</td><td>v${e.version}<br><small>${formatTime(e.updated_at, v.timezone)}</small></td>
<td><details><summary>Ubah</summary>
<form method="post" action="/admin/registry/${e.id}" class="compact">${csrf}<input type="hidden" name="version" value="${e.version}">${fields(e)}<button type="submit">Simpan versi baru</button></form>
<form method="post" action="/admin/registry/${e.id}/retire" class="compact">${csrf}<input type="hidden" name="version" value="${e.version}"><label>Alasan dicabut <input name="reason"></label><button type="submit" class="danger">Cabut</button></form>
</details></td></tr>`,
)}
</tbody></table>`
    : html`<p class="empty">Registri masih kosong: tanpa registri, pesan atas nama polisi tidak bisa dicocokkan.</p>`
}
<h2>Tambah entri</h2>
<form method="post" action="/admin/registry" class="compact">${csrf}${fields()}<button type="submit">Tambah</button></form>
${
  retired.length
    ? html`<h2>Sudah dicabut (${retired.length})</h2><ul class="muted">${retired.map((e) => html`<li>#${e.id} ${REGISTRY_KIND_LABEL[e.kind]}: ${display(e)} (${e.unit}), v${e.version}, ${formatTime(e.updated_at, v.timezone)}</li>`)}</ul>`
    : ''
}
<h2>Riwayat perubahan</h2>
${auditTable(v.audit, v.timezone)}`,
  );
}

function display(e: Pick<OfficialAccount, 'kind' | 'value'>): string {
  if (e.kind === 'akun') return `@${e.value}`;
  if (e.kind === 'telepon' && e.value.startsWith('62')) return `0${e.value.slice(2)}`;
  return e.value;
}
