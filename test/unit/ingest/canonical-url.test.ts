import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/ingest/canonical-url.ts';

describe('canonicalUrl', () => {
  it('strips tracking parameters, fragments, www and trailing slashes', () => {
    expect(canonicalUrl('https://www.Kompas.com/cekfakta/read/2024/01/02/hoaks/?utm_source=wa&utm_medium=share&fbclid=abc#top')).toBe(
      'https://kompas.com/cekfakta/read/2024/01/02/hoaks',
    );
  });

  it('folds AMP variants onto the article URL', () => {
    const plain = 'https://belitung.tribunnews.com/2026/01/20/polres-beltim-gelar-patroli';
    expect(canonicalUrl('https://belitung.tribunnews.com/amp/2026/01/20/polres-beltim-gelar-patroli')).toBe(plain);
    expect(canonicalUrl('https://belitung.tribunnews.com/2026/01/20/polres-beltim-gelar-patroli/amp/')).toBe(plain);
    expect(canonicalUrl('https://amp.belitung.tribunnews.com/2026/01/20/polres-beltim-gelar-patroli?amp=1')).toBe(plain);
  });

  it('keeps meaningful query parameters, sorted', () => {
    expect(canonicalUrl('https://www.youtube.com/watch?v=abc&si=xyz&t=10')).toBe('https://youtube.com/watch?t=10&v=abc');
  });

  it('maps a Telegram preview link to the post link', () => {
    expect(canonicalUrl('https://t.me/s/durov/505')).toBe('https://t.me/durov/505');
  });

  it('resolves relative links and refuses non-web schemes', () => {
    expect(canonicalUrl('/berita/1', 'https://mediaindonesia.com/ekonomi/')).toBe('https://mediaindonesia.com/berita/1');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('mailto:humas@polri.go.id')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});
