import { html } from './html.ts';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { SessionInfo } from '../../review/auth.service.ts';
import { can, ROLE_LABEL } from '../../review/roles.ts';
import type { Flash } from '../respond.ts';
import type { NavCounts } from '../nav-counts.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageChrome {
  title: string;
  /** The deployment, shown in the header: "Polres Belitung Timur". */
  unit: string;
  session: SessionInfo | null;
  flash?: Flash | null;
  /** What waits for the person (nav-counts.ts): shown as counts beside their role's links. */
  nav?: NavCounts | undefined;
  active?:
    | 'home'
    | 'cases'
    | 'search'
    | 'notifications'
    | 'account'
    | 'queue'
    | 'clarifications'
    | 'audit'
    | 'admin'
    | 'sources'
    | 'reports'
    | 'tips'
    | 'jobs'
    | 'alerts'
    | 'registry'
    | 'dashboard'
    | 'labelling'
    | 'model';
}

/** A hidden CSRF field for a form of the signed-in session. */
export function csrfField(s: SessionInfo | null): Html {
  return html`<input type="hidden" name="_csrf" value="${s?.csrfToken ?? ''}">`;
}

/**
 * The page shell. Every interpolated value is escaped by hono/html; the only script and style come
 * from /static (the CSP allows nothing inline).
 */
export function page(chrome: PageChrome, body: Html): Html {
  const s = chrome.session;
  const link = (key: PageChrome['active'], href: string, label: Html | string) =>
    html`<a href="${href}" class="${chrome.active === key ? 'active' : ''}">${label}</a>`;
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${chrome.title} — Saring</title>
<link rel="stylesheet" href="/static/saring.css">
<script src="/static/saring.js" defer></script>
</head>
<body>
<a class="skip-link" href="#konten">Lewati ke konten</a>
<header class="top">
  <div class="brand"><strong>Saring</strong> <span>${chrome.unit}</span></div>
  ${
    s
      ? html`<nav>
    ${roleLinks(chrome, link)}
    ${link('queue', '/queue', 'Antrean')}
    ${can(s.actor, 'case.triage') ? link('labelling', '/labelling', 'Perlu label') : ''}
    ${link('dashboard', '/ringkasan', 'Ringkasan')}
    ${link('cases', '/kasus', 'Kasus')}
    ${link('search', '/cari', 'Cari')}
    ${can(s.actor, 'tip.submit') ? link('tips', '/tips/new', 'Laporan masuk') : ''}
    ${link('clarifications', '/clarifications', 'Klarifikasi')}
    ${link('sources', '/sources', 'Sumber')}
    ${link('alerts', '/alerts', 'Peringatan')}
    ${link('reports', '/reports', 'Laporan')}
    ${link('audit', '/audit', 'Jejak audit')}
    ${can(s.actor, 'user.manage') ? link('admin', '/admin/users', 'Pengguna') : ''}
    ${can(s.actor, 'registry.manage') ? link('registry', '/admin/registry', 'Registri akun') : ''}
    ${can(s.actor, 'jobs.manage') ? link('jobs', '/admin/jobs', 'Antrean tugas') : ''}
    ${can(s.actor, 'model.manage') ? link('model', '/admin/model', 'Model') : ''}
  </nav>
  <form method="post" action="/logout" class="who">
    ${csrfField(s)}
    <a href="/akun" class="${chrome.active === 'account' ? 'active' : ''}" title="Akun saya: kata sandi dan sesi">${s.actor.display_name} · ${s.actor.roles.map((r) => ROLE_LABEL[r]).join(', ')}</a>
    <button type="submit" class="link">Keluar</button>
  </form>`
      : ''
  }
</header>
<main id="konten" tabindex="-1">
${chrome.flash ? html`<p class="flash ${chrome.flash.kind}" role="${chrome.flash.kind === 'error' ? 'alert' : 'status'}">${chrome.flash.text}</p>` : ''}
${body}
</main>
<footer>Saring sebelum sharing — pemantauan hoaks dan misinformasi</footer>
</body>
</html>`;
}

/** "Persetujuan (3)": a label with its count, the count marked up so it stands out when non-zero. */
function counted(label: string, n: number | undefined): Html {
  return html`${label}${n === undefined ? '' : html` <span class="count ${n ? 'some' : ''}">(${n})</span>`}`;
}

/**
 * The links to what waits for the person's roles, each with its count (NavCounts): pimpinan's
 * approvals, humas' cases to clarify and drafts to publish, the analyst's own cases, and everyone's
 * notifications.
 */
function roleLinks(chrome: PageChrome, link: (key: PageChrome['active'], href: string, label: Html | string) => Html): Html {
  const n = chrome.nav;
  const roles = chrome.session?.actor.roles ?? [];
  const me = chrome.session?.actor.id;
  return html`${roles.includes('pimpinan') ? link('home', '/beranda#persetujuan', counted('Persetujuan', n?.awaitingDecision)) : ''}
    ${roles.includes('humas') ? link('home', '/beranda#klarifikasi', counted('Perlu klarifikasi', n?.needClarification)) : ''}
    ${roles.includes('humas') ? link('home', '/beranda#siap-terbit', counted('Siap terbit', n?.readyToPublish)) : ''}
    ${roles.includes('analis') ? link('cases', `/kasus?status=terbuka&assignee=${me}`, counted('Kasus saya', n?.myOpenCases)) : ''}
    ${link('notifications', '/notifikasi', counted('Notifikasi', n?.unread))}`;
}

/** An external link to untrusted content: never with the opener, never with our referrer. */
export function outLink(url: string | null | undefined, label: unknown): Html {
  if (!url || !/^https?:\/\//i.test(url)) return html`${label}`;
  return html`<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
}
