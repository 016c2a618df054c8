import { html as honoHtml } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In scraped
 * text they reorder what follows them on screen: "polres-beltim\u202Efdp.exe" shows as a PDF name. Marks
 * (U+200E, U+200F) only hint a direction and stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** `text` without bidi controls. */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return stripBidi(value);
  if (Array.isArray(value)) return value.map(clean);
  return value; // numbers, nested html`` (already clean), promises of them
}

/**
 * The views' one escaping helper: hono/html's `html` (which escapes every interpolated value), with
 * bidi controls removed from every interpolated string first, so no page can be reordered by them.
 * Views import `html` from here, never from hono/html.
 * @example html`<p>${'a\u202Eb'}</p>` // <p>ab</p>
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): HtmlEscapedString | Promise<HtmlEscapedString> {
  return honoHtml(strings, ...values.map(clean));
}
