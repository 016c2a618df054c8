import { html } from './html.ts';
import type { listCases } from '../../db/case-list.repo.ts';
import type { listClarifications } from '../../db/clarifications.repo.ts';
import type { casesNeedingClarification, clarificationsAwaitingDecision } from '../../db/desk-counts.repo.ts';
import { CLARIFICATION_STATUS_LABEL, formatTime, PRIORITY_LABEL, VERDICT_LABEL } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';
import { notice, type NotificationRow } from './notifications.ts';

export interface HomeView {
  /** pimpinan: clarifications waiting for their decision (null: not their role) */
  approvals: Awaited<ReturnType<typeof clarificationsAwaitingDecision>> | null;
  /** humas: confirmed cases with no clarification gone up yet */
  toClarify: Awaited<ReturnType<typeof casesNeedingClarification>> | null;
  /** humas: approved clarifications to publish */
  toPublish: Awaited<ReturnType<typeof listClarifications>> | null;
  /** analis: their open cases */
  myCases: Awaited<ReturnType<ReturnType<typeof listCases>['list']>> | null;
  unread: NotificationRow[];
  timezone: string;
}

/** "3 menunggu" beside a section's heading, the same figure the nav shows. */
const howMany = (shown: number, all: number | undefined) =>
  html`<small>${all ?? shown} menunggu${all !== undefined && all > shown ? `, ${shown} teratas ditampilkan` : ''}</small>`;

/** The person's home: a section per role they hold, what waits first. */
export function homePage(chrome: PageChrome, v: HomeView): Html {
  const tz = v.timezone;
  const n = chrome.nav;
  const csrf = csrfField(chrome.session);
  return page(
    { ...chrome, active: 'home' },
    html`<h1>Beranda</h1>
${
  v.approvals
    ? html`<section id="persetujuan" class="home-list">
  <h2>Menunggu persetujuan Anda ${howMany(v.approvals.length, n?.awaitingDecision)}</h2>
  ${
    v.approvals.length
      ? html`<div class="table-wrap"><table><thead><tr><th>Klarifikasi</th><th>Kasus</th><th>Penulis</th><th>Diajukan</th></tr></thead><tbody>
  ${v.approvals.map((r) => html`<tr><td><a href="/clarifications/${r.id}">#${r.id}</a></td><td><a href="/cases/${r.case_id}">#${r.case_id}</a> ${r.case_title} <small>(${r.case_verdict ? VERDICT_LABEL[r.case_verdict] : '—'})</small></td><td>${r.author_name}</td><td class="nowrap">${formatTime(r.submitted_at, tz)}</td></tr>`)}
  </tbody></table></div>`
      : html`<p class="empty">Tidak ada klarifikasi yang menunggu keputusan Anda.</p>`
  }
</section>`
    : ''
}
${
  v.toClarify
    ? html`<section id="klarifikasi" class="home-list">
  <h2>Kasus terkonfirmasi yang perlu klarifikasi ${howMany(v.toClarify.length, n?.needClarification)}</h2>
  ${
    v.toClarify.length
      ? html`<div class="table-wrap"><table><thead><tr><th>Kasus</th><th>Putusan</th><th>Prioritas</th><th>Diputuskan</th><th>Draf</th></tr></thead><tbody>
  ${v.toClarify.map((k) => html`<tr><td><a href="/cases/${k.id}">#${k.id}</a> ${k.title}</td><td>${k.verdict ? VERDICT_LABEL[k.verdict] : '—'}</td><td><span class="pri ${k.priority}">${PRIORITY_LABEL[k.priority]}</span></td><td class="nowrap">${formatTime(k.decided_at, tz)}</td><td>${k.draft_status ? CLARIFICATION_STATUS_LABEL[k.draft_status] : html`<span class="muted">belum ada</span>`}</td></tr>`)}
  </tbody></table></div>`
      : html`<p class="empty">Semua kasus terkonfirmasi sudah punya klarifikasi yang diajukan.</p>`
  }
</section>`
    : ''
}
${
  v.toPublish
    ? html`<section id="siap-terbit" class="home-list">
  <h2>Disetujui, siap diterbitkan ${howMany(v.toPublish.length, n?.readyToPublish)}</h2>
  ${
    v.toPublish.length
      ? html`<div class="table-wrap"><table><thead><tr><th>Klarifikasi</th><th>Kasus</th><th>Disetujui oleh</th><th>Disetujui</th></tr></thead><tbody>
  ${v.toPublish.map((r) => html`<tr><td><a href="/clarifications/${r.id}">#${r.id}</a></td><td><a href="/cases/${r.case_id}">#${r.case_id}</a> ${r.case_title}</td><td>${r.decided_by_name ?? '—'}</td><td class="nowrap">${formatTime(r.decided_at, tz)}</td></tr>`)}
  </tbody></table></div>`
      : html`<p class="empty">Tidak ada klarifikasi yang menunggu diterbitkan.</p>`
  }
</section>`
    : ''
}
${
  v.myCases
    ? html`<section id="kasus-saya" class="home-list">
  <h2>Kasus terbuka yang ditugaskan kepada Anda ${howMany(v.myCases.length, n?.myOpenCases)}</h2>
  ${
    v.myCases.length
      ? html`<ul>${v.myCases.map((k) => html`<li><a href="/cases/${k.id}">#${k.id}</a> ${k.title} <span class="pri ${k.priority}">${PRIORITY_LABEL[k.priority]}</span></li>`)}</ul>`
      : html`<p class="empty">Tidak ada kasus terbuka yang ditugaskan kepada Anda.</p>`
  }
</section>`
    : ''
}
<section class="home-list">
  <h2>Notifikasi belum dibaca <small><a href="/notifikasi">lihat semua</a></small></h2>
  ${v.unread.length ? html`<ul class="notices">${v.unread.map((x) => notice(x, csrf, tz))}</ul>` : html`<p class="empty">Tidak ada notifikasi baru.</p>`}
</section>
<p class="muted"><a href="/queue">Antrean tinjauan</a> · <a href="/kasus">Daftar kasus</a> · <a href="/cari">Cari semua butir</a></p>`,
  );
}
