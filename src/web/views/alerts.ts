import { html } from './html.ts';
import type { recentNotifications } from '../../db/alerts.repo.ts';
import type { AlertChannel, AlertRule } from '../../pipeline/define.ts';
import { RULE_LABEL } from '../../alerts/message.ts';
import { DELIVERY_STATUS_LABEL, type DeliveryStatus } from '../../vocabulary.ts';
import { formatTime } from './labels.ts';
import { page, type Html, type PageChrome } from './layout.ts';

type NotificationRow = Awaited<ReturnType<typeof recentNotifications>>[number];

/** The pipeline's alert rules, and what they sent with each delivery's outcome. */
export function alertsPage(chrome: PageChrome, v: { rules: AlertRule[]; channels: AlertChannel[]; notifications: NotificationRow[]; timezone: string }): Html {
  const channel = (id: string) => {
    const c = v.channels.find((x) => x.id === id);
    return c ? (c.kind === 'email' ? `${id} (surel ke ${c.to.join(', ')})` : `${id} (webhook)`) : id;
  };
  return page(
    { ...chrome, active: 'alerts' },
    html`<h1>Peringatan</h1>
<p class="muted">Aturan dan kanal ditetapkan di berkas pipeline (<code>alerts</code>); rahasia (SMTP, token webhook) hanya dari variabel lingkungan. Setiap aturan punya jeda: satu gelombang menjadi satu peringatan.</p>
${
  v.rules.length
    ? html`<table><thead><tr><th>Aturan</th><th>Jenis</th><th>Mode</th><th>Jeda</th><th>Kanal</th></tr></thead><tbody>
${v.rules.map((r) => html`<tr><td>${r.id}</td><td>${RULE_LABEL[r.kind]}</td><td>${r.mode === 'digest' ? `ringkasan harian pukul ${r.digestAt}` : 'segera'}</td><td class="num">${r.cooldownMinutes} menit</td><td>${r.channels.map(channel).join('; ')}</td></tr>`)}
</tbody></table>`
    : html`<p>Pipeline ini belum memiliki aturan peringatan.</p>`
}
<h2>Terkirim</h2>
${
  v.notifications.length
    ? html`<table><thead><tr><th>Waktu</th><th>Aturan</th><th>Peringatan</th><th>Pengiriman</th></tr></thead><tbody>
${v.notifications.map(
  (
    n,
  ) => html`<tr><td class="nowrap">${formatTime(n.created_at, v.timezone)}</td><td>${n.rule_id}<br><small class="muted">${n.mode === 'digest' ? 'ringkasan harian' : `${n.event_count} kejadian`}</small></td>
<td><strong>${n.title}</strong><details><summary>Isi pesan</summary><div class="alert-body">${n.body}</div></details></td>
<td>${n.deliveries.map((d) => html`<div class="${d.status === 'failed' ? 'bad' : ''}">${d.channel_id}: ${DELIVERY_STATUS_LABEL[d.status as DeliveryStatus] ?? d.status}, ${d.attempts}× ${d.sent_at ? html`(${formatTime(d.sent_at, v.timezone)})` : ''}${d.last_error && d.status !== 'sent' ? html`<br><small>${d.last_error}</small>` : ''}</div>`)}</td></tr>`,
)}
</tbody></table>`
    : html`<p class="muted">Belum ada peringatan.</p>`
}`,
  );
}
