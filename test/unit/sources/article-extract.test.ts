import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/sources/article-extract.ts';
import { articleLinks } from '../../../src/sources/html.ts';
import { fixture } from '../../helpers/paths.ts';

interface Expected {
  V1: { title: string; authors: string[]; publishing_date: string; body: { sections: Array<{ headline: string[]; paragraphs: string[] }> } };
}
const page = (f: string) => fs.readFileSync(fixture('fundus-mediaindonesia', f), 'utf8');
const expected = (c: string) => (JSON.parse(fs.readFileSync(fixture('fundus-mediaindonesia', `MediaIndonesia.expected.${c}.json`), 'utf8')) as Expected).V1;

// Golden output: fundus' expected extraction of the same real pages.
describe('extractArticle on mediaindonesia.com pages', () => {
  it.each([
    ['MediaIndonesia_2026_01_20.html', 'HEAD'],
    ['MediaIndonesia_2026_01_08.html', '415a805b98237a3b7b32df45558c687edb7d633e'],
  ])('%s: title, date and exactly the body paragraphs (no "Baca juga", no widgets)', (file, commit) => {
    const a = extractArticle(page(file));
    const exp = expected(commit);
    expect(a.title).toBe(exp.title);
    expect(a.publishedAt?.toISOString()).toBe(new Date(exp.publishing_date.replace(' ', 'T')).toISOString());
    expect(a.text.split('\n\n')).toEqual(exp.body.sections.flatMap((s) => [...s.headline, ...s.paragraphs]));
    expect(a.text).not.toMatch(/baca juga/i);
  });

  it('reads the author from JSON-LD and the canonical URL', () => {
    const a = extractArticle(page('MediaIndonesia_2026_01_08.html'));
    expect(a.author).toBe('Indriyani Astuti');
    expect(a.canonical).toMatch(/^https:\/\/mediaindonesia\.com\/ekonomi\/848034\//);
  });

  it('keeps the article text of the 2025 page while dropping its photo caption', () => {
    const a = extractArticle(page('MediaIndonesia_2025_10_22.html'));
    expect(a.title).toBe(expected('f9c5062b83cb74ee922c4ab3efb649fde7b21846').title);
    expect(a.text.startsWith('Komisi Pemberantasan Korupsi (KPK) mengaku hingga saat ini belum menemukan surat keputusan (SK) resmi')).toBe(true);
    expect(a.text).not.toContain('Auriga Nusantara');
  });

  it('uses configured selectors before the fallbacks', () => {
    const a = extractArticle(page('MediaIndonesia_2026_01_20.html'), { title: 'h1', body: 'div.article', remove: ['p:first-child'] });
    expect(a.title).toBe('Dari Petani hingga Pendidik Bangsa, Begini Pesan Kuat di Wisuda IGI School of Economics Jakarta 2025');
    expect(a.text).not.toMatch(/^INTERNATIONAL Golden Institute/);
  });
});

describe('articleLinks', () => {
  it('collects same-site article links matching the pattern, canonical and de-duplicated', () => {
    const links = articleLinks(page('MediaIndonesia_2026_01_20.html'), 'https://mediaindonesia.com/ekonomi/851796/x', {
      linkSelector: 'a[href]',
      linkPattern: '^https://mediaindonesia\\.com/[a-z-]+/\\d+/',
      otherHosts: false,
    });
    expect(links.length).toBeGreaterThan(5);
    expect(new Set(links).size).toBe(links.length);
    expect(links.every((l) => /^https:\/\/mediaindonesia\.com\/[a-z-]+\/\d+\//.test(l))).toBe(true);
    expect(links.some((l) => l.includes('?utm_'))).toBe(false);
  });
});

describe('extractArticle: choosing the story block (#19)', () => {
  const story = Array.from(
    { length: 6 },
    (_, i) =>
      `<p>Paragraf ${i + 1}: Kapolres Belitung Timur menegaskan bahwa kabar razia besar di Manggar yang beredar di grup WhatsApp tidak benar dan meminta warga memeriksa sumber informasi.</p>`,
  ).join('');

  it('takes the densest block, not a teaser card that comes first as <article>', () => {
    const html = `<html><body><article class="card"><h3><a href="/a">Berita lain</a></h3><p><a href="/a">Ringkasan berita lain</a></p></article>
      <div class="content"><h1>Polres bantah hoaks razia</h1>${story}</div><article class="card"><p><a href="/b">Teaser dua</a></p></article></body></html>`;
    const a = extractArticle(html);
    expect(a.text.split('\n\n')).toHaveLength(6);
    expect(a.text).not.toMatch(/Berita lain|Teaser/);
  });

  it('prefers the <article> with the story among several', () => {
    const html = `<html><body><article><p><a href="/x">Baca berita terkait yang lain</a></p></article><article><h2>Klarifikasi</h2>${story}</article></body></html>`;
    const a = extractArticle(html);
    expect(a.text.startsWith('Klarifikasi\n\nParagraf 1')).toBe(true);
  });

  it('reads a page with no <p> as text blocks', () => {
    const lines = Array.from(
      { length: 4 },
      (_, i) => `Baris ${i + 1}: Polsek Gantung menerima laporan warga tentang pesan berantai yang mencatut nama kepolisian.`,
    );
    const html = `<html><body><div class="nav"><a href="/">Beranda</a> <a href="/b">Berita</a></div><div class="isi">${lines.join('<br><br>')}</div></body></html>`;
    expect(extractArticle(html).text).toBe(lines.join('\n\n'));
  });
});
