import path from 'node:path';
import { detectCues } from '../../src/classify/cues.ts';
import { HoaxModel } from '../../src/classify/hoax-model.ts';
import { policeCues } from '../../src/classify/police-flags.ts';
import { PoliceTriageModel, triageDense } from '../../src/classify/police-triage.ts';
import type { TrainingLabel } from '../../src/learning/evaluate.ts';
import { HOAX_FILE, TRIAGE_FILE, type Trainer } from '../../src/learning/trainer.ts';
import type { PoliceClass } from '../../src/vocabulary.ts';

/**
 * A real trainer on a tiny scale, for tests: the same HoaxModel and PoliceTriageModel code the
 * training scripts use, fitted on the desk's labels alone (seconds instead of minutes). `flip` trains
 * on the opposite labels, which makes a model worse by construction. Every labels it was given are kept.
 */
export function tinyTrainer(opts: { flip?: boolean; tag: string }): Trainer & { seen: TrainingLabel[][] } {
  const seen: TrainingLabel[][] = [];
  let n = 0;
  return {
    seen,
    async train(labels, outDir) {
      seen.push([...labels]);
      n++;
      const hoax = (l: TrainingLabel): 0 | 1 => (opts.flip ? (l.hoax ? 0 : 1) : l.hoax);
      const cls = (l: TrainingLabel): PoliceClass => {
        const truth = l.police_class ?? (l.hoax ? 'hoaks_polisi' : 'resmi_netral');
        return opts.flip ? (truth === 'hoaks_polisi' || truth === 'mengatasnamakan' ? 'resmi_netral' : 'hoaks_polisi') : truth;
      };
      const docs = labels.map((l) => ({ text: l.title ? `${l.title}. ${l.text}` : l.text, label: hoax(l) }));
      HoaxModel.train(docs, { features: { charShare: 0.5, charRange: [3, 4], charMinDf: 2, charMax: 20_000, wordMinDf: 1, wordMax: 20_000 } })
        .withMeta({ version: `tiny-hoax-${opts.tag}-${n}`, threshold: 0.5 })
        .save(path.join(outDir, HOAX_FILE));
      PoliceTriageModel.train(
        labels.map((l) => ({
          text: l.text,
          label: cls(l),
          weight: 1,
          dense: triageDense(l.text, policeCues(l.text), detectCues(l.text), { trust: l.source_trust, registry: null, speaker: null }),
        })),
      )
        .withMeta({ version: `tiny-triage-${opts.tag}-${n}` })
        .save(path.join(outDir, TRIAGE_FILE));
      return { trainer: `tiny (${opts.tag})`, labels: labels.length };
    },
  };
}
