import { describe, expect, it } from 'vitest';
import { cleanText, decodeEntities, htmlToText } from '../../../src/ingest/text.ts';

describe('htmlToText', () => {
  it('keeps inline words in document order and blocks as paragraphs', () => {
    expect(htmlToText('<p>Polisi <b>membantah</b> kabar</p><p>itu <i>hoaks</i>.</p>')).toBe('Polisi membantah kabar\n\nitu hoaks.');
  });

  it('decodes legacy entities without ";" and reads twice-escaped markup', () => {
    expect(htmlToText('Polres &amp; Polsek &copy 2026')).toBe('Polres & Polsek © 2026');
    expect(htmlToText('&lt;p&gt;Satu&lt;/p&gt;')).toBe('Satu');
  });

  it('reads 300,000 nested <div>s when allowed, and refuses them past the limit (#15 item 5)', () => {
    const deep = '<div>'.repeat(300_000) + 'isi' + '</div>'.repeat(300_000);
    expect(htmlToText(deep, { maxDepth: Infinity })).toBe('isi');
    expect(() => htmlToText(deep, { maxDepth: 512 })).toThrow(expect.objectContaining({ code: 'HTML_TOO_DEEP' }));
  });

  it('does not count unclosed paragraphs and list items as nesting', () => {
    expect(htmlToText('<p>x'.repeat(2000), { maxDepth: 16 }).split('\n')).toHaveLength(2000);
    expect(htmlToText('<ul>' + '<li>y'.repeat(2000) + '</ul>', { maxDepth: 16 })).toContain('y');
  });
});

describe('cleanText', () => {
  it('strips NUL and other control characters', () => {
    expect(cleanText('a\u0000b\u0007c\u001bd\u007f e')).toBe('abcd e');
  });
});

describe('decodeEntities', () => {
  it('decodes references and leaves "<" and a bare "&" alone', () => {
    expect(decodeEntities('a & b &lt; x<y &eacute;')).toBe('a & b < x<y é');
  });
});
