/**
 * Model comparison for the hoax model (npm run eval:compare): in-domain (train split → test split of the same
 * set), cross-dataset (train on one set, test on another), and the product mix, for logistic
 * regression and Naive Bayes. The threshold is always chosen on validation data, never on a test
 * split. Prints tables and confusion matrices; writes models/eval-report.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODELS_DIR } from '../src/classify/normalise.ts';
import { DATASETS, loadDataset, type DatasetName, type LabelledDoc } from './lib/datasets.ts';
import { experiment, type Algo } from './lib/experiment.ts';
import { formatConfusion, type Metrics } from './lib/metrics.ts';
import { detectPoliceMentions } from '../src/classify/police-mentions.ts';

const names = Object.keys(DATASETS) as DatasetName[];
const data = Object.fromEntries(names.map((n) => [n, loadDataset(n)])) as Record<DatasetName, LabelledDoc[]>;
const part = (n: DatasetName, s: LabelledDoc['split']) => data[n].filter((d) => d.split === s);
const tests = Object.fromEntries(names.map((n) => [n, part(n, 'test')])) as Record<DatasetName, LabelledDoc[]>;
const report: Record<string, unknown> = { generated_at: new Date().toISOString(), datasets: DATASETS, sizes: {} };
for (const n of names)
  (report.sizes as Record<string, unknown>)[n] = { train: part(n, 'train').length, val: part(n, 'val').length, test: part(n, 'test').length };

const line = (label: string, m: Metrics) =>
  `${label.padEnd(34)} acc ${m.accuracy.toFixed(3)}  P(hoax) ${m.precision_hoax.toFixed(3)}  R(hoax) ${m.recall_hoax.toFixed(3)}  macro-F1 ${m.macro_f1.toFixed(3)}  AUC ${m.roc_auc.toFixed(3)}  n=${m.n}`;

for (const algo of ['logreg', 'naive_bayes'] as Algo[]) {
  console.log(`\n=== ${algo}: in-domain and cross-dataset (rows: trained on; columns: tested on) ===`);
  const matrix: Record<string, Record<string, Metrics>> = {};
  // A one-class set (casual tweets) is tested on and mixed in, never trained on alone.
  for (const trainOn of names.filter((n) => n !== 'casual_tweets')) {
    const r = experiment(algo, part(trainOn, 'train'), part(trainOn, 'val'), tests);
    matrix[trainOn] = r.results;
    for (const testOn of names) console.log(line(`${trainOn} → ${testOn}${trainOn === testOn ? ' (in-domain)' : ''}`, r.results[testOn]!));
  }
  const mixNames: DatasetName[] = ['ifn', 'pratiwi', 'political', 'news_tbh', 'casual_tweets'];
  const vals = Object.fromEntries(names.map((n) => [`${n} (validation)`, part(n, 'val')]));
  const mix = experiment(
    algo,
    mixNames.flatMap((n) => part(n, 'train')),
    mixNames.flatMap((n) => part(n, 'val')),
    { ...tests, ...vals },
  );
  const valF1 = names.filter((n) => n !== 'casual_tweets').map((n) => mix.results[`${n} (validation)`]!.macro_f1);
  const casual = mix.results.casual_tweets!;
  console.log(
    `${algo}: casual tweets (all not-hoax) called hoax: ${casual.confusion.fp} of ${casual.n} (${((100 * casual.confusion.fp) / casual.n).toFixed(1)} %)`,
  );
  console.log(
    `\n${algo}: mean validation macro-F1 of the mix ${(valF1.reduce((a, b) => a + b, 0) / valF1.length).toFixed(3)} (the model choice rests on this, not on the test splits)`,
  );
  console.log(`\n--- ${algo}: product mix (all training splits incl. casual tweets; threshold ${mix.threshold} on all validation splits) ---`);
  for (const testOn of names) console.log(line(`mix → ${testOn}`, mix.results[testOn]!));
  console.log(`\nconfusion, mix → ifn (social claims, the product's domain):\n${formatConfusion(mix.results.ifn!)}`);
  // The error that matters most to a Polres: valid items about the police scored as hoaxes.
  const policeValid = names.flatMap((n) => part(n, 'test')).filter((d) => d.label === 0 && detectPoliceMentions(d.text).length > 0);
  const policeFalse = policeValid.filter((d) => mix.score!(d.text) >= mix.threshold).length;
  console.log(
    `${algo}: valid test items that mention the police scored as hoax: ${policeFalse} of ${policeValid.length} (${((100 * policeFalse) / Math.max(1, policeValid.length)).toFixed(1)} %)`,
  );
  report[algo] = {
    matrix,
    mix: { threshold: mix.threshold, results: mix.results, police_valid_false_hoax: { false_hoax: policeFalse, of: policeValid.length } },
  };
}

const out = path.join(MODELS_DIR, 'eval-report.json');
fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
