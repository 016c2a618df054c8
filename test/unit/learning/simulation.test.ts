import { describe, expect, it } from 'vitest';
import { learningChart } from '../../../src/report/charts.ts';
import {
  chartPoints,
  correctionsToTarget,
  drawHeldOut,
  heldOutFigures,
  labelCertainty,
  labelFor,
  pickBatch,
  type BatchFigures,
  type Candidate,
  type SimDoc,
} from '../../../src/learning/simulation.ts';
import type { PoliceClass } from '../../../src/vocabulary.ts';

const doc = (id: number, gold: PoliceClass, group = `g${id}`): SimDoc => ({ id, ref: `t:${id}`, set: 't', text: `teks ${id}`, trust: 'social', gold, group });

describe('labelFor', () => {
  it("gives each class the desk's one-click label, and 'other' the plain not-a-hoax", () => {
    expect(labelFor('resmi_netral')).toBe('resmi_netral');
    expect(labelFor('hoaks_polisi')).toBe('hoaks_polisi');
    expect(labelFor('mengatasnamakan')).toBe('mengatasnamakan');
    expect(labelFor('kritik')).toBe('kritik');
    expect(labelFor('lain')).toBe('bukan_hoaks');
  });
});

describe('drawHeldOut', () => {
  const docs = [
    ...Array.from({ length: 50 }, (_, i) => doc(i + 1, 'resmi_netral')),
    ...Array.from({ length: 20 }, (_, i) => doc(100 + i, 'hoaks_polisi')),
    // An article and its headline: one group.
    doc(200, 'resmi_netral', 'pair'),
    doc(201, 'resmi_netral', 'pair'),
  ];

  it('takes the share of every class, keeps groups whole, and splits everything exactly once', () => {
    const { heldout, stream } = drawHeldOut(docs, 0.4, 7);
    expect(heldout.length + stream.length).toBe(docs.length);
    expect(new Set([...heldout, ...stream].map((d) => d.id)).size).toBe(docs.length);
    expect(heldout.filter((d) => d.gold === 'hoaks_polisi')).toHaveLength(8);
    // 51 official groups (50 single texts and the pair): 20 of them held out.
    const officialGroups = new Set(heldout.filter((d) => d.gold === 'resmi_netral').map((d) => d.group));
    expect(officialGroups.size).toBe(20);
    const pairSide = heldout.some((d) => d.id === 200);
    expect(heldout.some((d) => d.id === 201)).toBe(pairSide);
  });

  it('draws the same split for the same seed and another for another seed', () => {
    const ids = (seed: number) => drawHeldOut(docs, 0.4, seed).heldout.map((d) => d.id);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(8)).not.toEqual(ids(7));
  });
});

describe('labelCertainty', () => {
  it('is the smaller of the hoax margin and the margin between the two most probable police classes', () => {
    expect(labelCertainty(0.5, null)).toBe(0);
    expect(labelCertainty(0.9, null)).toBeCloseTo(0.8);
    expect(labelCertainty(0.9, { kritik: 0.5, resmi_netral: 0.4, lain: 0.1 })).toBeCloseTo(0.1);
    expect(labelCertainty(0.55, { kritik: 0.9, lain: 0.1 })).toBeCloseTo(0.1);
  });
});

describe('pickBatch', () => {
  const cand = (id: number, over: Partial<Candidate> = {}): Candidate => ({
    id,
    source_id: 's',
    topics: [],
    flagged: false,
    priority: 0,
    certainty: 0.5,
    ...over,
  });

  it("takes half from the queue by priority and half from 'Perlu label' by uncertainty, spread over sources", () => {
    const xs = [
      cand(1, { flagged: true, priority: 0.2 }),
      cand(2, { flagged: true, priority: 0.9 }),
      cand(3, { flagged: true, priority: 0.5 }),
      cand(4, { certainty: 0.01, source_id: 'a' }),
      cand(5, { certainty: 0.02, source_id: 'a' }),
      cand(6, { certainty: 0.3, source_id: 'b' }),
      cand(7, { certainty: 0.9 }),
    ];
    // Half of 4 from the queue (2 and 3, the highest priorities), then the least certain of each source.
    expect(pickBatch(xs, 4).map((c) => c.id)).toEqual([2, 3, 4, 6]);
  });

  it('fills the batch from the other side when one runs dry, never twice the same item', () => {
    const queueOnly = [1, 2, 3, 4].map((id) => cand(id, { flagged: true, priority: id }));
    expect(pickBatch(queueOnly, 3).map((c) => c.id)).toEqual([4, 3, 2]);
    const noneFlagged = [1, 2, 3].map((id) => cand(id, { certainty: id / 10 }));
    expect(pickBatch(noneFlagged, 2).map((c) => c.id)).toEqual([1, 2]);
    expect(pickBatch(noneFlagged, 10)).toHaveLength(3);
  });
});

describe('heldOutFigures', () => {
  it('counts precision and recall per class, hoax precision and recall, and official posts called hoax', () => {
    const f = heldOutFigures([
      { gold: 'resmi_netral', predicted: 'resmi_netral', hoax: false },
      { gold: 'resmi_netral', predicted: 'hoaks_polisi', hoax: true },
      { gold: 'resmi_netral', predicted: 'resmi_netral', hoax: false },
      { gold: 'resmi_netral', predicted: 'lain', hoax: false },
      { gold: 'hoaks_polisi', predicted: 'hoaks_polisi', hoax: true },
      { gold: 'mengatasnamakan', predicted: 'hoaks_polisi', hoax: true },
      { gold: 'kritik', predicted: 'resmi_netral', hoax: false },
    ]);
    expect(f.n).toBe(7);
    expect(f.officialFalsePositive).toBe(0.25);
    expect(f.officialN).toBe(4);
    expect(f.perClass.resmi_netral).toEqual({ precision: 0.6667, recall: 0.5, support: 4 });
    expect(f.perClass.hoaks_polisi).toEqual({ precision: 0.3333, recall: 1, support: 1 });
    expect(f.perClass.mengatasnamakan).toEqual({ precision: null, recall: 0, support: 1 });
    expect(f.hoax).toEqual({ precision: 0.6667, recall: 1, support: 2 });
  });

  it('says null, not zero, where nothing could be measured', () => {
    const f = heldOutFigures([{ gold: 'kritik', predicted: 'kritik', hoax: false }]);
    expect(f.officialFalsePositive).toBeNull();
    expect(f.hoax.recall).toBeNull();
  });
});

const row = (batch: number, fp: number | null, support = 20): BatchFigures => {
  const c = { precision: 0.5, recall: 0.5, support };
  return {
    batch,
    corrections: batch * 50,
    labels: {},
    model: 'm',
    heldout: {
      n: 100,
      perClass: { hoaks_polisi: c, mengatasnamakan: { ...c, support: 2 }, kritik: c, resmi_netral: c, lain: c },
      hoax: c,
      officialFalsePositive: fp,
      officialN: 30,
    },
    officialFalsePositiveWithTrust: null,
    train_seconds: null,
  };
};

describe('correctionsToTarget', () => {
  it('names the corrections after which official posts called hoax first went under the target', () => {
    expect(correctionsToTarget([row(0, 0.2), row(1, 0.12), row(2, 0.09), row(3, 0.11)], 0.1)).toBe(100);
    expect(correctionsToTarget([row(0, 0.05)], 0.1)).toBe(0);
    expect(correctionsToTarget([row(0, 0.2), row(1, 0.1)], 0.1)).toBeNull();
    expect(correctionsToTarget([row(0, null)], 0.1)).toBeNull();
  });
});

describe('the plot', () => {
  it('draws a line per figure, leaves classes with too few held-out texts off, and shows the target', async () => {
    const points = chartPoints([row(0, 0.2), row(1, 0.08)]);
    const series = new Set(points.map((p) => p.seri));
    expect(series).toContain('berita resmi/netral disebut hoaks');
    expect(series).toContain('recall hoaks tentang polisi');
    expect(series).not.toContain('recall mengatasnamakan polisi');
    expect(points.filter((p) => p.seri === 'berita resmi/netral disebut hoaks').map((p) => [p.koreksi, p.nilai])).toEqual([
      [0, 0.2],
      [50, 0.08],
    ]);
    const svg = await learningChart(points, { value: 0.1, label: 'target 10 %' });
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['jumlah koreksi analis', 'nilai pada set uji (0–1)', 'target 10 %', 'berita resmi/netral disebut hoaks', 'recall kritik / keluhan'])
      expect(svg).toContain(text);
  });
});
