import { html } from './html.ts';
import type { JobCounts, QueuedJob } from '../../db/jobs.repo.ts';
import { TASK_LABEL } from '../../vocabulary.ts';
import { formatTime } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

export interface JobsView {
  /** Null in embedded mode, where jobs run inside `saring start` and nothing is queued. */
  queue: { counts: JobCounts[]; failed: QueuedJob[] } | null;
  timezone: string;
}

/** The job queue and its dead letters: jobs that used up their attempts, with their last error. */
export function jobsPage(chrome: PageChrome, v: JobsView): Html {
  if (!v.queue) {
    return page(
      { ...chrome, active: 'jobs' },
      html`<h1>Antrean tugas</h1>
<p>Mode basis data tertanam: tugas dijalankan langsung di dalam proses <code>saring start</code>, tanpa antrean. Pengambilan yang gagal terlihat di halaman <a href="/sources">Sumber</a>.</p>`,
    );
  }
  const csrf = csrfField(chrome.session);
  const label = (t: string) => TASK_LABEL[t] ?? t;
  return page(
    { ...chrome, active: 'jobs' },
    html`<h1>Antrean tugas</h1>
<table><thead><tr><th>Tugas</th><th>Menunggu</th><th>Berjalan</th><th>Diulang</th><th>Gagal</th></tr></thead><tbody>
${v.queue.counts.length ? '' : html`<tr><td colspan="5" class="muted">Antrean kosong.</td></tr>`}
${v.queue.counts.map((r) => html`<tr><td>${label(r.task)}<br><small class="muted">${r.task}</small></td><td class="num">${r.waiting}</td><td class="num">${r.running}</td><td class="num">${r.retrying}</td><td class="num ${r.failed ? 'bad' : ''}">${r.failed}</td></tr>`)}
</tbody></table>
<h2>Tugas gagal</h2>
${
  v.queue.failed.length
    ? html`<form method="post" action="/admin/jobs/retry">${csrf}
<table><thead><tr><th></th><th>#</th><th>Tugas</th><th>Isi</th><th>Percobaan</th><th>Terakhir</th><th>Galat terakhir</th></tr></thead><tbody>
${v.queue.failed.map(
  (
    j,
  ) => html`<tr><td><input type="checkbox" name="ids" value="${j.id}" aria-label="Ulangi tugas ${j.id}"></td><td>${j.id}</td><td>${label(j.task_identifier)}</td><td><code>${JSON.stringify(j.payload)}</code></td>
<td class="num">${j.attempts}/${j.max_attempts}</td><td class="nowrap">${formatTime(j.updated_at, v.timezone)}</td><td><small>${(j.last_error ?? '').split('\n')[0]}</small></td></tr>`,
)}
</tbody></table>
<button type="submit">Ulangi yang dipilih</button></form>`
    : html`<p class="muted">Tidak ada tugas gagal.</p>`
}`,
  );
}
