import { describe, expect, it } from 'vitest';
import { agreement } from '../../../src/learning/agreement.ts';
import { compareFigures, type Gate } from '../../../src/learning/gates.ts';
import { spreadPick } from '../../../src/learning/spread.ts';

const gate = (id: string, value: number | null, better: Gate['better'] = 'higher'): Gate => ({ id, label: id, value, n: 10, better });

describe('compareFigures', () => {
  it('promotes a candidate not worse on any gate, higher-better and lower-better alike', () => {
    const d = compareFigures({ gates: [gate('acc', 0.8), gate('fp', 0.1, 'lower')] }, { gates: [gate('acc', 0.8), gate('fp', 0.05, 'lower')] });
    expect(d).toMatchObject({ promote: true, worse: [] });
    expect(d.reason).toBe('Layak dipromosikan: tidak lebih buruk pada 2 gerbang.');
  });

  it('refuses a candidate worse on one gate and names it with both figures', () => {
    const d = compareFigures({ gates: [gate('acc', 0.8), gate('fp', 0.1, 'lower')] }, { gates: [gate('acc', 0.9), gate('fp', 0.12, 'lower')] });
    expect(d.promote).toBe(false);
    expect(d.worse).toEqual(['fp: 0.100 → 0.120']);
    expect(d.reason).toBe('Ditolak: lebih buruk pada 1 gerbang (fp: 0.100 → 0.120).');
  });

  it('leaves gates without data unjudged, allows a tolerance, and refuses when nothing could be judged', () => {
    expect(compareFigures({ gates: [gate('a', 0.8), gate('b', null)] }, { gates: [gate('a', 0.79), gate('b', 0.5)] }, 0.02)).toMatchObject({
      promote: true,
      unjudged: ['b'],
    });
    expect(compareFigures({ gates: [] }, { gates: [gate('a', 0.9)] }).promote).toBe(false);
  });
});

describe('agreement', () => {
  it("computes Cohen's kappa overall and per class, null where chance agreement is certain", () => {
    const ag = agreement([
      { a: 'kritik', b: 'kritik' },
      { a: 'bukan_hoaks', b: 'bukan_hoaks' },
      { a: 'kritik', b: 'bukan_hoaks' },
      { a: 'hoaks_polisi', b: 'hoaks_polisi' },
    ]);
    expect(ag.pairs).toBe(4);
    expect(ag.observed).toBe(0.75);
    // pe = 0.5·0.25 + 0.25·0.5 + 0.25·0.25 = 0.3125 → κ = (0.75 − 0.3125) / 0.6875
    expect(ag.kappa).toBeCloseTo(0.4375 / 0.6875, 10);
    expect(ag.perClass.hoaks_polisi.kappa).toBe(1);
    expect(ag.perClass.mengatasnamakan).toEqual({ kappa: null, either: 0 });
    expect(agreement([]).kappa).toBeNull();
  });
});

describe('spreadPick', () => {
  it('takes the least certain of each (source, topic) group in turn', () => {
    const c = (id: number, source_id: string, topic: string, certainty: number) => ({ id, source_id, topics: [topic], certainty });
    const picked = spreadPick([c(1, 'a', 'x', 0.01), c(2, 'a', 'x', 0.02), c(3, 'a', 'x', 0.03), c(4, 'b', 'x', 0.5), c(5, 'a', 'y', 0.2)], 4);
    expect(picked.map((p) => p.id)).toEqual([1, 5, 4, 2]);
  });
});
