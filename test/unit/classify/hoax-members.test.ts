import { describe, expect, it } from 'vitest';
import { memberTrainsOn, type MemberSpec } from '../../../src/classify/hoax-members.ts';
import { HoaxModel } from '../../../src/classify/hoax-model.ts';
import type { FitOptions } from '../../../src/classify/text-features.ts';

// Real-shaped texts of two registers: chain messages and tweets (the "social" set), news ledes (another set).
const social = [
  ['Instruksi Gubernur Jateng tentang penilangan bagi yg tidak bermasker Rp.150.000 pakai e-tilang. SEBARKAN!!!', 1],
  ['WASPADA!!! Info dari grup sebelah, penculikan anak di Manggar. Sebarkan ke semua grup', 1],
  ['event promo smartphone JNE 2020 spesial bulan juni, hp cuma seharga Rp.900.000 aku dapat', 1],
  ['pagi ini macet parah di jalan raya, telat lagi deh ke kantor', 0],
  ['seneng banget akhirnya bisa ketemu temen lama di kafe', 0],
  ['polisinya malah diem aja pas ada begal depan mata #PercumaLaporPolisi', 0],
] as const;
const news = [
  ['Kapolsek Senori menjadi pembina upacara bendera peringatan Hari Pahlawan di halaman Polsek Senori.', 0],
  ['Polda Metro Jaya tangkap 1.745 tersangka dalam operasi berantas jaya selama dua pekan.', 0],
  ['BPOM Kepri tarik tiga merek sarden kaleng dari peredaran setelah temuan cacing.', 0],
  ['Beredar pesan berantai bahwa Kapolri membagikan bantuan tunai, pesan itu dipastikan palsu.', 1],
] as const;
const FEATURES: FitOptions = { charShare: 0.5, charRange: [3, 4], charMinDf: 1, charMax: 5_000, wordMinDf: 1, wordMax: 5_000 };
const SOCIAL_ONLY: MemberSpec = { name: 'social-nb-char', block: 'char', input: 'nb', l2: 1e-4, sets: ['social'] };
const ALL: MemberSpec = { name: 'nb-char', block: 'char', input: 'nb', l2: 1e-4 };
const docs = (newsLabel: (l: 0 | 1) => 0 | 1) => [
  ...social.map(([text, label]) => ({ text, label: label as 0 | 1, dataset: 'social' })),
  ...news.map(([text, label]) => ({ text, label: newsLabel(label), dataset: 'news' })),
];

describe('hoax model members trained on some data sets only (MemberSpec.sets)', () => {
  it('learn nothing from the other sets, while a member of all sets does', () => {
    const train = (newsLabel: (l: 0 | 1) => 0 | 1) => HoaxModel.train(docs(newsLabel), { features: FEATURES, members: [SOCIAL_ONLY, ALL] }).artifact.members;
    const [socialAsIs, allAsIs] = train((l) => l);
    const [socialFlipped, allFlipped] = train((l) => (l ? 0 : 1));
    // The vocabulary reads no label, so flipping the news labels changes only what learns from them.
    expect(socialFlipped!.weights).toEqual(socialAsIs!.weights);
    expect(allFlipped!.weights).not.toEqual(allAsIs!.weights);
    expect(socialAsIs!.sets).toEqual(['social']);
    expect(allAsIs).not.toHaveProperty('sets');
  });

  it('read texts of no named set like every member (the desk trainer passes none)', () => {
    expect(memberTrainsOn(SOCIAL_ONLY, undefined)).toBe(true);
    expect(memberTrainsOn(SOCIAL_ONLY, 'social')).toBe(true);
    expect(memberTrainsOn(SOCIAL_ONLY, 'news')).toBe(false);
    expect(memberTrainsOn(ALL, 'news')).toBe(true);
    const unnamed = docs((l) => l).map(({ text, label }) => ({ text, label }));
    const [restricted, all] = HoaxModel.train(unnamed, { features: FEATURES, members: [SOCIAL_ONLY, ALL] }).artifact.members;
    expect(restricted!.weights).toEqual(all!.weights);
  });

  it('score a text the same way as any member: the stored model scores without knowing any set', () => {
    const model = HoaxModel.train(
      docs((l) => l),
      { features: FEATURES, members: [SOCIAL_ONLY, ALL] },
    );
    const again = HoaxModel.fromArtifact(JSON.parse(JSON.stringify(model.artifact)) as typeof model.artifact);
    const text = 'SEBARKAN!!! info dari grup sebelah, bantuan tunai Kapolri Rp.900.000';
    expect(again.probability(text)).toBe(model.probability(text));
    expect(model.probability(text)).toBeGreaterThan(model.probability('seneng banget ketemu temen lama di kafe'));
  });
});
