/**
 * Chooses the hoax model on the validation splits only (npm run tune:hoax [--cv] [name prefix…]): features,
 * ensemble members (plain word+char model, word and char NB-SVM), weak-set weights, Platt scaling and
 * the threshold rule. Every model trains on the training splits; the test splits are never read.
 *
 * Per configuration it prints IFN validation AUC, then for each threshold rule ("mean": best mean
 * macro-F1 over the labelled sets, "ifn": best IFN macro-F1; both keeping ≤ 2.5 % of EmoT and complaint
 * tweets and ≤ 5 % of police news above it) the threshold, IFN macro-F1 and the weak sets' called-hoax
 * rates. Choosing Platt and threshold on the same validation texts flatters them, so "x-half" repeats
 * the whole choice on one half of the validation split and scores the other half (both ways): that
 * column is the honest one for comparing rules and ensembles. `--cv` (below) scores every training
 * and validation text out of fold instead: slower (5 trainings a member), less noisy; `--folds 2`
 * screens at about a quarter of the cost (each member trains twice on half the texts, so its figures
 * run lower than five folds').
 *
 * Chosen (HoaxModel's default members and features, train.ts's weights and rule): "E three 3e-6 EmoT 1"
 * with the "ifn" rule. The three members beat each alone and each pair; L2 3e-6 beat 1e-5 and more
 * (1e-6 was no better); ordinary tweets at weight 1 beat 0.15–0.6 on validation and in cross-validation
 * (1.5–3 were no better); upweighting IFN or downweighting the political headlines changed nothing
 * beyond the noise; Platt scaling and plain averaging tied, and Platt is kept because it puts the
 * members on one scale whatever their regularisation. At weight 1 the "ifn" rule matched or beat
 * "mean" in x-half in all 7 configurations (0.672 against 0.656 for the chosen one) and in
 * cross-validation. Validation IFN macro-F1 runs ~0.05 above cross-validation's: its 62 valid claims
 * happen to be easy, so expect the test split nearer the cross-validated figure (~0.62).
 *
 * Tried and not adopted (2026-12-04): the three members again trained on social posts only ("K", MemberSpec.sets:
 * IFN, TurnBackHoax claims, EmoT and complaint tweets) beside the three general ones. Validation: IFN AUC 0.757
 * against 0.749, "ifn" rule F1 0.651 against 0.677, x-half 0.664 against 0.658. Two-fold cross-validation
 * (`--cv --folds 2 "J three 3e-6 EmoT 1 TBH 0.5" "K three + social three"`): AUC 0.708 against 0.705, F1 0.628 against
 * 0.625, x-half 0.625 against 0.625, while police news called hoax rose from 0.2 % to 3.9 % (the social members never
 * see news). With 2025 news and police news added to their sets ("K three + social three + news"): AUC 0.701, F1
 * 0.620, x-half 0.618. Within the noise on IFN at best, and worse on the police news the product must not call
 * hoaxes. The same two-fold run puts the shipped configuration at 0.625 where five folds gave 0.638: more
 * training text, not another view of the same text, is what has moved this figure.
 *
 * Issue #20's recipe against ours (2026-12-04, "M", five folds: `npm run tune:hoax -- --cv --cache /tmp/c --sweep "M "`;
 * `--cache` keeps the members' out-of-fold logits between runs, `--sweep` prints IFN macro-F1 and the weak sets'
 * called-hoax rates at each threshold). The shipped configuration ("M platt") scores 0.638 (AUC 0.724, EmoT 2.4 %,
 * x-half 0.637); nothing below reaches 0.66 under the false-hoax limits:
 * - learnt member weights (`stack`: a logistic regression over the members' logits) 0.638, x-half 0.641; fitted on the
 *   IFN claims alone (`stack-ifn`) 0.636, x-half 0.645;
 * - ordinary tweets at 0.3 ("M EmoT 0.3"), the main lever: IFN AUC rises to 0.737, but the tweets' limit then
 *   holds the threshold at 0.85 and F1 falls to 0.624 (x-half 0.626). Its sweep peaks at 0.659 with 6.0 % of ordinary
 *   tweets called hoax (0.642 at 3.0 %); the shipped members' sweep peaks at 0.648 (4.4 %): the tweets' limit, not the
 *   threshold rule, is what holds IFN down, and no threshold on this model family passes 0.66 at any false-hoax rate
 *   near the 3 % target;
 * - both sets of three members together ("M mix EmoT 1 + 0.3", six members): 0.641 averaged, 0.643 stacked (x-half
 *   0.641 / 0.642): within the noise, for twice the scoring cost;
 * - without the police news and complaint tweets in training ("M no police sets"): IFN AUC 0.721 against 0.724, so
 *   they cost IFN nothing, and they are what keeps complaint tweets out: without them 22.6 % are called hoax even at
 *   the highest threshold (0.95), where IFN F1 is 0.470;
 * - without the stemmer ("M nostem"; the character block reads raw lower-cased words in every configuration, so this
 *   is the unstemmed recipe for the word members): 0.646 (AUC 0.725, EmoT 2.4 %, x-half 0.642 against 0.637),
 *   its sweep never above 0.646 at any threshold: +0.008, inside the noise of these comparisons, and an unstemmed word
 *   block takes FastTextFeatures' slower path at run time, so it was not shipped either; stacked 0.637, x-half 0.640.
 *   Worth re-running with the other changes if the target is taken up again.
 *
 * A check-worthiness (claim) gate, tried and not adopted (2026-12-05, "N", five folds: `npm run tune:hoax -- --cv --cache
 * /tmp/c --sweep "N "`): P(hoax) = P(claim | text) × P(hoax | claim, text) (Config.gate). The hoax members ("cond") train
 * on the claim-like sets only (IFN, Pratiwi, political, news_tbh, police news, TurnBackHoax claims; both labels; no
 * tweets), the gate is one more linear member on the same features: those sets against ordinary (EmoT train file) and
 * complaint tweets, every text at weight 1. Same run, "ifn" rule under the usual limits (F1 / x-half; EmoT, complaint
 * tweets, police news called hoax):
 * - shipped: IFN AUC 0.724, F1 0.638 / 0.637, EmoT 2.4 %, cpl 0.4 %, news 0 %;
 * - gate lr-word × cond: AUC 0.733, F1 0.647 / 0.646, 2.4 %, 0.3 %, 0 % (its sweep peaks at 0.654 with 3.9 % of tweets);
 * - gate lr-all × cond: AUC 0.734, F1 0.647 / 0.640, 2.4 %, 0.2 %, 0 %;
 * - complaints out of the gate, into the hoax members as not-hoaxes ("no-cpl × cond+cpl"): AUC 0.736, F1 0.647 / 0.645;
 *   out of both ("no-cpl × cond"): 20 % of complaints called hoax even at 0.95, F1 0.492;
 * - min(P(claim), P(hoax | claim)) instead of the product: 0.628 (word gate), 0.628 (all); √P(claim) × P(hoax | claim):
 *   0.626 / 0.637 (AUC 0.744, but the tweets' limit holds the threshold at 0.86–0.87);
 * - the gate over the shipped members: AUC 0.705, F1 0.629.
 * The hoax members freed from the tweets rank IFN better (AUC 0.760 alone), and the gate tells claims from chatter
 * almost perfectly (AUC 0.996; it doubts 3 % of IFN claims), yet +0.009 at the same limits is within the noise of
 * these comparisons: the tweets still called hoax are the long, formal ones (religious and political posts, notices,
 * news-like tweets) that the gate takes for claims (median P(claim) 0.95) and that members which never saw a tweet
 * score ~0.95 hoax. The limit binds as before, one stage later.
 * Nothing in ../shared/data is valid-claim text that could strengthen IFN's weak "valid" side: komdigi-clarifications
 * are all debunked hoaxes (titles "hoaks …", Sastrawi-stemmed bodies), news-vs-tbh-2025's raw_valid is already
 * news_tbh's not-hoax half, and tbh-claims-fact-1k's "fact" column is the fact-checker's explanation prose.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cueVector, detectCues } from '../src/classify/cues.ts';
import {
  blockSize,
  ensembleProbability,
  fitPlatt,
  memberLogit,
  memberTrainsOn,
  memberView,
  trainMember,
  type MemberSpec,
} from '../src/classify/hoax-members.ts';
import { DEFAULT_FEATURES } from '../src/classify/hoax-model.ts';
import { sigmoid, trainLogRegLbfgs } from '../src/classify/logreg.ts';
import { TextFeatures, type FitOptions } from '../src/classify/text-features.ts';
import type { SparseVector } from '../src/classify/tfidf.ts';
import { DATASETS, loadDataset, type DatasetName, type LabelledDoc } from './lib/datasets.ts';
import { constrainedThreshold, domainThreshold, metrics, rocAuc } from './lib/metrics.ts';

/**
 * A member, trained with its own set weights when it names them (else the configuration's). `target:
 * 'claim'`: trained on claim-like texts (every set but NOT_CLAIMS, both labels) against ordinary chatter
 * (NOT_CLAIMS) instead of hoax against not-hoax: the claim gate (Config.gate).
 */
type Member = MemberSpec & { weights?: Partial<Record<DatasetName, number>>; target?: 'claim' };
interface Config {
  name: string;
  features: FitOptions;
  members: Member[];
  /** Training weight of each set (others 1). */
  weights?: Partial<Record<DatasetName, number>>;
  /**
   * How the members' logits become one probability. (Default: mean of Platt-scaled probabilities)
   * `stack`: a logistic regression over the members' logits (their weights learnt, not equal), fitted
   * where Platt would be; `stack-ifn`: the same fitted on the IFN claims of those texts only.
   */
  combine?: 'platt' | 'raw' | 'stack' | 'stack-ifn';
  /**
   * A check-worthiness gate: the last member is P(claim | text) (target 'claim'), the others P(hoax | claim,
   * text), each Platt-scaled on the texts of the sets it trains on; the score is their product, the lower
   * of the two ('min'), or the product with the gate softened to √P(claim) ('sqrt').
   */
  gate?: 'product' | 'min' | 'sqrt';
}

/** Word uni+bigrams and char_wb 2–5 n-grams, both df ≥ 2 (the shipped features), against TextFeatures' defaults (char 3–5, df ≥ 3, 40k). */
const CHAR25: FitOptions = DEFAULT_FEATURES;
const CHAR35: FitOptions = { charShare: 0.5 };
const lr = (l2: number, block: MemberSpec['block'] = 'all'): MemberSpec => ({ name: `lr-${block}`, block, input: 'tfidf', l2 });
const nb = (block: MemberSpec['block'], l2: number): MemberSpec => ({ name: `nb-${block}`, block, input: 'nb', l2 });
const SOCIAL: DatasetName[] = ['ifn', 'tbh_claims', 'casual_tweets', 'police_complaints'];
/** Ordinary chatter (not check-worthy): everything else, both labels, is claim-like text. */
const NOT_CLAIMS: DatasetName[] = ['casual_tweets', 'police_complaints'];
const CLAIMS = (Object.keys(DATASETS) as DatasetName[]).filter((n) => !NOT_CLAIMS.includes(n));
const claimLabel = (d: LabelledDoc): 0 | 1 => (NOT_CLAIMS.includes(d.dataset as DatasetName) ? 0 : 1);
const THREE = (l2: { lr: number; nbWord: number; nbChar: number }): MemberSpec[] => [lr(l2.lr), nb('word', l2.nbWord), nb('char', l2.nbChar)];

/** The hoax members trained on these sets only (the gate's claim-like sets, both labels). */
const COND = (sets: DatasetName[]): Member[] => THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }).map((m) => ({ ...m, name: `cond-${m.name}`, sets }));
/** The claim gate: claim-like sets against `chatter`, every text at weight 1 (these labels are not weak). */
const GATE = (block: MemberSpec['block'], chatter: DatasetName[]): Member => ({
  name: `gate-${block}`,
  block,
  input: 'tfidf',
  l2: 3e-6,
  sets: [...CLAIMS, ...chatter],
  target: 'claim',
  weights: { casual_tweets: 1, police_complaints: 1, tbh_claims: 1 },
});

const configs: Config[] = [
  ...[3e-5, 1e-5, 3e-6].map((l2) => ({ name: `A lr 3-5 l2 ${l2}`, features: CHAR35, members: [lr(l2)] })),
  ...[1e-5, 3e-6].map((l2) => ({ name: `B lr 2-5 l2 ${l2}`, features: CHAR25, members: [lr(l2)] })),
  ...[1e-5, 3e-6].map((l2) => ({ name: `C nb-char l2 ${l2}`, features: CHAR25, members: [nb('char', l2)] })),
  ...[1e-5, 3e-6].map((l2) => ({ name: `C nb-word l2 ${l2}`, features: CHAR25, members: [nb('word', l2)] })),
  { name: 'D three 1e-5', features: CHAR25, members: THREE({ lr: 1e-5, nbWord: 1e-5, nbChar: 1e-5 }) },
  { name: 'D three 1e-5 raw', features: CHAR25, members: THREE({ lr: 1e-5, nbWord: 1e-5, nbChar: 1e-5 }), combine: 'raw' },
  { name: 'D three 3e-6', features: CHAR25, members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }) },
  { name: 'D three 1e-6', features: CHAR25, members: THREE({ lr: 1e-6, nbWord: 1e-6, nbChar: 1e-6 }) },
  ...[0.15, 0.6, 1].map((w) => ({
    name: `E three 3e-6 EmoT ${w}`,
    features: CHAR25,
    members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
    weights: { casual_tweets: w },
  })),
  ...[1.5, 2, 3].map((w) => ({
    name: `G three 3e-6 EmoT ${w}`,
    features: CHAR25,
    members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
    weights: { casual_tweets: w },
  })),
  { name: 'G three 1e-6 EmoT 1', features: CHAR25, members: THREE({ lr: 1e-6, nbWord: 1e-6, nbChar: 1e-6 }), weights: { casual_tweets: 1 } },
  {
    name: 'G three 3e-6 EmoT 1 political 0.3',
    features: CHAR25,
    members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
    weights: { casual_tweets: 1, political: 0.3 },
  },
  { name: 'G three 3e-6 EmoT 1 IFN 2', features: CHAR25, members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }), weights: { casual_tweets: 1, ifn: 2 } },
  // Ablations at the chosen weight: which members earn their place.
  ...(
    [
      ['lr', [lr(3e-6)]],
      ['lr + nb-word', [lr(3e-6), nb('word', 3e-6)]],
      ['lr + nb-char', [lr(3e-6), nb('char', 3e-6)]],
      ['nb-word + nb-char', [nb('word', 3e-6), nb('char', 3e-6)]],
    ] as Array<[string, MemberSpec[]]>
  ).map(([label, members]) => ({ name: `H ${label} 3e-6 EmoT 1`, features: CHAR25, members, weights: { casual_tweets: 1 } })),
  {
    name: 'H three 3e-6 EmoT 1 raw',
    features: CHAR25,
    members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
    weights: { casual_tweets: 1 },
    combine: 'raw',
  },
  // Without the stemmer: the character block carries affixes anyway, and stems merge words a claim keeps apart.
  ...[1, 0.3].map((w) => ({
    name: `I three 3e-6 nostem EmoT ${w}`,
    features: { ...CHAR25, stem: false },
    members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
    weights: { casual_tweets: w },
  })),
  // Claims as they circulated (TurnBackHoax 2019-2025) as more hoaxes of the social kind.
  ...[0.5, 1].map((w) => ({
    name: `J three 3e-6 EmoT 1 TBH ${w}`,
    features: CHAR25,
    members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
    weights: { casual_tweets: 1, tbh_claims: w },
  })),
  // Social-post members beside the three: trained on the sets of the product's social kind only (IFN's
  // claims, circulated claims, ordinary and complaint tweets), so that what separates news articles and
  // political headlines does not set their weights; the three general members keep those sets right.
  ...(
    [
      ['social three', [lr(3e-6), nb('word', 3e-6), nb('char', 3e-6)], SOCIAL],
      ['social three + news', [lr(3e-6), nb('word', 3e-6), nb('char', 3e-6)], [...SOCIAL, 'news_tbh', 'police_news']],
      ['social lr + nb-char', [lr(3e-6), nb('char', 3e-6)], SOCIAL],
      ['social 1e-5 three', [lr(1e-5), nb('word', 1e-5), nb('char', 1e-5)], SOCIAL],
    ] as Array<[string, MemberSpec[], string[]]>
  ).map(([label, social, sets]) => ({
    name: `K three + ${label}`,
    features: CHAR25,
    members: [...THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }), ...social.map((m) => ({ ...m, name: `social-${m.name}`, sets }))],
    weights: { casual_tweets: 1, tbh_claims: 0.5 },
  })),
  // Issue #20's recipe against ours (2026-12-04): learnt member weights, the EmoT weight, no stemming, without the police sets.
  ...(
    [
      ['', CHAR25, { casual_tweets: 1, tbh_claims: 0.5 }],
      ['EmoT 0.3 ', CHAR25, { casual_tweets: 0.3, tbh_claims: 0.5 }],
      ['no police sets ', CHAR25, { casual_tweets: 1, tbh_claims: 0.5, police_news: 0, police_complaints: 0 }],
      ['nostem ', { ...CHAR25, stem: false }, { casual_tweets: 1, tbh_claims: 0.5 }],
    ] as Array<[string, FitOptions, Config['weights']]>
  ).flatMap(([label, features, weights]) =>
    (['platt', 'stack', 'stack-ifn'] as const).map((combine) => ({
      name: `M ${label}${combine}`,
      features,
      members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
      weights,
      combine,
    })),
  ),
  // Both: the three members as shipped and the three trained with ordinary tweets at 0.3 (better IFN ranking, worse on tweets).
  ...(['platt', 'stack', 'stack-ifn'] as const).map((combine) => ({
    name: `M mix EmoT 1 + 0.3 ${combine}`,
    features: CHAR25,
    members: [
      ...THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }),
      ...THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }).map((m) => ({ ...m, weights: { casual_tweets: 0.3, tbh_claims: 0.5 } })),
    ],
    weights: { casual_tweets: 1, tbh_claims: 0.5 },
    combine,
  })),
  // A check-worthiness gate (2026-12-04): P(hoax) = P(claim | text) × P(hoax | claim, text), the hoax members trained on
  // claim-like sets only (no ordinary tweets, so they need not push chatter down), the gate a linear model on the same
  // features telling claim-like text from ordinary and complaint tweets. "N shipped" is "M platt" (the same members).
  ...(
    [
      ['shipped', THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }), undefined],
      ['gate lr-word × cond', [...COND(CLAIMS), GATE('word', NOT_CLAIMS)], 'product'],
      ['gate lr-word min cond', [...COND(CLAIMS), GATE('word', NOT_CLAIMS)], 'min'],
      ['gate lr-all × cond', [...COND(CLAIMS), GATE('all', NOT_CLAIMS)], 'product'],
      ['gate lr-all min cond', [...COND(CLAIMS), GATE('all', NOT_CLAIMS)], 'min'],
      ['gate lr-word sqrt cond', [...COND(CLAIMS), GATE('word', NOT_CLAIMS)], 'sqrt'],
      ['gate lr-all sqrt cond', [...COND(CLAIMS), GATE('all', NOT_CLAIMS)], 'sqrt'],
      // The gate over the shipped members (trained with the tweets as not-hoaxes too).
      ['gate lr-word × shipped', [...THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }), GATE('word', NOT_CLAIMS)], 'product'],
      // Complaint tweets out of the gate: the conditional members then keep them out as not-hoaxes, as the shipped ones do.
      ['gate lr-word no-cpl × cond+cpl', [...COND([...CLAIMS, 'police_complaints']), GATE('word', ['casual_tweets'])], 'product'],
      ['gate lr-word no-cpl × cond', [...COND(CLAIMS), GATE('word', ['casual_tweets'])], 'product'],
    ] as Array<[string, Member[], Config['gate']]>
  ).map(([label, members, gate]) => ({
    name: `N ${label}`,
    features: CHAR25,
    members,
    weights: { casual_tweets: 1, tbh_claims: 0.5 },
    ...(gate ? { gate } : {}),
  })),
  { name: 'F three 3e-6 IFN 2', features: CHAR25, members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }), weights: { ifn: 2 } },
  { name: 'F three 3e-6 political 0.3', features: CHAR25, members: THREE({ lr: 3e-6, nbWord: 3e-6, nbChar: 3e-6 }), weights: { political: 0.3 } },
];

const names = Object.keys(DATASETS) as DatasetName[];
const docs = names.flatMap((n) => loadDataset(n));
const train = docs.filter((d) => d.split === 'train');
const val = docs.filter((d) => d.split === 'val');
// `--cv`: the validation split alone holds 62 valid IFN claims, so differences of a few hundredths are
// noise. 5-fold cross-validation over train + validation (still never the test split) scores every
// one of their 475 valid IFN claims out of fold. The vocabulary is fitted once on all of them (it
// sees no label); NB ratios and weights are fitted per fold.
const cv = process.argv.includes('--cv');
// `--folds N` (with --cv): fewer folds for a quick screen on a busy machine (2: each member trains twice on half the texts).
const foldsArg = process.argv.indexOf('--folds');
const folds = foldsArg >= 0 ? Number(process.argv[foldsArg + 1]) : 5;
if (!Number.isInteger(folds) || folds < 2) throw new Error(`--folds: expected a whole number of at least 2, got "${process.argv[foldsArg + 1]}"`);
const byte = (d: LabelledDoc, k: number) => createHash('sha1').update(d.text.trim().toLowerCase()).digest()[k]!;
const evalDocs = cv ? [...train, ...val] : val;
const fold = new Map(evalDocs.map((d) => [d, byte(d, 2) % folds]));
// The evaluation set's two halves, by another byte of the same hash the splits use.
const half = new Map(evalDocs.map((d) => [d, byte(d, 1) % 2]));
const cues = new Map(evalDocs.concat(train).map((d) => [d, cueVector(detectCues(d.text))]));

// Features and trained members are cached by their options: configurations share them.
const featureCache = new Map<string, { tf: TextFeatures; x: Map<LabelledDoc, SparseVector> }>();
function featuresFor(opts: FitOptions) {
  const key = JSON.stringify(opts);
  let f = featureCache.get(key);
  if (!f) {
    const tf = TextFeatures.fit(
      (cv ? evalDocs : train).map((d) => d.text),
      opts,
    );
    f = { tf, x: new Map([...train, ...val].map((d) => [d, tf.transform(d.text)])) };
    featureCache.set(key, f);
  }
  return f;
}
const memberCache = new Map<string, number[]>();
// `--cache DIR`: members' evaluation logits kept on disk between runs (keyed by everything they depend
// on), so that trying another combination or threshold rule does not retrain them.
const cacheArg = process.argv.indexOf('--cache');
const cacheDir = cacheArg >= 0 ? process.argv[cacheArg + 1]! : null;
const diskKey = (key: string) =>
  path.join(
    cacheDir!,
    `${createHash('sha1')
      .update(JSON.stringify([key, cv, folds, evalDocs.length]))
      .digest('hex')}.json`,
  );
/** A text's weight in training and in Platt scaling, as train.ts gives it. */
const weightOf = (c: Config, d: LabelledDoc) => c.weights?.[d.dataset as DatasetName] ?? d.weight ?? 1;
/** The member's logits on the evaluation docs: trained on the training split, or out of fold. */
function evalLogits(c: Config, member: Member): number[] {
  const { weights: own, ...spec } = member;
  if (own) c = { ...c, weights: own };
  const key = JSON.stringify([c.features, spec, c.weights ?? {}]);
  let z = memberCache.get(key);
  if (!z && cacheDir && fs.existsSync(diskKey(key))) z = JSON.parse(fs.readFileSync(diskKey(key), 'utf8')) as number[];
  if (!z) {
    const { tf, x } = featuresFor(c.features);
    const wordSize = tf.state.word.terms.length;
    const view = (d: LabelledDoc) => memberView(x.get(d)!, wordSize, spec.block, spec.input);
    const fit = (on: LabelledDoc[]) =>
      trainMember(
        spec,
        on
          .filter((d) => memberTrainsOn(spec, d.dataset))
          .map((d) => ({
            view: view(d),
            dense: cues.get(d)!,
            label: spec.target === 'claim' ? claimLabel(d) : d.label,
            weight: weightOf(c, d),
          })),
        blockSize(spec.block, wordSize, tf.size),
      );
    const out = new Map<LabelledDoc, number>();
    for (const k of cv ? Array.from({ length: folds }, (_, i) => i) : [-1]) {
      const m = fit(cv ? evalDocs.filter((d) => fold.get(d) !== k) : train);
      for (const d of evalDocs) if (!cv || fold.get(d) === k) out.set(d, memberLogit(m, view(d), cues.get(d)!));
    }
    z = evalDocs.map((d) => out.get(d)!);
    if (cacheDir) {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(diskKey(key), JSON.stringify(z));
    }
  }
  memberCache.set(key, z);
  return z;
}

type Rule = 'mean' | 'ifn';
/** Fits Platt on `fit` docs, picks the threshold there by `rule`; returns the scorer and threshold. */
function choose(c: Config, logits: number[][], fit: number[], rule: Rule) {
  const pickThreshold = (prob: (i: number) => number) => {
    const fitDocs = fit.map((i) => ({ dataset: evalDocs[i]!.dataset, label: evalDocs[i]!.label, i }));
    return rule === 'mean' ? constrainedThreshold(fitDocs, (d) => prob(d.i)) : domainThreshold(fitDocs, (d) => prob(d.i));
  };
  if (c.gate) {
    // Each member Platt-scaled on the texts of its own sets, against its own target, at its own weights.
    const platt = c.members.map((m, k) => {
      const on = fit.filter((i) => memberTrainsOn(m, evalDocs[i]!.dataset));
      const mc = m.weights ? { ...c, weights: m.weights } : c;
      return fitPlatt(
        on.map((i) => logits[k]![i]!),
        on.map((i) => (m.target === 'claim' ? claimLabel(evalDocs[i]!) : evalDocs[i]!.label)),
        on.map((i) => weightOf(mc, evalDocs[i]!)),
      );
    });
    const hoax = platt.slice(0, -1).map((p) => ({ platt: p }));
    const g = platt.at(-1)!;
    const claim = (i: number) => sigmoid(g.a * logits.at(-1)![i]! + g.b);
    const conditional = (i: number) =>
      ensembleProbability(
        hoax,
        logits.slice(0, -1).map((z) => z[i]!),
      );
    const prob = (i: number) =>
      c.gate === 'min' ? Math.min(claim(i), conditional(i)) : c.gate === 'sqrt' ? Math.sqrt(claim(i)) * conditional(i) : claim(i) * conditional(i);
    return { prob, threshold: pickThreshold(prob), claim, conditional };
  }
  if (c.combine === 'stack' || c.combine === 'stack-ifn') {
    const on = c.combine === 'stack' ? fit : fit.filter((i) => evalDocs[i]!.dataset === 'ifn');
    const w = trainLogRegLbfgs(
      on.map((i) => ({
        x: { idx: new Int32Array(0), val: new Float32Array(0) },
        dense: Float32Array.from(logits, (z) => z[i]!),
        y: evalDocs[i]!.label,
        w: weightOf(c, evalDocs[i]!),
      })),
      0,
      logits.length,
      { l2: 1e-4 },
    );
    const prob = (i: number) => sigmoid(logits.reduce((a, z, k) => a + w.dense[k]! * z[i]!, w.bias));
    const fitDocs = fit.map((i) => ({ dataset: evalDocs[i]!.dataset, label: evalDocs[i]!.label, i }));
    const threshold = rule === 'mean' ? constrainedThreshold(fitDocs, (d) => prob(d.i)) : domainThreshold(fitDocs, (d) => prob(d.i));
    return { prob, threshold };
  }
  const platt = logits.map((z) =>
    c.combine === 'raw'
      ? { a: 1, b: 0 }
      : fitPlatt(
          fit.map((i) => z[i]!),
          fit.map((i) => evalDocs[i]!.label),
          fit.map((i) => weightOf(c, evalDocs[i]!)),
        ),
  );
  const members = platt.map((p) => ({ platt: p }));
  const prob = (i: number) =>
    ensembleProbability(
      members,
      logits.map((z) => z[i]!),
    );
  const fitDocs = fit.map((i) => ({ dataset: evalDocs[i]!.dataset, label: evalDocs[i]!.label, i }));
  const threshold = rule === 'mean' ? constrainedThreshold(fitDocs, (d) => prob(d.i)) : domainThreshold(fitDocs, (d) => prob(d.i));
  return { prob, threshold };
}

const only = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--folds' && all[i - 1] !== '--cache');
const all = evalDocs.map((_, i) => i);
for (const c of configs) {
  if (only.length && !only.some((prefix) => c.name.startsWith(prefix))) continue;
  const t0 = Date.now();
  const logits = c.members.map((m) => evalLogits(c, m));
  const ifn = all.filter((i) => evalDocs[i]!.dataset === 'ifn');
  const cols: string[] = [];
  const rate = (idx: number[], set: string, called: (i: number) => boolean) => {
    const of = idx.filter((i) => evalDocs[i]!.dataset === set);
    return ((of.filter(called).length / Math.max(1, of.length)) * 100).toFixed(1);
  };
  const chosen0 = choose(c, logits, all, 'mean');
  const p0 = chosen0.prob;
  cols.push(
    `AUC ${rocAuc(
      ifn.map((i) => evalDocs[i]!.label),
      ifn.map(p0),
    ).toFixed(3)}`,
  );
  const { claim, conditional } = chosen0 as { claim?: (i: number) => number; conditional?: (i: number) => number };
  if (claim && conditional) {
    // The gate's parts: IFN AUC of the conditional members alone, the gate's claim-vs-chatter AUC, and how many IFN claims it doubts.
    const gated = all.filter((i) => memberTrainsOn(c.members.at(-1)!, evalDocs[i]!.dataset));
    cols.push(
      `cond AUC ${rocAuc(
        ifn.map((i) => evalDocs[i]!.label),
        ifn.map(conditional),
      ).toFixed(3)} gate AUC ${rocAuc(
        gated.map((i) => claimLabel(evalDocs[i]!)),
        gated.map(claim),
      ).toFixed(3)} IFN claim<0.5 ${((ifn.filter((i) => claim(i) < 0.5).length / ifn.length) * 100).toFixed(1)}%`,
    );
  }
  for (const rule of ['mean', 'ifn'] as const) {
    const { prob, threshold } = choose(c, logits, all, rule);
    const m = metrics(
      ifn.map((i) => evalDocs[i]!.label),
      ifn.map(prob),
      threshold,
    );
    // The honest figure: choose on one half, score the other, both ways, pooled.
    const called = new Map<number, boolean>();
    for (const h of [0, 1]) {
      const pick = choose(
        c,
        logits,
        all.filter((i) => half.get(evalDocs[i]!) === h),
        rule,
      );
      for (const i of all) if (half.get(evalDocs[i]!) !== h) called.set(i, pick.prob(i) >= pick.threshold);
    }
    const x = metrics(
      ifn.map((i) => evalDocs[i]!.label),
      ifn.map((i) => (called.get(i) ? 1 : 0)),
      0.5,
    );
    cols.push(
      `${rule}: t ${threshold.toFixed(2)} F1 ${m.macro_f1.toFixed(3)} EmoT ${rate(all, 'casual_tweets', (i) => prob(i) >= threshold)}% ` +
        `cpl ${rate(all, 'police_complaints', (i) => prob(i) >= threshold)}% news ${rate(all, 'police_news', (i) => prob(i) >= threshold)}% | x-half F1 ${x.macro_f1.toFixed(3)} EmoT ${rate(all, 'casual_tweets', (i) => called.get(i)!)}%`,
    );
  }
  console.log(`${c.name.padEnd(24)} ${cols.join('  ||  ')}  (${Math.round((Date.now() - t0) / 1000)} s)`);
  // `--sweep`: IFN macro-F1 and the weak sets' called-hoax rates at every threshold (all texts scored as above), to see which limit binds.
  if (process.argv.includes('--sweep')) {
    const { prob } = choose(c, logits, all, 'mean');
    for (let t = 0.5; t <= 0.9; t += 0.02) {
      const f1 = metrics(
        ifn.map((i) => evalDocs[i]!.label),
        ifn.map(prob),
        t,
      ).macro_f1;
      const at = (set: string) => rate(all, set, (i) => prob(i) >= t);
      console.log(`  t ${t.toFixed(2)} IFN F1 ${f1.toFixed(3)} EmoT ${at('casual_tweets')}% cpl ${at('police_complaints')}% news ${at('police_news')}%`);
    }
  }
}
