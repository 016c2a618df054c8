/**
 * The promotion gates of one model version on the shipped held-out sets (run by `saring train`, see
 * src/learning/trainer.ts): per police class on the hand-labelled police-triage set (F1, and the
 * product's targets: neutral and complaint texts called hoax, hoaxes and impersonations flagged), and
 * the hoax model's macro-F1 on each labelled set's test split. Usage:
 *   npx tsx scripts/eval-candidate.ts [version folder]   (no folder: the shipped models/)
 * Prints the gates as one JSON array on the last line of stdout.
 */
import path from 'node:path';
import { HoaxModel } from '../src/classify/hoax-model.ts';
import { loadModels } from '../src/classify/models.ts';
import { PoliceTriageModel } from '../src/classify/police-triage.ts';
import type { Gate } from '../src/learning/gates.ts';
import { HOAX_FILE, TRIAGE_FILE } from '../src/learning/trainer.ts';
import { POLICE_CLASS_LABEL, POLICE_CLASSES } from '../src/vocabulary.ts';
import { evaluatePoliceTriage } from './eval-police-triage.ts';
import { DATASETS, loadDataset, type DatasetName } from './lib/datasets.ts';
import { metrics } from './lib/metrics.ts';

const dir = process.argv[2];
const models = dir ? { model: HoaxModel.load(path.join(dir, HOAX_FILE)), triage: PoliceTriageModel.load(path.join(dir, TRIAGE_FILE)) } : loadModels();
const r = await evaluatePoliceTriage({ withTrust: true, models });
const gates: Gate[] = [
  ...POLICE_CLASSES.map(
    (c): Gate => ({
      id: `triage:f1:${c}`,
      label: `F1 ${POLICE_CLASS_LABEL[c]} (set uji bawaan)`,
      value: r.perClass[c].f1,
      n: r.perClass[c].support,
      better: 'higher',
    }),
  ),
  {
    id: 'triage:neutral_called_hoax',
    label: 'Berita resmi/netral disebut hoaks',
    value: r.calledHoax.resmi_netral,
    n: r.perClass.resmi_netral.support,
    better: 'lower',
  },
  { id: 'triage:complaint_called_hoax', label: 'Keluhan disebut hoaks', value: r.calledHoax.kritik, n: r.perClass.kritik.support, better: 'lower' },
  { id: 'triage:hoax_flagged', label: 'Hoaks tentang polisi ditandai', value: r.flagged.hoaks_polisi, n: r.perClass.hoaks_polisi.support, better: 'higher' },
  {
    id: 'triage:impersonation_flagged',
    label: 'Mengatasnamakan polisi ditandai',
    value: r.flagged.mengatasnamakan,
    n: r.perClass.mengatasnamakan.support,
    better: 'higher',
  },
];
for (const name of Object.keys(DATASETS) as DatasetName[]) {
  const test = loadDataset(name).filter((d) => d.split === 'test');
  if (!test.length) continue;
  const m = metrics(
    test.map((d) => d.label),
    test.map((d) => models.model.probability(d.text)),
    models.model.threshold,
  );
  gates.push({ id: `hoax:macro_f1:${name}`, label: `Makro-F1 hoaks, ${name} (uji)`, value: m.macro_f1, n: m.n, better: 'higher' });
}
console.log(JSON.stringify(gates));
