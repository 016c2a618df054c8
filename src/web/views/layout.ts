import { html } from './html.ts';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { SessionInfo } from '../../review/auth.service.ts';
import { can, ROLE_LABEL } from '../../review/roles.ts';
import type { Flash } from '../respond.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageChrome {
  title: string;
  /** The deployment, shown in the header: "Polres Belitung Timur". */
  unit: string;
  session: SessionInfo | null;
  flash?: Flash | null;
  active?: 'queue' | 'clarifications' | 'audit' | 'admin' | 'sources' | 'reports' | 'tips' | 'jobs' | 'alerts' | 'registry' | 'dashboard';
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
  const link = (key: PageChrome['active'], href: string, label: string) =>
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
    ${link('queue', '/queue', 'Antrean')}
    ${link('dashboard', '/ringkasan', 'Ringkasan')}
    ${can(s.actor, 'tip.submit') ? link('tips', '/tips/new', 'Laporan masuk') : ''}
    ${link('clarifications', '/clarifications', 'Klarifikasi')}
    ${link('sources', '/sources', 'Sumber')}
    ${link('alerts', '/alerts', 'Peringatan')}
    ${link('reports', '/reports', 'Laporan')}
    ${link('audit', '/audit', 'Jejak audit')}
    ${can(s.actor, 'user.manage') ? link('admin', '/admin/users', 'Pengguna') : ''}
    ${can(s.actor, 'registry.manage') ? link('registry', '/admin/registry', 'Registri akun') : ''}
    ${can(s.actor, 'jobs.manage') ? link('jobs', '/admin/jobs', 'Antrean tugas') : ''}
  </nav>
  <form method="post" action="/logout" class="who">
    ${csrfField(s)}
    <span>${s.actor.display_name} · ${s.actor.roles.map((r) => ROLE_LABEL[r]).join(', ')}</span>
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

/** An external link to untrusted content: never with the opener, never with our referrer. */
export function outLink(url: string | null | undefined, label: unknown): Html {
  if (!url || !/^https?:\/\//i.test(url)) return html`${label}`;
  return html`<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
}
