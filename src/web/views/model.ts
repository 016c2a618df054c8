import { html } from './html.ts';
import type { listModelVersions } from '../../db/model-versions.repo.ts';
import type { Agreement } from '../../learning/agreement.ts';
import type { Figures, Gate } from '../../learning/gates.ts';
import { ITEM_LABEL_LABEL, ITEM_LABELS, MODEL_STATUS_LABEL } from '../../vocabulary.ts';
import { formatTime } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

export type ModelRow = Awaited<ReturnType<typeof listModelVersions>>[number];

export interface ModelView {
  /** The version classifying now (`hoax+triage`), and the row behind it (none: the shipped models/). */
  activeVersion: string;
  active: ModelRow | null;
  /** The active model's figures, as last measured. */
  activeFigures: Figures | null;
  versions: ModelRow[];
  progress: { done: number; total: number };
  agreement: Agreement;
  labels: { train: number; heldout: number; other: number };
  timezone: string;
  /** The shipped learning simulation (npm run simulate:learning), when models/eval holds one. */
  simulation: SimulationSummary | null;
}

export interface SimulationSummary {
  generated_at: string;
  command: string;
  corrections: number;
  batches: number;
  complete: boolean;
  target: number;
  /** Corrections after which official posts called hoax were first under the target; null: not within the run. */
  needed: number | null;
  official: { first: number | null; last: number | null; n: number };
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1).replace('.', ',')} %`);

function simulationSection(s: SimulationSummary): Html {
  const outcome =
    s.needed === null
      ? `belum di bawah ${pct(s.target)} setelah ${s.corrections} koreksi`
      : s.needed === 0
        ? `sudah di bawah ${pct(s.target)} sebelum koreksi apa pun`
        : `di bawah ${pct(s.target)} setelah ${s.needed} koreksi`;
  return html`<h2>Simulasi belajar dari meja</h2>
<p>Model bawaan dilatih ulang setiap 50 koreksi dari set berlabel nyata (${s.batches} kelompok${s.complete ? '' : ', dihentikan sebelum selesai'}). Berita resmi/netral di set uji (${s.official.n} teks) yang disebut hoaks: ${pct(s.official.first)} di awal, ${pct(s.official.last)} di akhir — ${outcome}.</p>
<figure class="simulation"><img src="/admin/model/simulasi.svg" alt="Grafik angka set uji per kelompok koreksi" width="760"><figcaption class="muted small"><code>${s.command}</code>, ${s.generated_at.slice(0, 10)}</figcaption></figure>`;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.abs(v) <= 1 ? v.toFixed(3) : v.toFixed(1));

/** One table of gates: the baseline beside the candidate, the worse ones marked. */
function gatesTable(candidate: Figures, baseline: Figures | null): Html {
  const base = new Map((baseline?.gates ?? []).map((g) => [g.id, g]));
  const cls = (c: Gate, b: Gate | undefined) => {
    if (!b || b.value === null || c.value === null || b.value === c.value) return '';
    return (c.better === 'higher') === c.value > b.value ? 'better' : 'worse';
  };
  return html`<table class="figures"><thead><tr><th>Gerbang</th><th>n</th>${baseline ? html`<th>Model aktif saat dinilai</th>` : ''}<th>Versi ini</th></tr></thead><tbody>
${candidate.gates.map((g) => {
  const b = base.get(g.id);
  return html`<tr><td>${g.label} <small class="muted">(${g.better === 'higher' ? 'makin tinggi makin baik' : 'makin rendah makin baik'})</small></td><td class="num">${g.n}</td>${baseline ? html`<td class="num">${num(b?.value)}</td>` : ''}<td class="num ${cls(g, b)}">${num(g.value)}</td></tr>`;
})}
</tbody></table>`;
}

/** The admins' Model page: what classifies now, the candidates and why each was or was not promoted, and the desk's agreement. */
export function modelPage(chrome: PageChrome, v: ModelView): Html {
  const csrf = csrfField(chrome.session);
  const pct = v.progress.total ? Math.round((v.progress.done / v.progress.total) * 100) : 100;
  return page(
    { ...chrome, active: 'model' },
    html`<h1>Model</h1>
<section class="model-active">
<h2>Model aktif</h2>
<p><strong id="active-model">${v.active ? v.active.id : 'Model bawaan (models/)'}</strong> <small class="muted">versi klasifikasi ${v.activeVersion}</small></p>
${v.active ? html`<p>Dipromosikan ${formatTime(v.active.promoted_at, v.timezone)}${v.active.promoted_by_name ? ` oleh ${v.active.promoted_by_name}` : ''}. ${v.active.decision ?? ''}</p>` : ''}
<p>Klasifikasi ulang: ${v.progress.done} dari ${v.progress.total} butir (${pct}%)${pct < 100 ? ' — berjalan di latar belakang dan dilanjutkan setelah mulai ulang' : ''}.</p>
${
  v.active
    ? html`<form method="post" action="/admin/model/rollback" class="inline">${csrf}<label>Alasan <input type="text" name="reason" maxlength="2000"></label> <button type="submit" class="secondary" id="rollback">Kembalikan ke ${v.active.previous_id ?? 'model bawaan'}</button></form>`
    : ''
}
${v.activeFigures ? html`<h3>Angka per kelas</h3>${gatesTable(v.activeFigures, null)}` : html`<p class="muted">Belum ada angka: jalankan <code>saring train</code> untuk menilai model.</p>`}
</section>
<h2>Label dari meja analis</h2>
<p>${v.labels.train} label kelas untuk pelatihan, ${v.labels.heldout} disisihkan sebagai set uji (tetap, dipilih dari hash nomor butir), ${v.labels.other} koreksi topik/satuan.</p>
<h2>Versi dan kandidat</h2>
${
  v.versions.length
    ? html`<div class="table-scroll"><table class="versions"><thead><tr><th>Versi</th><th>Status</th><th>Dilatih</th><th>Label</th><th>Keputusan</th><th></th></tr></thead><tbody>
${v.versions.map(
  (
    m,
  ) => html`<tr data-version="${m.id}"><td><code>${m.id}</code></td><td>${MODEL_STATUS_LABEL[m.status]}</td><td class="nowrap">${formatTime(m.created_at, v.timezone)}</td><td class="num">${m.labels_used}</td>
<td>${m.decision ?? ''}<details><summary>Angka</summary>${gatesTable(m.figures as unknown as Figures, m.baseline_figures as unknown as Figures | null)}</details></td>
<td>${m.status === 'candidate' ? html`<form method="post" action="/admin/model/${m.id}/promote" class="inline">${csrf}<button type="submit" class="promote">Promosikan</button></form>` : ''}</td></tr>`,
)}
</tbody></table></div>`
    : html`<p class="muted">Belum ada versi terlatih. Jalankan <code>saring train</code>.</p>`
}
<h2>Kesepakatan antaranalis</h2>
${
  v.agreement.pairs
    ? html`<p>${v.agreement.pairs} butir dilabeli dua analis; sama ${num(v.agreement.observed)}; kappa Cohen keseluruhan ${num(v.agreement.kappa)}.</p>
<table class="figures"><thead><tr><th>Kelas</th><th>Butir (salah satu memilih)</th><th>Kappa Cohen</th></tr></thead><tbody>
${ITEM_LABELS.map((c) => html`<tr><td>${ITEM_LABEL_LABEL[c]}</td><td class="num">${v.agreement.perClass[c].either}</td><td class="num">${num(v.agreement.perClass[c].kappa)}</td></tr>`)}
</tbody></table>
<p class="muted small">Kappa di bawah 0,4 berarti label tim untuk kelas itu belum bisa diandalkan: samakan dulu pedomannya.</p>`
    : html`<p class="muted">Belum ada butir yang dilabeli dua analis.</p>`
}
${v.simulation ? simulationSection(v.simulation) : ''}`,
  );
}
