import { describe, expect, it } from 'vitest';
import { channelFit, DEFAULT_TEMPLATES, renderTemplate, unknownPlaceholders, xLength } from '../../../src/review/clarification-text.ts';

describe('renderTemplate', () => {
  it('fills placeholders and leaves out lines whose values are empty', () => {
    const body = renderTemplate(DEFAULT_TEMPLATES[0]!.body, {
      judul: 'Penculikan anak di Manggar',
      fakta: 'Tidak ada laporan penculikan.',
      sumber: '',
      kontak: 'Call Center 110',
      tagar: '#PolresBeltim',
    });
    expect(body).toBe(
      ['[HOAKS] Penculikan anak di Manggar', '', 'Faktanya: Tidak ada laporan penculikan.', '', 'Call Center 110', '', '#PolresBeltim'].join('\n'),
    );
  });

  it('names unknown placeholders so a pipeline with a typo fails at load', () => {
    expect(unknownPlaceholders('{{judul}} {{ fakta }} {{faktanya}} {{Kontak}}')).toEqual(['faktanya']);
    for (const t of DEFAULT_TEMPLATES) expect(unknownPlaceholders(t.body)).toEqual([]);
  });
});

describe('xLength', () => {
  it('counts links as 23 and Latin text as one per character, as X does', () => {
    expect(xLength('Cek fakta: https://turnbackhoax.id/2026/11/24/salah-video-penculikan-anak-di-manggar/')).toBe(11 + 23);
    expect(xLength('Klarifikasi — Polres')).toBe(20);
    expect(xLength('警察')).toBe(4); // CJK weighs 2
    expect(xLength('👮')).toBe(2);
  });

  it('marks the channels a text does not fit', () => {
    const fit = channelFit('a'.repeat(300));
    expect(fit.find((f) => f.channel === 'x')).toMatchObject({ length: 300, limit: 280, over: true });
    expect(fit.find((f) => f.channel === 'instagram')).toMatchObject({ length: 300, over: false });
  });
});
