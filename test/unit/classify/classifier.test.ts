import { loadModels, modelVersion } from '../../../src/classify/models.ts';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/classify/classifier.ts';
import { OfficialRegistry } from '../../../src/classify/official-registry.ts';
import { HoaxModel } from '../../../src/classify/hoax-model.ts';
import { score } from '../../../src/classify/score.ts';
import { loadPipeline } from '../../../src/pipeline/load.ts';

const model = HoaxModel.load();
const beltim = await loadPipeline('beltim');
const ctx = { model, triage: loadModels().triage, lexicon: { units: beltim.area.units }, places: beltim.area.places, now: new Date('2026-11-24T00:00:00Z') };

describe('classify', () => {
  it('combines hoax score, police mentions, locality, reach and recency into a priority that its reasons add up to', () => {
    const title = 'WASPADA penculikan anak di Manggar';
    const text = 'Info dari grup sebelah, Kapolres Beltim minta warga waspada. Sebarkan ke semua grup!!!';
    const r = classify({ title, text, publishedAt: new Date('2026-11-23T21:00:00Z'), engagement: { shares: 40 }, reposts: 5 }, ctx);
    expect(r.model_version).toBe(modelVersion(ctx));
    expect(r.police_units).toEqual(['Polres Belitung Timur']);
    const full = `${title}\n${text}`;
    for (const m of r.police_mentions) expect(full.slice(m.start, m.end)).toBe(m.text);
    expect(r.reasons.map((x) => x.code).sort()).toEqual(['baru', 'hoaks', 'jangkauan', 'lokal', 'polisi']);
    expect(r.priority).toBeCloseTo(
      r.reasons.reduce((a, x) => a + x.weight, 0),
      3,
    );
    expect(r.reasons.find((x) => x.code === 'lokal')!.label).toContain('Manggar');
    expect(r.reasons.find((x) => x.code === 'jangkauan')!.label).toBe('Jangkauan: 40 dibagikan, 5 unggahan ulang');
    expect(r.topics).toContain('kriminalitas');
    expect(r.flagged).toBe(true);
  });

  it('does not flag a low-priority item that names neither the police nor the area', () => {
    const r = classify({ text: 'Resep sambal lingkung khas Belitong: ikan tenggiri, cabai, bawang, diulek halus lalu disangrai.' }, ctx);
    expect(r.police_units).toEqual([]);
    if (r.priority < 0.45) expect(r.flagged).toBe(false);
  });
});

describe('reasons', () => {
  it('never show the feature placeholders (_user_, _num_, _url_) to the analyst', () => {
    const texts = [
      'Selamat siang, saya AKBP Budi Kapolres Beltim. Anak bapak ditangkap, transfer 15 juta ke rekening 1234567890 atas nama @budi_polres sekarang juga https://bit.ly/x',
      '@DivHumas_Polri @ListyoSigitP polisi pukul mahasiswa 3 orang luka, #PercumaLaporPolisi https://t.co/abc',
    ];
    for (const text of texts) {
      const r = classify({ text }, ctx);
      const shown = JSON.stringify([r.reasons, r.police_flags]);
      expect(shown).not.toMatch(/_(?:user|num|url)_/);
    }
  });
});

describe('score', () => {
  const base = {
    hoaxScore: 0,
    hoaxReasons: [],
    claim: null,
    policeUnits: [],
    localNames: [],
    engagement: { views: null, likes: null, shares: null, replies: null },
    reposts: 0,
    publishedAt: null,
    now: new Date(),
  };

  it('flags a likely hoax that names the police even when its priority is low', () => {
    const s = score({ ...base, hoaxScore: 0.6, policeUnits: ['Polri'] }, { hoaxThreshold: 0.5, flagThreshold: 0.99 });
    expect(s.flagged).toBe(true);
    expect(score({ ...base, hoaxScore: 0.6 }, { hoaxThreshold: 0.5, flagThreshold: 0.99 }).flagged).toBe(false);
  });

  it('lets recency decay over days and reach grow with reposts', () => {
    const now = new Date('2026-11-24T00:00:00Z');
    const fresh = score({ ...base, now, publishedAt: new Date('2026-11-23T23:00:00Z') }, { hoaxThreshold: 0.5 }).priority;
    const old = score({ ...base, now, publishedAt: new Date('2026-11-10T00:00:00Z') }, { hoaxThreshold: 0.5 }).priority;
    expect(fresh).toBeGreaterThan(old);
    const few = score({ ...base, reposts: 2 }, { hoaxThreshold: 0.5 }).priority;
    const many = score({ ...base, reposts: 200 }, { hoaxThreshold: 0.5 }).priority;
    expect(many).toBe(0.1);
    expect(few).toBeLessThan(many);
  });
});

describe('a registered police account named in the text', () => {
  const registry = new OfficialRegistry([{ kind: 'akun', platform: 'x', value: 'polresbeltim', unit: 'Polres Belitung Timur' }], beltim.area.units);
  const text = '@polresbeltim ada pungutan liar di jembatan Manggar tiap malam, tolong ditindak';

  it('names the police: the triage reads a post that only tags the Polres', () => {
    expect(classify({ text, sourceTrust: 'tip' }, ctx).police_flags).toBeNull();
    const r = classify({ text, sourceTrust: 'tip' }, { ...ctx, registry });
    expect(r.police_flags).not.toBeNull();
    expect(r.police_flags!.kritik_keluhan.score).toBeGreaterThan(0);
  });

  it('a handle that is not registered does not', () => {
    expect(classify({ text: text.replace('@polresbeltim', '@warungbudi'), sourceTrust: 'tip' }, { ...ctx, registry }).police_flags).toBeNull();
  });
});
