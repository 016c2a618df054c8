import { html } from './html.ts';
import type { listNotifications } from '../../db/notifications.repo.ts';
import { NOTIFICATION_KIND_LABEL } from '../../vocabulary.ts';
import { formatTime } from './labels.ts';
import { csrfField, page, type Html, type PageChrome } from './layout.ts';

export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>[number];

/**
 * One notification: what happened, to which case, by whom and when, with the approver's comment.
 * Opening it is a small form (POST /notifikasi/:id/buka) that marks it read and goes to the case or
 * clarification; a link that changed state on GET could be triggered by any prefetch.
 */
export function notice(n: NotificationRow, csrf: Html, timezone: string): Html {
  const where = n.clarification_id ? `klarifikasi #${n.clarification_id}` : `kasus #${n.case_id}`;
  return html`<li class="notice ${n.read_at ? 'read' : 'unread'}" data-kind="${n.kind}">
  <form method="post" action="/notifikasi/${n.id}/buka" class="inline">${csrf}<button type="submit" class="link"><strong>${NOTIFICATION_KIND_LABEL[n.kind]}</strong>: ${n.title}</button></form>
  <small class="muted">${where} · ${n.actor_name ?? 'sistem'} · ${formatTime(n.created_at, timezone)}${n.read_at ? ' · sudah dibaca' : ''}</small>
  ${n.comment ? html`<blockquote>${n.comment}</blockquote>` : ''}
</li>`;
}

export interface NotificationsView {
  rows: NotificationRow[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
  timezone: string;
}

/** Every notification of the person, newest first, a page at a time, with "mark all read". */
export function notificationsPage(chrome: PageChrome, v: NotificationsView): Html {
  const csrf = csrfField(chrome.session);
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  return page(
    { ...chrome, active: 'notifications' },
    html`<h1>Notifikasi <small>${v.unread} belum dibaca dari ${v.total}</small></h1>
${
  v.unread
    ? html`<form method="post" action="/notifikasi/baca" class="compact">${csrf}<input type="hidden" name="all" value="1"><button type="submit" class="secondary">Tandai semua sudah dibaca</button></form>`
    : ''
}
${v.rows.length ? html`<ul class="notices">${v.rows.map((n) => notice(n, csrf, v.timezone))}</ul>` : html`<p class="empty">Belum ada notifikasi.</p>`}
${
  pages > 1
    ? html`<nav class="pager">${v.page > 1 ? html`<a href="/notifikasi?page=${v.page - 1}">« Sebelumnya</a>` : ''} Halaman ${v.page} dari ${pages} ${v.page < pages ? html`<a href="/notifikasi?page=${v.page + 1}">Berikutnya »</a>` : ''}</nav>`
    : ''
}`,
  );
}
