import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModels, modelVersion } from '../../../src/classify/models.ts';
import { drawHeldOut, simulateLearning, type SimDoc } from '../../../src/learning/simulation.ts';
import { loadPipeline } from '../../../src/pipeline/load.ts';
import { POLICE_CLASSES } from '../../../src/vocabulary.ts';
import { handLabelledRefs, loadSimulationSet } from '../../../scripts/lib/simulation-set.ts';
import { DATASETS, loadDataset, type DatasetName } from '../../../scripts/lib/datasets.ts';
import { SHARED_DIR } from '../../helpers/paths.ts';
import { tinyTrainer } from '../../helpers/tiny-trainer.ts';

// The simulation on a small slice of the real set, so that it cannot rot: two batches through a real
// (tiny) trainer, the shipped models at the start. The script runs the same loop with the product's trainer.
describe('the learning simulation', () => {
  let docs: SimDoc[];
  let workDir: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(SHARED_DIR, 'data'))) throw new Error(`the shared data is not at ${SHARED_DIR}: set SARING_SHARED`);
    docs = loadSimulationSet();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-sim-test-'));
  }, 300_000);
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('holds no hand-labelled held-out text and no text the hoax model trained on', () => {
    const refs = handLabelledRefs();
    expect(refs.size).toBeGreaterThan(800);
    expect(docs.filter((d) => refs.has(d.ref))).toEqual([]);
    const key = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 60);
    const trained = new Set(
      (Object.keys(DATASETS) as DatasetName[]).flatMap((n) =>
        loadDataset(n)
          .filter((d) => d.split === 'train')
          .map((d) => key(d.text)),
      ),
    );
    expect(docs.filter((d) => trained.has(key(d.text)))).toEqual([]);
    // Every class the desk corrects is there, official posts and hoaxes among them.
    for (const c of POLICE_CLASSES) expect(docs.some((d) => d.gold === c)).toBe(true);
    expect(docs.filter((d) => d.gold === 'resmi_netral').length).toBeGreaterThan(100);
  }, 300_000);

  it('measures the shipped models first, then retrains on every correction so far, never on a held-out text', async () => {
    const slice = POLICE_CLASSES.flatMap((c) => docs.filter((d) => d.gold === c).slice(0, 25));
    const beltim = await loadPipeline('beltim');
    const shipped = loadModels();
    const trainer = tinyTrainer({ tag: 'sim' });
    const rows: number[] = [];
    const run = await simulateLearning({
      docs: slice,
      heldOutShare: 0.4,
      seed: 3,
      batches: 2,
      batchSize: 10,
      trainer,
      ctx: { ...shipped, lexicon: { units: beltim.area.units }, places: beltim.area.places, now: new Date('2026-12-01T00:00:00Z') },
      workDir,
      withTrust: false,
      onBatch: (r) => rows.push(r.corrections),
    });
    expect(rows).toEqual([0, 10, 20]);
    expect(run.heldout + run.stream).toBe(slice.length);
    expect(run.rows[0]!.model).toBe(modelVersion(shipped));
    expect(run.rows[2]!.model).toContain('tiny-hoax-sim-2');
    // The trainer saw the first batch, then both: what the desk would have stored by then.
    expect(trainer.seen.map((s) => s.length)).toEqual([10, 20]);
    expect(trainer.seen[1]!.slice(0, 10)).toEqual(trainer.seen[0]);
    const heldout = new Set(drawHeldOut(slice, 0.4, 3).heldout.map((d) => d.id));
    expect(heldout.size).toBe(run.heldout);
    expect(trainer.seen[1]!.filter((l) => heldout.has(l.item_id))).toEqual([]);
    // The labels are the desk's: hoax target from the label, the class where the label names one.
    for (const l of trainer.seen[1]!) {
      const d = slice.find((x) => x.id === l.item_id)!;
      expect(l.hoax).toBe(d.gold === 'hoaks_polisi' || d.gold === 'mengatasnamakan' ? 1 : 0);
      expect(l.police_class).toBe(d.gold === 'lain' ? null : d.gold);
    }
    for (const r of run.rows) {
      expect(r.heldout.n).toBe(run.heldout);
      expect(r.heldout.officialN).toBeGreaterThan(0);
      expect(r.heldout.officialFalsePositive).toBeGreaterThanOrEqual(0);
      expect(r.heldout.officialFalsePositive).toBeLessThanOrEqual(1);
      expect(Object.values(r.labels).reduce((a, n) => a + n, 0)).toBe(r.batch ? 10 : 0);
    }
  }, 300_000);
});
