import { describe, expect, it } from 'vitest';
import { html, stripBidi } from '../../../src/web/views/html.ts';

describe('html', () => {
  it('escapes interpolated text and drops bidi controls from it, in attributes, lists and nested templates', async () => {
    const name = 'polres-beltim\u202Efdp.exe\u202C';
    const out = String(await html`<p title="${name}">${name} ${['\u2066a<b>\u2069', html`<i>${'\u202Bx'}</i>`]} ${3}</p>`);
    expect(out).toBe('<p title="polres-beltimfdp.exe">polres-beltimfdp.exe a&lt;b&gt;<i>x</i> 3</p>');
  });

  it('keeps direction marks and ordinary right-to-left text', () => {
    expect(stripBidi('\u200Fمرحبا\u200E 110')).toBe('\u200Fمرحبا\u200E 110');
    expect(stripBidi('a\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069b')).toBe('ab');
  });
});
