import { HoaxModel } from '../../src/classify/hoax-model.ts';
import { featureTokens } from '../../src/classify/normalise.ts';
import { TfidfVectorizer } from '../../src/classify/tfidf.ts';
import type { LabelledDoc } from './datasets.ts';
import { constrainedThreshold, domainThreshold, metrics, type Metrics } from './metrics.ts';

export type Algo = 'logreg' | 'naive_bayes';

/**
 * Trains on `train`, Platt-scales the hoax model's members and picks the threshold on `val`, reports on
 * each named test set. `rule`: the threshold's objective under the false-hoax limits, the mean macro-F1
 * over the labelled sets or IFN's alone (domainThreshold). (Default: 'mean')
 */
export function experiment(
  algo: Algo,
  train: LabelledDoc[],
  val: LabelledDoc[],
  tests: Record<string, LabelledDoc[]>,
  opts: { rule?: 'mean' | 'ifn' } = {},
): { threshold: number; results: Record<string, Metrics>; model?: HoaxModel; score?: (text: string) => number } {
  const predict = algo === 'logreg' ? trainLogRegScorer(train, val) : trainNaiveBayes(train);
  const scores = new Map(val.map((d) => [d, predict.score(d.text)]));
  const threshold = opts.rule === 'ifn' ? domainThreshold(val, (d) => scores.get(d)!) : constrainedThreshold(val, (d) => scores.get(d)!);
  const results: Record<string, Metrics> = {};
  for (const [name, docs] of Object.entries(tests))
    results[name] = metrics(
      docs.map((d) => d.label),
      docs.map((d) => predict.score(d.text)),
      threshold,
    );
  return { threshold, results, score: predict.score, ...(predict.model ? { model: predict.model } : {}) };
}

function trainLogRegScorer(train: LabelledDoc[], val: LabelledDoc[]) {
  const model = HoaxModel.train(train, { calibration: val });
  return { score: (t: string) => model.probability(t), model };
}

/** Multinomial Naive Bayes over the same TF-IDF features, as the comparison the choice rests on. */
function trainNaiveBayes(train: LabelledDoc[]) {
  const tokens = train.map((d) => featureTokens(d.text, { dropStopwords: false }));
  const vec = TfidfVectorizer.fit(tokens, { minDf: 2, maxFeatures: 30_000 });
  const counts = [new Float64Array(vec.size).fill(0.1), new Float64Array(vec.size).fill(0.1)];
  const prior = [0, 0];
  train.forEach((d, i) => {
    prior[d.label]!++;
    const x = vec.transform(tokens[i]!);
    x.idx.forEach((j, k) => (counts[d.label]![j]! += x.val[k]!));
  });
  const logp = counts.map((c) => {
    const total = c.reduce((a, b) => a + b, 0);
    return c.map((v) => Math.log(v / total));
  });
  const logPrior = prior.map((p) => Math.log(p / train.length));
  return {
    model: undefined,
    score(text: string) {
      const x = vec.transform(featureTokens(text, { dropStopwords: false }));
      let z = logPrior[1]! - logPrior[0]!;
      x.idx.forEach((j, k) => (z += x.val[k]! * (logp[1]![j]! - logp[0]![j]!)));
      return 1 / (1 + Math.exp(-z));
    },
  };
}
