import { describe, expect, it } from 'vitest';
import { featureTokens, normaliseText, parseSlang, TextReading, tokenize } from '../../../src/classify/normalise.ts';

describe('normalise', () => {
  it('maps chat spellings, squashes emphasis and replaces links and handles', () => {
    expect(normaliseText('Info dr grup sebelah, yg bener aja gak bgt!!! @humas_beltim https://bit.ly/xx Sebarkaaan')).toBe(
      'informasi dari grup sebelah yang benar saja tidak banget _user_ _url_ sebarkan',
    );
  });

  it('keeps doubled letters that belong to the word', () => {
    expect(tokenize('saat maaf taat')).toEqual(['saat', 'maaf', 'taat']);
  });

  it('stems and drops stopwords for features, keeping negations', () => {
    // "mengatasnamakan" has no root in the stemmer's dictionary, so it stays whole.
    expect(featureTokens('Penipuan yang mengatasnamakan kepolisian tidak benar')).toEqual(['tipu', 'mengatasnamakan', 'polisi', 'tidak', 'benar']);
  });

  it('turns numbers into a placeholder', () => {
    expect(tokenize('Rp 150.000 tgl 17')).toEqual(['rp', '_num_', 'tgl', '_num_']);
  });

  it('gives one slot to one token and another to each other token, long or beyond ASCII', () => {
    // Tokens up to 12 code units are told apart by their code units alone; longer ones that share those are compared whole.
    const text = 'pemberitahuannya pemberitahuanmu 警察警察 警察 pemberitahuannya yang 警察警察 polisi yang';
    const slots = [...new TextReading(text).slots()!];
    expect(slots[0]).toBe(slots[4]);
    expect(slots[5]).toBe(slots[8]);
    expect(slots[2]).toBe(slots[6]);
    expect(new Set([slots[0], slots[1], slots[2], slots[3], slots[5], slots[7]]).size).toBe(6);
    expect(new TextReading(text).features(true)).toEqual(featureTokens(text));
  });

  // Texts whose start tokenises differently from the whole when cut in the wrong place: a final sigma
  // (its lower case reads what follows), a dotless-i capital (two code units in lower case), a link, a
  // handle, a hashtag, a number with separators, a letter run to squash, an emoji, a letter outside ASCII.
  const tricky = [
    'ΟΔΟΣ ΟΔΟΣ. ΟΔΟΣ\tΟΔΟΣ\nİSTANBUL İzmir https://bit.ly/x?a=1 lihat @humas.polri #PercumaLaporPolisi Rp 1.500.000,50 bangeeeet 😡😡😡 polisi👮 café',
    'tidak ada yang benar ΣΑΣ ΣΑΣ. www.contoh.co.id/berita?id=7 sebarkaaaan!!! 12.30 WIB #hoaks @polres_beltim ok\r\nsaat maaf',
  ];

  it('reads the start of a long text as tokenising that start would, a word cut in two included', () => {
    // A word across the 1,000th code unit, and the tricky texts across the 1,500th.
    let text = '';
    while (text.length < 996) text += `${tricky[text.length % 2]!} `;
    text = text.slice(0, 996) + ' polisinya ' + 'x'.repeat(480) + ' ' + tricky[0]! + ' ' + tricky[1]!;
    expect(text.length).toBeGreaterThan(1500);
    const reading = new TextReading(text);
    const whole = reading.tokens();
    expect(whole).toEqual(tokenize(text));
    for (let n = 0; n <= text.length + 1; n++) {
      const want = tokenize(text.slice(0, n));
      expect(reading.tokens(n)).toEqual(want);
      // The shared tokens are the whole text's first ones.
      const shared = reading.sharedTokens(n);
      expect(shared).toBeLessThanOrEqual(want.length);
      for (let j = 0; j < shared; j++) expect(reading.tokens(n)[j]).toBe(whole[j]);
    }
    // The word across the 1,000th code unit ends the start cut there, as "polisinya".slice(0, 3).
    expect(reading.tokens(1000).at(-1)).toBe('pol');
    expect(reading.sharedTokens(1000)).toBeGreaterThan(0);
    expect(reading.features(true, 1000)).toEqual(featureTokens(text.slice(0, 1000)));
    expect([...reading.slots(1000)!]).toEqual([...new TextReading(text.slice(0, 1000)).slots()!]);
    expect(reading.features(false, 1500)).toEqual(featureTokens(text.slice(0, 1500), { dropStopwords: false }));
  });

  it('reads an empty text, and a long text whose start ends inside an emoji', () => {
    const empty = new TextReading('');
    expect([empty.tokens(), empty.tokens(1000), empty.sharedTokens(1000), [...empty.slots(1000)!]]).toEqual([[], [], 0, []]);
    const blob = 'ab😡'.repeat(700);
    const reading = new TextReading(blob);
    expect(reading.tokens()).toEqual(tokenize(blob));
    // The 1,000th code unit splits an emoji's surrogate pair: tokenize reads the start as it is.
    expect(reading.tokens(1000)).toEqual(tokenize(blob.slice(0, 1000)));
    // All but the last of the start's tokens are the whole text's: "ab" between emoji; the last is cut short or an emoji half.
    const start = reading.tokens(1000);
    const shared = reading.sharedTokens(1000);
    expect(start.slice(0, shared)).toEqual(reading.tokens().slice(0, shared));
    expect(shared).toBeGreaterThanOrEqual(start.length - 1);
    if (shared < start.length) expect(start[shared]).not.toBe(reading.tokens()[shared]);
  });

  it('names the line of a malformed slang file', () => {
    expect(() => parseSlang('yg\tyang\nrusak\n', 'pipelines/beltim.ts slang')).toThrow('pipelines/beltim.ts slang: line 2: expected "slang<TAB>standard"');
  });
});
