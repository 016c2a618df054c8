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

  it('names the line of a malformed slang file', () => {
    expect(() => parseSlang('yg\tyang\nrusak\n', 'pipelines/beltim.ts slang')).toThrow('pipelines/beltim.ts slang: line 2: expected "slang<TAB>standard"');
  });
});
