import { describe, expect, it } from 'vitest';
import { featureTokens } from '../../../src/classify/normalise.ts';
import { charHashes, TextFeatures } from '../../../src/classify/text-features.ts';
import { TfidfVectorizer } from '../../../src/classify/tfidf.ts';

// Real-looking texts of every register the models read: a chain message, a headline, a tweet, a news lede.
const texts = [
  'BIAYA tilang terbaru di indonesia: Kapolri baru mantap 1. Tidak ada STNK Rp. 50,000 2. Tdk bawa SIM Rp. 25,000. Sebarkan!!',
  'Polda Metro Jaya Tangkap 1.745 Tersangka dalam Operasi Berantas Jaya',
  'polisinya malah diem aja pas ada begal depan mata #PercumaLaporPolisi @DivHumas_Polri',
  'Kapolsek Senori AKP Budi Santoso menjadi pembina upacara bendera peringatan Hari Pahlawan di halaman Polsek Senori, Senin (10/11).',
];

/** The plain formula: sublinear TF-IDF per block, each block L2-normalised, the blocks weighted by √share. */
function reference(f: TextFeatures, text: string): Map<number, number> {
  const s = f.state;
  const out = new Map<number, number>();
  const word = new TfidfVectorizer(s.word).transform(featureTokens(text, s.features));
  word.idx.forEach((i, k) => out.set(i, word.val[k]! * Math.sqrt(1 - s.charShare)));
  const index = new Map(s.char.hashes.map((h, i) => [h, i]));
  const tf = new Map<number, number>();
  for (const h of charHashes(text, s.char.min, s.char.max, s.char.chars)) {
    const i = index.get(h);
    if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
  }
  const raw = [...tf].map(([i, n]) => [i, (1 + Math.log(n)) * s.char.idf[i]!] as const);
  const norm = Math.hypot(...raw.map(([, v]) => v)) || 1;
  for (const [i, v] of raw) out.set(s.word.terms.length + i, (v / norm) * Math.sqrt(s.charShare));
  return out;
}

describe('TextFeatures', () => {
  it('gives the vector of the plain TF-IDF formula, word and character blocks, on every kind of text', () => {
    const f = TextFeatures.fit([...texts, ...texts.map((t) => t.toUpperCase())], { charMinDf: 1, wordMinDf: 1 });
    for (const t of [...texts, 'teks lain yang tidak dikenal sama sekali']) {
      const v = f.transform(t);
      const want = reference(f, t);
      expect([...v.idx]).toEqual([...want.keys()].sort((a, b) => a - b));
      v.idx.forEach((i, k) => expect(v.val[k]).toBeCloseTo(want.get(i)!, 5));
      if (v.idx.length) expect(Math.hypot(...v.val)).toBeCloseTo(1, 5);
    }
  });

  it('reads the character block from the start of a long text, a word across its end cut there', () => {
    // Over 1,000 code units (the char block's `chars`), with "polisinya" across the 1,000th: the block
    // reads "pol", the word block the whole word.
    let long = '';
    while (long.length < 996) long += `${texts[long.length % texts.length]!} `;
    long = `${long.slice(0, 996)} polisinya ${texts.join(' ')} ${texts.join(' ')}`;
    const f = TextFeatures.fit([...texts, long], { charMinDf: 1, wordMinDf: 1 });
    expect(f.state.char.chars).toBe(1000);
    for (const t of [long, long.slice(0, 1500), long.slice(0, 1003)]) {
      const v = f.transform(t);
      const want = reference(f, t);
      expect([...v.idx]).toEqual([...want.keys()].sort((a, b) => a - b));
      v.idx.forEach((i, k) => expect(v.val[k]).toBeCloseTo(want.get(i)!, 5));
    }
  });

  it('gives the same vectors after its cache of words empties (a long-running process reads more distinct words than it keeps)', () => {
    const f = TextFeatures.fit([...texts, ...texts.map((t) => t.toUpperCase())], { charMinDf: 1, wordMinDf: 1 });
    const before = texts.map((t) => f.transform(t));
    // 120,000 distinct made-up words of three letters (the stemmer leaves those alone, so this stays
    // quick), more than the cache holds (100,000), in texts of 1,000 words.
    const letters = [...'abcdefghijklmnopqrstuvwxyz', ...Array.from({ length: 31 }, (_, k) => String.fromCharCode(0xe0 + k)).filter((c) => c !== '÷')];
    const word = (n: number) => Array.from({ length: 3 }, (_, k) => letters[Math.floor(n / letters.length ** k) % letters.length]).join('');
    for (let t = 0; t < 120; t++) f.transform(Array.from({ length: 1000 }, (_, k) => word(t * 1000 + k)).join(' '));
    texts.forEach((t, k) => {
      const after = f.transform(t);
      expect([...after.idx]).toEqual([...before[k]!.idx]);
      expect([...after.val]).toEqual([...before[k]!.val]);
    });
  });
});
