import { html } from './html.ts';
import { classifiedText } from '../../classify/classifier.ts';
import { POLICE_CLASS_LABEL, POLICE_CLASSES, SOURCE_KIND_LABEL } from '../../vocabulary.ts';
import { POLICE_FLAG_LABEL, type PoliceFlagCode, type PoliceFlags } from '../../classify/police-flags.ts';
import { presentSignals, SIGNAL_CODES, SIGNAL_LABEL, type TriageSignals } from '../../classify/triage-signals.ts';
import type { casesForReuse, itemDetail, reposts } from '../../db/cases.repo.ts';
import { highlightSegments } from './highlight.ts';
import { imagesSection } from './images.ts';
import type { ClusterCopy, ItemImageView } from '../../db/images.repo.ts';
import { formatTime, percent, VERDICT_LABEL } from './labels.ts';
import { csrfField, outLink, page, type Html, type PageChrome } from './layout.ts';
import { correctionButtons, correctionChoices, labelHistory, type ItemLabelView } from './corrections.ts';

export type ItemDetail = NonNullable<Awaited<ReturnType<typeof itemDetail>>>;
export type Repost = Awaited<ReturnType<typeof reposts>>[number];

/** The item's title and text with police mentions marked; everything else escaped. */
export function markedText(item: { title: string | null; text: string; police_mentions: ItemDetail['police_mentions'] }): Html {
  const full = classifiedText(item);
  const segments = highlightSegments(full, item.police_mentions ?? []);
  return html`<div class="item-text">${segments.map((s) => (s.unit ? html`<mark title="${s.unit}">${s.text}</mark>` : html`${s.text}`))}</div>`;
}

/** The three police flags with their scores and reasons; nothing when the item names no Indonesian police. */
export function policeFlagsList(flags: PoliceFlags | null | undefined): Html {
  if (!flags) return html``;
  // The triage's reading and its calibrated probabilities; classifications stored before the model have neither.
  const reading = flags.class
    ? html`<p class="police-class">Penilaian: <strong>${POLICE_CLASS_LABEL[flags.class]}</strong>${flags.probabilities ? html` <small>(${POLICE_CLASSES.map((c) => `${POLICE_CLASS_LABEL[c]} ${percent(flags.probabilities![c])}`).join(' · ')})</small>` : ''}</p>`
    : html``;
  return html`<h3>Terkait polisi</h3>${reading}<ul class="police-flags">${(Object.keys(POLICE_FLAG_LABEL) as PoliceFlagCode[]).map((code) => {
    const f = flags[code];
    return html`<li class="${f.flagged ? 'on' : 'muted'}"><strong>${POLICE_FLAG_LABEL[code]}</strong>: ${f.flagged ? 'ya' : 'tidak'} <small>(skor ${percent(f.score)}${f.reasons.length ? `; ${f.reasons.join('; ')}` : ''})</small></li>`;
  })}</ul>`;
}

/** The seven yes/no signals: all of them, with what made each present. */
export function signalsList(signals: TriageSignals | null | undefined): Html {
  if (!signals) return html``;
  return html`<h3>Sinyal</h3><ul class="signals">${SIGNAL_CODES.map((code) => {
    const sg = signals[code];
    return html`<li class="${sg?.present ? 'on' : 'muted'}"><strong>${SIGNAL_LABEL[code]}</strong>: ${sg?.present ? 'ya' : 'tidak'}${sg?.evidence.length ? html` <small>(${sg.evidence.join('; ')})</small>` : ''}</li>`;
  })}</ul>`;
}

/** The present signals as short chips, for a queue row. */
export function signalChips(signals: TriageSignals | null | undefined): Html {
  const on = presentSignals(signals ?? null);
  return on.length
    ? html`<div class="tags">${on.map((c) => html`<span class="tag signal" title="${signals![c].evidence.join('; ')}">${SIGNAL_LABEL[c]}</span>`)}</div>`
    : html``;
}

export type OldCase = Awaited<ReturnType<typeof casesForReuse>>[number];

/**
 * Decided cases the item repeats (HLBK): linked automatically, or offered to link; each with its
 * published clarification, which humas can publish again for this circulation.
 */
function oldHoaxes(i: ItemDetail, oldCases: OldCase[], canTriage: boolean, csrf: Html): Html {
  const matches = (i.case_matches ?? []).filter((m) => m.case_id !== i.case_id);
  const linked = i.link === 'hlbk' && i.case_id ? oldCases.find((k) => k.id === i.case_id) : undefined;
  if (!matches.length && !linked) return html``;
  const reuse = (k: OldCase | undefined) =>
    k?.clarification_id
      ? html`<details class="reuse"><summary>Klarifikasi yang sudah terbit (#${k.clarification_id}), untuk diterbitkan ulang</summary><pre class="clarification">${k.clarification_body}</pre><a href="/clarifications/${k.clarification_id}">Catat publikasi ulang</a></details>`
      : html`<p class="muted">Belum ada klarifikasi terbit untuk kasus ini.</p>`;
  return html`<h3>Hoaks lama beredar kembali</h3>
  ${linked ? html`<p class="flash">Ditautkan otomatis ke <a href="/cases/${linked.id}">kasus #${linked.id}</a> (${linked.verdict ? VERDICT_LABEL[linked.verdict] : ''}) dengan skor ${i.link_score?.toFixed(2) ?? '—'}.</p>${reuse(linked)}` : ''}
  <ul class="hlbk">${matches.map((m) => {
    const k = oldCases.find((x) => x.id === m.case_id);
    return html`<li><a href="/cases/${m.case_id}">Kasus #${m.case_id}</a>: ${k?.title ?? m.title ?? ''} <small>skor ${m.score.toFixed(2)}${k?.verdict ? `, ${VERDICT_LABEL[k.verdict]}` : ''}</small>
      ${
        canTriage && k && !i.case_id
          ? html`<form method="post" action="/cases/${k.id}/merge" class="inline">${csrf}<input type="hidden" name="version" value="${k.version}"><input type="hidden" name="item_ids" value="${i.id}"><button type="submit">Tautkan ke kasus #${k.id}</button></form>`
          : ''
      }
      ${reuse(k)}</li>`;
  })}</ul>`;
}

export function reasonsList(reasons: Array<{ label: string; weight: number }> | null): Html {
  if (!reasons?.length) return html`<p class="muted">Belum diklasifikasi oleh model saat ini.</p>`;
  return html`<ul class="reasons">${reasons.map((r) => html`<li>${r.label} <small class="muted">(bobot ${r.weight.toFixed(2)})</small></li>`)}</ul>`;
}

export function itemPage(
  chrome: PageChrome,
  v: {
    item: ItemDetail;
    reposts: Repost[];
    oldCases: OldCase[];
    images?: ItemImageView[];
    imageCopies?: ClusterCopy[];
    labels: ItemLabelView[];
    choices: { topics: readonly string[]; units: readonly string[] };
    canTriage: boolean;
    timezone: string;
  },
): Html {
  const i = v.item;
  const mine = v.labels.find((l) => l.kind === 'class' && l.user_id === chrome.session?.actor.id);
  // A tip's author is whoever reported it, typed in by an officer (sources/tip.ts).
  const tip = i.source_kind === 'tip';
  const engagement = [
    ['dilihat', i.views],
    ['suka', i.likes],
    ['dibagikan', i.shares],
    ['balasan', i.replies],
  ].filter(([, n]) => n !== null);
  return page(
    { ...chrome, active: 'queue' },
    html`<p><a href="/queue">« Antrean</a></p>
<h1>Butir #${i.id}</h1>
<div class="cols">
<section class="main">
  <dl class="meta">
    <dt>Sumber</dt><dd>${i.source_name} <small class="muted">(${SOURCE_KIND_LABEL[i.source_kind]})</small></dd>
    ${
      tip
        ? html`<dt>Pelapor</dt><dd>${i.author ?? html`<span class="muted">tidak disebutkan</span>`}</dd>
    ${i.tip_channel ? html`<dt>Beredar di</dt><dd>${i.tip_channel}</dd>` : ''}
    ${i.tip_recorded_by ? html`<dt>Dicatat oleh</dt><dd>${i.tip_recorded_by}</dd>` : ''}
    ${i.page_author ? html`<dt>Penulis artikel</dt><dd>${i.page_author}</dd>` : ''}`
        : html`<dt>Penulis</dt><dd>${i.author ?? '—'}</dd>`
    }
    <dt>Terbit</dt><dd>${formatTime(i.published_at, v.timezone)} <small class="muted">diambil ${formatTime(i.fetched_at, v.timezone)}</small></dd>
    <dt>Tautan asli</dt><dd>${outLink(i.url, i.url ?? '—')}</dd>
    ${engagement.length ? html`<dt>Jangkauan</dt><dd>${engagement.map(([k, n]) => `${n} ${k}`).join(' · ')}</dd>` : ''}
  </dl>
  ${i.tip_note ? html`<div class="note"><h2>Catatan untuk analis</h2><p>${i.tip_note}</p></div>` : ''}
  ${markedText(i)}
  ${imagesSection(v.images ?? [], v.imageCopies ?? [], v.timezone)}
</section>
<aside>
  <section class="correct-box" id="koreksi">
  <h2>Koreksi</h2>
  ${
    v.canTriage
      ? html`<p class="muted small">Satu klik: disimpan sebagai label untuk melatih model, tanpa perlu membuka kasus.</p>
  ${correctionButtons(chrome, [i.id], `/items/${i.id}`, { current: mine?.value ?? null })}
  <details class="correct-more"><summary>Topik atau satuan salah?</summary>${correctionChoices(chrome, i.id, `/items/${i.id}`, v.choices)}</details>`
      : ''
  }
  ${labelHistory(v.labels, v.timezone)}
  </section>
  <h2>Klasifikasi</h2>
  <p>Skor prioritas <strong class="score">${percent(i.score)}</strong> · kemungkinan hoaks ${percent(i.hoax_score)}${i.flagged ? html` · <span class="tag flag">ditandai</span>` : ''}</p>
  ${i.police_units?.length ? html`<p>Satuan disebut: ${i.police_units.map((u) => html`<span class="tag police">${u}</span> `)}</p>` : ''}
  ${i.topics?.length ? html`<p>Topik: ${i.topics.map((t) => html`<span class="tag">${t}</span> `)}</p>` : ''}
  ${policeFlagsList(i.police_flags)}
  ${signalsList(i.signals)}
  ${oldHoaxes(i, v.oldCases, v.canTriage, csrfField(chrome.session))}
  <h3>Alasan</h3>
  ${reasonsList(i.reasons)}
  <h3>Mirip hoaks yang sudah dibantah</h3>
  ${
    i.claim_matches?.length
      ? html`<ul>${i.claim_matches.map((m) => html`<li>${outLink(m.url, m.title ?? m.url ?? 'tanpa judul')} <small>skor ${m.score.toFixed(2)}</small></li>`)}</ul>`
      : html`<p class="muted">Tidak ada yang cocok.</p>`
  }
  <h2>Kasus</h2>
  ${
    i.case_id
      ? html`<p>Butir ini bagian dari <a href="/cases/${i.case_id}">kasus #${i.case_id}</a>.</p>`
      : v.canTriage
        ? html`<form method="post" action="/items/${i.id}/case">${csrfField(chrome.session)}<button type="submit">Tinjau: buka kasus</button></form>`
        : html`<p class="muted">Belum ditinjau analis.</p>`
  }
</aside>
</div>
<h2>Duplikat dan unggahan ulang (${v.reposts.length})</h2>
${
  v.reposts.length
    ? html`<table><thead><tr><th>#</th><th>Sumber</th><th>Judul</th><th>Waktu</th><th>Jenis</th><th>Kasus</th></tr></thead><tbody>
${v.reposts.map((r) => html`<tr><td><a href="/items/${r.id}">${r.id}</a></td><td>${r.source_name}</td><td>${outLink(r.url, r.title ?? '(tanpa judul)')}</td><td class="nowrap">${formatTime(r.seen_at, v.timezone)}</td><td>${r.duplicate_kind === 'near' ? 'mirip' : r.duplicate_kind === 'exact' ? 'sama persis' : 'asli'}</td><td>${r.case_id ? html`<a href="/cases/${r.case_id}">#${r.case_id}</a>` : '—'}</td></tr>`)}
</tbody></table>`
    : html`<p class="muted">Tidak ada salinan di sumber lain.</p>`
}`,
  );
}
