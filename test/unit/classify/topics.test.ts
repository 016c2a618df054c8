import { describe, expect, it } from 'vitest';
import { detectTopics } from '../../../src/classify/topics.ts';

const topics = (t: string) => detectTopics(t).map((m) => m.topic);

// Claims as they circulated (TurnBackHoax 2026 "narasi" excerpts) and team-typical posts.
describe('detectTopics', () => {
  it('tags a fake job link as online fraud, with the words that triggered it', () => {
    const [first] = detectTopics('Tautan pendaftaran lowongan kerja PT Antam Tbk 2026, klik link berikut dan isi data diri');
    expect(first!.topic).toBe('penipuan online');
    expect(first!.keywords).toEqual(expect.arrayContaining(['tautan', 'lowongan', 'link', 'klik']));
  });

  it('tags an eruption claim as a disaster', () => {
    expect(topics('Gunung no 7 yg akan erupsi besar adalah gn Lawu, saat ini ada indikasi lava naik')).toContain('bencana');
  });

  it('tags traffic, drugs and crime', () => {
    expect(topics('Razia tilang ganjil genap di jalan tol mulai besok')).toContain('lalu lintas');
    expect(topics('Polres ungkap peredaran sabu dan ganja, pengedar ditangkap')).toEqual(expect.arrayContaining(['narkoba', 'kriminalitas']));
  });

  it('falls back to "lainnya"', () => {
    expect(topics('Selamat pagi semuanya, semoga harimu menyenangkan')).toEqual(['lainnya']);
  });
});
