/**
 * The desk teaches the model, simulated on real data (npm run simulate:learning): the labelled real set
 * of scripts/lib/simulation-set.ts (texts about the police no shipped model was trained on, labelled
 * by their source) is split with a fixed seed into a held-out part (drawn first, never trained on) and
 * a stream of corrections. Starting from the shipped models, an analyst corrects 50 items at a time as
 * the desk offers them (half from the queue's flagged items, half from "Perlu label"), the product's
 * trainer (`scriptTrainer`: scripts/train.ts on the shipped data plus every correction so far, as
 * `saring train` runs it) retrains, and the held-out figures are measured after every batch.
 *
 *   npm run simulate:learning -- [--batches N] [--seed N] [--batch-size N] [--heldout 0.4] [--with-trust]
 *
 * Writes models/eval/learning-simulation.json and .svg after every batch (a
 * run cut short keeps what it measured) and prints how many corrections brought official posts called
 * hoax under 10 % of the held-out ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadModels } from '../src/classify/models.ts';
import { MODELS_DIR } from '../src/classify/normalise.ts';
import { chartPoints, correctionsToTarget, simulateLearning, type BatchFigures } from '../src/learning/simulation.ts';
import { scriptTrainer } from '../src/learning/trainer.ts';
import { loadPipeline } from '../src/pipeline/load.ts';
import { learningChart } from '../src/report/charts.ts';
import { POLICE_CLASSES } from '../src/vocabulary.ts';
import { loadSimulationSet } from './lib/simulation-set.ts';

/** The official-post false-positive target of issue 17. */
const TARGET = 0.1;

const { values: args } = parseArgs({
  options: {
    // One retrain of both models took 280-1,100 s on this 2-core machine while other suites ran beside
    // it (the hoax model alone trains in ~80 s idle): one batch keeps the default run near ten minutes.
    batches: { type: 'string', default: '1' },
    seed: { type: 'string', default: '17' },
    'batch-size': { type: 'string', default: '50' },
    heldout: { type: 'string', default: '0.4' },
    'with-trust': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(MODELS_DIR, 'eval', 'learning-simulation.json') },
    svg: { type: 'string', default: path.join(MODELS_DIR, 'eval', 'learning-simulation.svg') },
  },
});
const int = (name: string, v: string, min: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${v}"`);
  return n;
};
const batches = int('batches', args.batches, 0);
const seed = int('seed', args.seed, 0);
const batchSize = int('batch-size', args['batch-size'], 1);
const heldOutShare = Number(args.heldout);
if (!(heldOutShare > 0 && heldOutShare < 1)) throw new Error(`--heldout must be a share between 0 and 1, not "${args.heldout}"`);

const t0 = Date.now();
const docs = loadSimulationSet();
const beltim = await loadPipeline('beltim');
const ctx = { ...loadModels(), lexicon: { units: beltim.area.units }, places: beltim.area.places, now: new Date('2026-12-01T00:00:00Z') };
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-simulate-'));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const counts = Object.fromEntries(POLICE_CLASSES.map((c) => [c, docs.filter((d) => d.gold === c).length]));
console.log(
  `labelled set: ${docs.length} texts ${JSON.stringify(counts)}; held out ${heldOutShare * 100} %, seed ${seed}, ${batches} batch(es) of ${batchSize}`,
);

const rows: BatchFigures[] = [];
// One write at a time: a batch's files are written while the next batch trains.
let writing = Promise.resolve();
const write = async (done: boolean) => {
  const reached = correctionsToTarget(rows, TARGET);
  const record = {
    generated_at: new Date().toISOString(),
    command: `npm run simulate:learning -- --batches ${batches} --seed ${seed} --batch-size ${batchSize} --heldout ${heldOutShare}${args['with-trust'] ? ' --with-trust' : ''}`,
    complete: done,
    set: {
      description:
        'texts about the police from ../shared no shipped model trained on (scripts/lib/simulation-set.ts), labelled by their source (scripts/lib/police-corpus.ts weak classes)',
      n: docs.length,
      per_class: counts,
    },
    reading: args['with-trust'] ? 'each text with its source trust class' : 'text only, as a forwarded post that does not say who spoke',
    trainer: 'scriptTrainer (src/learning/trainer.ts): scripts/train.ts, as saring train runs it',
    target: { official_false_positive_below: TARGET, corrections_needed: reached },
    batches: rows,
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(record, null, 2) + '\n');
  fs.mkdirSync(path.dirname(args.svg), { recursive: true });
  fs.writeFileSync(args.svg, await learningChart(chartPoints(rows), { value: TARGET, label: 'target: resmi/netral disebut hoaks < 10 %' }));
};

try {
  const run = await simulateLearning({
    docs,
    heldOutShare,
    seed,
    batches,
    batchSize,
    trainer: scriptTrainer(),
    ctx,
    workDir,
    withTrust: args['with-trust'],
    onBatch: (r) => {
      rows.push(r);
      const h = r.heldout;
      console.log(
        `batch ${r.batch} (${r.corrections} corrections${r.train_seconds !== null ? `, retrained in ${r.train_seconds} s` : ''}): ` +
          `official/neutral called hoax ${pct(h.officialFalsePositive)} of ${h.officialN} (with source trust ${pct(r.officialFalsePositiveWithTrust)}); ` +
          `hoax P/R ${pct(h.hoax.precision)}/${pct(h.hoax.recall)} (n=${h.hoax.support}); ` +
          POLICE_CLASSES.map((c) => `${c} P/R ${pct(h.perClass[c].precision)}/${pct(h.perClass[c].recall)} n=${h.perClass[c].support}`).join('; '),
      );
      writing = writing.then(() => write(false));
    },
  });
  await writing;
  await write(true);
  const reached = correctionsToTarget(rows, TARGET);
  console.log(`held out ${run.heldout} texts, stream ${run.stream}; ${((Date.now() - t0) / 60000).toFixed(1)} min`);
  console.log(
    reached === null
      ? `official/neutral posts called hoax did not go under ${TARGET * 100} % within ${rows.length - 1} batch(es) (${rows.at(-1)!.corrections} corrections)`
      : reached === 0
        ? `official/neutral posts called hoax were under ${TARGET * 100} % before any correction (${pct(rows[0]!.heldout.officialFalsePositive)})`
        : `official/neutral posts called hoax went under ${TARGET * 100} % after ${reached} corrections`,
  );
  console.log(`wrote ${path.relative(process.cwd(), args.out)} and ${path.relative(process.cwd(), args.svg)}`);
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}
