import { raw } from 'hono/html';
import { html } from './html.ts';
import type { itemLabels } from '../../db/labels.repo.ts';
import { ITEM_LABEL_LABEL, ITEM_LABELS, LABEL_KIND_LABEL, type ItemLabel } from '../../vocabulary.ts';
import { formatTime } from './labels.ts';
import { csrfField, type Html, type PageChrome } from './layout.ts';

export type ItemLabelView = Awaited<ReturnType<typeof itemLabels>>[number];

/**
 * The queue's keyboard shortcut for each correction (static/antrian.js reads it from the buttons'
 * `data-key`): the digits, in the corrections' display order. Letters were taken or would mislead
 * (k moves up, yet "Kritik" starts with it); digits match the numbered buttons the bulk bar shows.
 */
export const CORRECTION_KEY = Object.fromEntries(ITEM_LABELS.map((code, i) => [code, String(i + 1)])) as Record<ItemLabel, string>;

/**
 * The corrections as buttons of the queue's bulk form (views/queue.ts): each sends `label` with the
 * form's ticked rows to /queue/bulk, so they work without JavaScript; the key hint shows only with it.
 */
export function bulkCorrectionButtons(): Html {
  return html`<span class="corrections bulk-corrections" role="group" aria-label="Koreksi butir terpilih">${ITEM_LABELS.map(
    (code: ItemLabel) =>
      html`<button type="submit" name="label" value="${code}" class="correct ${code}" data-key="${CORRECTION_KEY[code]}" aria-keyshortcuts="${CORRECTION_KEY[code]}"><kbd class="kbd-hint" hidden>${CORRECTION_KEY[code]}</kbd> ${ITEM_LABEL_LABEL[code]}</button>`,
  )}</span>`;
}

/**
 * The five one-click corrections for the items `ids` (one on the item page and on a row of the
 * labelling list; the bulk action sends many): one form whose buttons each post their own label, back
 * to `back`. One form rather than one per button: five copies of the hidden fields on each of a list's
 * rows made a page of 50 rows 170 KB. A queue row's buttons share one form per page (rowCorrections).
 */
export function correctionButtons(chrome: PageChrome, ids: readonly number[], back: string, opts: { compact?: boolean; current?: string | null } = {}): Html {
  return html`<form method="post" action="/items/label" class="corrections${opts.compact ? ' compact' : ''}">${csrfField(chrome.session)}<input type="hidden" name="kind" value="class"><input type="hidden" name="back" value="${back}">${ids.map((id) => html`<input type="hidden" name="item_ids" value="${id}">`)}${labelButtons(opts.current ?? null)}</form>`;
}

const LABEL_BUTTONS = new Map<string | null, Html>();
/**
 * The five buttons, the one already chosen marked: the same markup on every row, so built once per
 * choice (six at most) rather than five templates per row, 250 on a queue page.
 */
function labelButtons(current: string | null): Html {
  const key = (ITEM_LABELS as readonly string[]).includes(current ?? '') ? current : null;
  let buttons = LABEL_BUTTONS.get(key);
  if (!buttons)
    LABEL_BUTTONS.set(
      key,
      (buttons = html`${ITEM_LABELS.map(
        (code: ItemLabel) =>
          html`<button type="submit" name="value" value="${code}" class="correct ${code}${key === code ? ' chosen' : ''}" data-label="${code}">${ITEM_LABEL_LABEL[code]}</button>`,
      )}`),
    );
  return buttons;
}

/** The id of a queue page's one form for its rows' corrections (rowCorrectionForm). */
const ROW_FORM = 'koreksi-baris';

/**
 * The form a queue page's row corrections submit (rowCorrections): the session's CSRF token, the
 * kind and the way back, once per page. Each row's own form of these made up 60 % of a 100 KB page.
 */
export function rowCorrectionForm(chrome: PageChrome, back: string): Html {
  return html`<form method="post" action="/items/label" id="${ROW_FORM}" hidden>${csrfField(chrome.session)}<input type="hidden" name="kind" value="class"><input type="hidden" name="back" value="${back}"></form>`;
}

/** The five buttons of a row, with `{id}` where the item's id goes: built once, not five templates per row. */
const ROW_BUTTONS = String(
  html`<span class="corrections compact">${ITEM_LABELS.map(
    (code: ItemLabel) => html`<button form="${ROW_FORM}" name="pick" value="{id}:${code}" class="correct ${code}">${ITEM_LABEL_LABEL[code]}</button>`,
  )}</span>`,
);

/**
 * A queue row's five one-click corrections: buttons of the page's row form (rowCorrectionForm), each
 * naming its item and label in one value, "id:label", which /items/label reads as `pick`.
 */
export function rowCorrections(id: number): Html {
  if (!Number.isSafeInteger(id)) throw new Error(`rowCorrections: item id ${id} is not an integer`);
  return raw(ROW_BUTTONS.replaceAll('{id}', String(id)));
}

/** Correcting the topic or the police unit of one item: a choice and a button each. */
export function correctionChoices(chrome: PageChrome, id: number, back: string, choices: { topics: readonly string[]; units: readonly string[] }): Html {
  const csrf = csrfField(chrome.session);
  const form = (kind: 'topic' | 'unit', values: readonly string[]) =>
    html`<form method="post" action="/items/label" class="correct-choice">${csrf}<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="back" value="${back}"><input type="hidden" name="item_ids" value="${id}">
<label>${kind === 'topic' ? 'Topik yang benar' : 'Satuan yang benar'} <select name="value">${values.map((v) => html`<option value="${v}">${v}</option>`)}</select></label> <button type="submit">Simpan</button></form>`;
  return html`${form('topic', choices.topics)}${form('unit', choices.units)}`;
}

/** The labels analysts gave this item, newest first. */
export function labelHistory(rows: ItemLabelView[], timezone: string): Html {
  if (!rows.length) return html`<p class="muted">Belum ada koreksi.</p>`;
  return html`<ul class="label-history">${rows.map(
    (l) =>
      html`<li${l.current ? '' : html` class="muted"`}><strong>${l.kind === 'class' ? ITEM_LABEL_LABEL[l.value as ItemLabel] : `${LABEL_KIND_LABEL[l.kind]}: ${l.value}`}</strong> <small>oleh ${l.user_name}, ${formatTime(l.created_at, timezone)}${l.heldout ? ' · set uji' : ''}</small></li>`,
  )}</ul>`;
}
