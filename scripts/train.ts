/**
 * Trains the hoax-likelihood model (npm run train) on the training splits of every labelled set in
 * ../shared/data, picks its threshold on their validation splits, measures it on their test splits,
 * and writes models/hoax-model.json with that record, then prints the test figures: each set's, and
 * the share of ordinary tweets (IndoNLU EmoT's valid and test files, never trained on) called hoax.
 * Casual tweets are mixed in as not-hoax: without them 86 % of ordinary validation tweets scored as
 * hoaxes (the labelled sets' hoaxes are informal, their valid texts formal).
 *
 * `npm run train -- --feedback` adds the analysts' decided verdicts from the review desk (the
 * database of DATABASE_URL or SARING_DATA_DIR) as one more labelled set, split the same way.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_MODEL_PATH } from '../src/classify/hoax-model.ts';
import { DATASETS, loadDataset, SHARED, WEAK_WEIGHT, type DatasetName, type LabelledDoc } from './lib/datasets.ts';
import { experiment } from './lib/experiment.ts';
import { deskLabels, trainOut } from './lib/desk-labels.ts';
import { loadFeedback } from './lib/feedback.ts';

/**
 * Chosen on the validation splits (npm run tune:hoax; its --cv run agrees): ordinary tweets count as
 * much as a labelled text (at 0.3 the limit of 2.5 % of them called hoax forced the threshold up and
 * cost ~0.02 IFN macro-F1); TurnBackHoax's circulated claims (tbh_claims) join the hoaxes at half weight
 * (5-fold cross-validation over train + validation: IFN macro-F1 0.638 against 0.625 without them, AUC
 * 0.724 against 0.704, ordinary tweets 2.4 % called hoax; at full weight 0.642, a tie in the half-split
 * check); the threshold maximises IFN's macro-F1 under the false-hoax limits
 * (the product's domain; the mean over sets never did better in the half-split check). The members
 * and features are HoaxModel's defaults.
 */
const TRAINING_WEIGHTS: Partial<Record<DatasetName, number>> = { casual_tweets: 1, tbh_claims: 0.5 };
const RULE = 'ifn';

const names = Object.keys(DATASETS) as DatasetName[];
const feedback = process.argv.includes('--feedback') ? await loadFeedback() : [];
if (process.argv.includes('--feedback')) console.log(`feedback: ${feedback.length} labelled item(s) from the review desk`);
// `saring train` passes this deployment's desk labels (never its held-out ones): all of them train.
const desk: LabelledDoc[] = deskLabels().map((l) => ({
  dataset: 'feedback',
  text: l.title ? `${l.title}. ${l.text}` : l.text,
  label: l.hoax,
  split: 'train',
  weight: 1,
}));
if (desk.length) console.log(`desk: ${desk.length} label(s) from this deployment's analysts`);
const docs = [...names.flatMap((n) => loadDataset(n)), ...feedback, ...desk].map((d) => ({
  ...d,
  weight: TRAINING_WEIGHTS[d.dataset as DatasetName] ?? d.weight,
}));
const train = docs.filter((d) => d.split === 'train');
const val = docs.filter((d) => d.split === 'val');
const sets = [...names, ...(feedback.length ? (['feedback'] as const) : [])];
const tests = Object.fromEntries(sets.map((n) => [n, docs.filter((d) => d.dataset === n && d.split === 'test')]));
const t0 = Date.now();
const { model, threshold, results } = experiment('logreg', train, val, tests, { rule: RULE });
const trainSeconds = Math.round((Date.now() - t0) / 100) / 10;
// Ordinary tweets the model never saw: IndoNLU EmoT's own valid and test files (training read its train file only).
const emot = ['valid_preprocess.csv', 'test_preprocess.csv'].flatMap((f) =>
  (parse(fs.readFileSync(path.join(SHARED, 'fixtures/indonlu-emot-tweets', f)), { columns: true, bom: true }) as Array<Record<string, string>>).map(
    (r) => r.tweet ?? '',
  ),
);
const emotCalledHoax = Math.round((emot.filter((t) => model!.probability(t) >= threshold).length / emot.length) * 1e4) / 1e4;
// The version names what the model computes: its data, vocabulary, weights and threshold.
const digest = createHash('sha1')
  .update(JSON.stringify([model!.artifact.text, model!.artifact.members, threshold]))
  .digest('hex')
  .slice(0, 8);
const version = `hoax-lr-${new Date().toISOString().slice(0, 10)}-${digest}`;
model!
  .withMeta({
    version,
    threshold,
    training: {
      algorithm:
        'mean of 3 Platt-scaled logistic regressions (L-BFGS, L2 3e-6, balanced classes) over TF-IDF word uni+bigrams and char_wb 2-5 n-grams (df >= 2) and 5 hoax-style cues: ' +
        'the TF-IDF values of both blocks; NB-SVM on word presence; NB-SVM on char n-gram presence',
      ...(desk.length ? { desk_labels: desk.length } : {}),
      datasets: Object.fromEntries(
        sets.map((n) => [
          n,
          {
            description: n === 'feedback' ? "analysts' verdicts from the review desk" : DATASETS[n],
            train: train.filter((d) => d.dataset === n).length,
            val: val.filter((d) => d.dataset === n).length,
          },
        ]),
      ),
      weights: Object.fromEntries(names.map((n) => [n, TRAINING_WEIGHTS[n] ?? WEAK_WEIGHT[n] ?? 1])),
      split: 'sha1(text) mod 10: 0-6 train, 7 validation, 8-9 test',
      calibration: 'each member Platt-scaled on the validation splits',
      threshold_chosen_on:
        'validation splits: best IFN macro-F1 with at most 2.5 % of ordinary tweets and of complaint tweets, and 5 % of police news, above it (npm run tune:hoax compares the choices)',
      reserved: 'texts reserved for the hand-labelled police-triage set are left out of every split',
      train_seconds: trainSeconds,
    },
    metrics: { test: results, emot_valid_test: { n: emot.length, called_hoax: emotCalledHoax } },
  })
  .save(trainOut('hoax-model.json') ?? DEFAULT_MODEL_PATH);
console.log(
  `wrote ${path.relative(process.cwd(), trainOut('hoax-model.json') ?? DEFAULT_MODEL_PATH)} (${version}, threshold ${threshold}, ${(fs.statSync(trainOut('hoax-model.json') ?? DEFAULT_MODEL_PATH).size / 2 ** 20).toFixed(1)} MiB, trained in ${trainSeconds} s)`,
);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
for (const [n, m] of Object.entries(results)) {
  console.log(
    `  test ${n.padEnd(17)} macro-F1 ${m.macro_f1.toFixed(3)}  AUC ${m.roc_auc.toFixed(3)}  P/R hoax ${m.precision_hoax.toFixed(3)}/${m.recall_hoax.toFixed(3)}  ` +
      `P/R valid ${m.precision_valid.toFixed(3)}/${m.recall_valid.toFixed(3)}  called hoax ${pct((m.confusion.tp + m.confusion.fp) / Math.max(1, m.n))}  n=${m.n}`,
  );
}
console.log(`  ordinary tweets (EmoT valid+test files, ${emot.length}, all taken as not-hoax) called hoax ${pct(emotCalledHoax)}`);
// The police-triage model is trained next, on its own data (scripts/train-police.ts).
await import('./train-police.ts');
