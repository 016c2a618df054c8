import { html } from './html.ts';
import type { LabellingQueue } from '../../review/labelling.service.ts';
import { POLICE_CLASS_LABEL } from '../../vocabulary.ts';
import { correctionButtons } from './corrections.ts';
import { formatTime, percent } from './labels.ts';
import { page, type Html, type PageChrome } from './layout.ts';

/** "Perlu label": today's few items the model is least sure of, each with the one-click corrections. */
export function labellingPage(chrome: PageChrome, v: LabellingQueue & { timezone: string }): Html {
  const left = Math.max(0, v.perDay - v.givenToday);
  return page(
    { ...chrome, active: 'labelling' },
    html`<h1>Perlu label <small>${v.givenToday} dari ${v.perDay} label hari ini</small></h1>
<p class="muted">Butir yang paling meragukan bagi model saat ini (skor hoaks dekat ambang, atau kelas polisi bersaing), dari berbagai sumber dan topik. Label Anda melatih model berikutnya.</p>
${
  v.items.length
    ? html`<table class="queue labelling"><thead><tr><th>Butir</th><th>Model</th><th>Label</th></tr></thead><tbody>
${v.items.map((r) => {
  const p = r.police_flags?.probabilities;
  const top = p
    ? Object.entries(p)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
    : [];
  return html`<tr data-item="${r.id}"><td><a href="/items/${r.id}">${r.title || r.excerpt.slice(0, 160)}</a><div class="tags"><span class="tag">${r.source_name}</span>${r.topics.map((t) => html`<span class="tag">${t}</span>`)}${r.shared ? html`<span class="tag">juga dilabeli rekan (uji kesepakatan)</span>` : ''}</div><small class="muted">${formatTime(r.seen_at, v.timezone)}</small></td>
<td><small>hoaks ${percent(r.hoax_score)}${top.length ? html`<br>${top.map(([k, x]) => `${POLICE_CLASS_LABEL[k as keyof typeof POLICE_CLASS_LABEL]} ${percent(x)}`).join(' vs ')}` : ''}</small></td>
<td>${correctionButtons(chrome, [r.id], '/labelling', { compact: true })}</td></tr>`;
})}
</tbody></table>`
    : html`<p class="empty">${left ? 'Tidak ada butir yang perlu dilabeli saat ini.' : 'Jatah label hari ini sudah terpenuhi. Terima kasih!'}</p>`
}`,
  );
}
