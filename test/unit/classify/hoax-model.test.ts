import { describe, expect, it } from 'vitest';
import { detectCues } from '../../../src/classify/cues.ts';
import { HoaxModel } from '../../../src/classify/hoax-model.ts';
import { loadDataset } from '../../../scripts/lib/datasets.ts';
import { metrics } from '../../../scripts/lib/metrics.ts';

const model = HoaxModel.load();

describe('HoaxModel (models/hoax-model.json)', () => {
  it('carries its version, threshold and the test figures it was trained with', () => {
    expect(model.version).toMatch(/^hoax-lr-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    expect(model.artifact.metrics).toHaveProperty('test.ifn.macro_f1');
  });

  it('still reaches its recorded quality on the held-out IFN test split (guards against a broken artifact or tokeniser)', () => {
    const test = loadDataset('ifn').filter((d) => d.split === 'test');
    const m = metrics(
      test.map((d) => d.label),
      test.map((d) => model.probability(d.text)),
      model.threshold,
    );
    const recorded = (model.artifact.metrics as { test: { ifn: { macro_f1: number; roc_auc: number } } }).test.ifn;
    expect(m.macro_f1).toBeCloseTo(recorded.macro_f1, 3);
    expect(m.roc_auc).toBeGreaterThan(0.7);
  });

  it('explains a score with the cues and words behind it', () => {
    // A real chain message (Indonesia False News, FAKE).
    const text = 'Instruksi Gubernur Jateng tentang penilangan bagi yg tidak bermasker di muka umum Rp.150.000 menggunakan e-tilang. SEBARKAN!!!';
    const s = model.score({ text });
    expect(s.score).toBeGreaterThan(0);
    expect(s.reasons.length).toBeGreaterThan(0);
    expect(s.reasons.every((r) => r.weight > 0)).toBe(true);
    expect(s.reasons.map((r) => r.label).join(' | ')).toMatch(/Mengajak menyebarkan: "SEBARKAN"|kata "/);
    expect(model.score({ text })).toEqual(s); // deterministic
  });

  it('refuses an artifact of another format', () => {
    expect(() => HoaxModel.fromArtifact({ ...model.artifact, format: 'other' as never })).toThrow('unsupported format "other"');
  });
});

describe('detectCues', () => {
  it('finds calls to spread, vague sources, urgency, capitals and exclamation runs with their spans', () => {
    const text = 'WASPADA!!! Info dari grup sebelah, PENCULIKAN ANAK DI MANGGAR. Sebarkan ke semua grup, jangan berhenti di kamu';
    const cues = Object.fromEntries(detectCues(text).map((c) => [c.code, c]));
    expect(Object.keys(cues).sort()).toEqual(['ajakan_menyebarkan', 'atribusi_tak_jelas', 'framing_mendesak', 'huruf_kapital', 'tanda_seru']);
    expect(cues.ajakan_menyebarkan!.spans.map((s) => s.text)).toEqual(['Sebarkan', 'jangan berhenti di kamu']);
    expect(cues.atribusi_tak_jelas!.spans[0]!.text).toBe('Info dari grup sebelah');
    for (const c of Object.values(cues)) for (const s of c.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('stays quiet on sober news prose', () => {
    expect(detectCues('Kapolres Belitung Timur menyampaikan bahwa patroli rutin dilaksanakan setiap malam di wilayah Manggar.')).toEqual([]);
  });
});
