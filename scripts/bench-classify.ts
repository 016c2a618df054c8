/**
 * Classification benchmark (npm run bench:classify). On the same 20,000 real texts from ../shared/data,
 * in one run: (0) a bare reference, a plain TF-IDF + logistic-regression predict loop over the shipped
 * model's own vocabulary and weights; (a) the hoax model alone; (full) the whole classifier (hoax model,
 * police mentions and triage, topics, claim matching, signals, score) with a debunk corpus; (hlbk) the
 * same with an official-accounts registry and 10,000 decided-case items. The four take turns on blocks
 * of texts and each prints items/s and its ratio to the bare loop, so the figures read the same on a busy
 * machine (issue #21's targets: full ≥ 0.25 of the bare loop, HLBK ≥ 1,000 items/s). Then (b) embeddings
 * when a model is present, and (c) the classify stage with database writes on PGlite. Prints figures only.
 * `--no-db` skips (c); `--texts n` reads an evenly spaced sample of n texts.
 */
import { performance } from 'node:perf_hooks';
import { ClaimIndex } from '../src/classify/claim-match.ts';
import { classify, type ClassifyContext } from '../src/classify/classifier.ts';
import { HoaxModel } from '../src/classify/hoax-model.ts';
import { sigmoid } from '../src/classify/logreg.ts';
import { loadModels } from '../src/classify/models.ts';
import { OfficialRegistry } from '../src/classify/official-registry.ts';
import { runClassify } from '../src/classify/stage.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { syncSources } from '../src/db/sources.repo.ts';
import { storeItems } from '../src/ingest/dedup.ts';
import { prepareItem } from '../src/ingest/prepare.ts';
import { silentLogger } from '../src/log.ts';
import { loadPipeline } from '../src/pipeline/load.ts';
import { loadDataset, type LabelledDoc } from './lib/datasets.ts';

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

const N = 20_000;
// Every labelled set but the political headlines (lower-cased, stopwords gone: no post reads like that), then those to make up N.
const docs: LabelledDoc[] = [
  ...(['ifn', 'pratiwi', 'news_tbh', 'casual_tweets', 'police_news', 'police_complaints', 'tbh_claims'] as const).flatMap((d) => loadDataset(d)),
  ...loadDataset('political'),
].slice(0, N);
// `--texts n`: an evenly spaced sample of n of them (the same mix), for a quicker run.
const arg = process.argv.indexOf('--texts');
const sampled = arg > 0 ? Number(process.argv[arg + 1]) : N;
if (!(sampled > 0)) throw new Error(`bench:classify: --texts wants a positive number, not "${process.argv[arg + 1]}"`);
const texts = docs.filter((_, i) => Math.floor((i * sampled) / docs.length) !== Math.floor(((i + 1) * sampled) / docs.length)).map((d) => d.text);
const t0 = performance.now();
const model = HoaxModel.load();
console.log(
  `model ${model.version} loaded in ${Math.round(performance.now() - t0)} ms; ${texts.length} real texts (mean ${Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length)} chars)`,
);

/**
 * The bare reference: what any TF-IDF + logistic regression costs per text. Lower-case, split on
 * non-letters, look up word uni- and bigrams in the shipped vocabulary, sublinear TF × IDF, L2 norm,
 * dot product with the shipped lr-all member's word weights, sigmoid. No slang, stemming or char n-grams.
 */
function bareLoop(m: HoaxModel): (text: string) => number {
  const { terms, idf } = m.artifact.text.word;
  const index = new Map(terms.map((t, i) => [t, i]));
  const member = m.artifact.members.find((x) => x.name === 'lr-all') ?? m.artifact.members[0]!;
  const weights = Float32Array.from(member.weights.sparse.slice(0, terms.length));
  const tf = new Map<number, number>();
  return (text) => {
    tf.clear();
    const tokens = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    for (let k = 0; k < tokens.length; k++) {
      const uni = index.get(tokens[k]!);
      if (uni !== undefined) tf.set(uni, (tf.get(uni) ?? 0) + 1);
      const bi = k + 1 < tokens.length ? index.get(`${tokens[k]} ${tokens[k + 1]}`) : undefined;
      if (bi !== undefined) tf.set(bi, (tf.get(bi) ?? 0) + 1);
    }
    let norm = 0;
    let dot = 0;
    for (const [i, n] of tf) {
      const v = (1 + Math.log(n)) * idf[i]!;
      norm += v * v;
      dot += v * weights[i]!;
    }
    return sigmoid(member.weights.bias + dot / (Math.sqrt(norm) || 1));
  };
}

const cold = performance.now();
for (const t of texts) model.score({ text: t });
console.log(`    hoax model, first pass over the texts (cold caches): ${Math.round(texts.length / ((performance.now() - cold) / 1000))} items/s`);

const beltim = await loadPipeline('beltim');
// A fact-checker's debunk corpus: the TurnBackHoax articles among the texts.
const debunks = loadDataset('news_tbh').filter((d) => d.label === 1);
const claims = ClaimIndex.build(debunks.map((d, k) => ({ url: `https://turnbackhoax.id/${k}`, title: `[SALAH] ${d.text.slice(0, 80)}`, text: d.text })));
const ctx: ClassifyContext = { model, triage: loadModels().triage, lexicon: { units: beltim.area.units }, places: beltim.area.places, claims };
// As deployed: a registry to check "from the police" claims against, and the desk's decided cases (HLBK), 10,000 items, hoaxes first.
const registry = new OfficialRegistry(
  Array.from({ length: 20 }, (_, k) => ({
    kind: (['akun', 'telepon', 'situs', 'pejabat'] as const)[k % 4]!,
    value: [`polsek_uji${k}`, `62811000${1000 + k}`, `polsekuji${k}.com`, `Pejabat Uji ${k}`][k % 4]!,
    unit: `Polsek Uji ${k}`,
    rank: k % 4 === 3 ? 'AKP' : null,
    position: k % 4 === 3 ? 'Kapolsek' : null,
  })),
);
const decided = [...docs.filter((d) => d.label === 1), ...docs.filter((d) => d.label === 0)].slice(0, 10_000);
const b0 = performance.now();
const decidedCases = ClaimIndex.build(decided.map((d, k) => ({ caseId: k + 1, url: null, title: `Kasus ${k + 1}`, text: d.text })));
console.log(`    indexes: ${claims.size} debunks; ${decidedCases.size} decided-case items, built in ${Math.round(performance.now() - b0)} ms`);
const withCases = { ...ctx, registry, decidedCases };

/**
 * The stages take turns on blocks of 500 texts (each stage once on the first block to warm up), so a
 * machine that gets busier or quieter during the run slows them all alike and the ratios hold.
 */
const bare = bareLoop(model);
const stages: Array<{ label: string; fn: (text: string) => unknown; ms: number }> = [
  { label: '(0) bare reference: plain TF-IDF + logistic regression, shipped weights', fn: bare, ms: 0 },
  { label: '(a) hoax model alone (word + char n-grams, cues, 3-member ensemble)', fn: (t) => model.score({ text: t }), ms: 0 },
  { label: `(full) whole classifier, ${claims.size} debunks, no registry, no decided cases`, fn: (t) => classify({ text: t }, ctx), ms: 0 },
  { label: `(hlbk) the same with a 20-entry registry and ${decidedCases.size} decided-case items`, fn: (t) => classify({ text: t }, withCases), ms: 0 },
];
const BLOCK = 500;
for (const st of stages) for (const t of texts.slice(0, BLOCK)) st.fn(t);
for (let from = 0; from < texts.length; from += BLOCK) {
  const block = texts.slice(from, from + BLOCK);
  for (const st of stages) {
    const s = performance.now();
    for (const t of block) st.fn(t);
    st.ms += performance.now() - s;
  }
}
const rates = stages.map((st) => texts.length / (st.ms / 1000));
stages.forEach((st, k) =>
  console.log(`${st.label.padEnd(84)} ${String(Math.round(rates[k]!)).padStart(6)} items/s  (×${(rates[k]! / rates[0]!).toFixed(3)} of the bare loop)`),
);
const [fullRatio, hlbkRate] = [rates[2]! / rates[0]!, rates[3]!];
console.log(
  `targets (issue #21): full classifier ≥ 0.25 of the bare loop: ${fullRatio.toFixed(3)} ${fullRatio >= 0.25 ? 'met' : 'NOT met'}; ` +
    `HLBK ≥ 1,000 items/s: ${Math.round(hlbkRate)} ${hlbkRate >= 1000 ? 'met' : 'NOT met'} (×${(hlbkRate / rates[0]!).toFixed(3)} of the bare loop)`,
);
console.log('(b) embeddings: skipped — no sentence-embedding weights are available offline here (see ../shared/README.md)');

if (!process.argv.includes('--no-db')) {
  const stored = texts.slice(0, 5_000);
  const sdb = await openDatabase({ kind: 'pglite' });
  await migrate(sdb);
  await syncSources(sdb.db, 'bench', [{ id: 'bench', kind: 'import', name: 'bench', schedule: null, enabled: true, config: {} }]);
  await storeItems(
    sdb.db,
    'bench',
    stored.map((t, i) => prepareItem({ externalId: String(i), text: t })),
  );
  for (const batchSize of [50, 200, 1000]) {
    const c0 = performance.now();
    const s = await runClassify({ db: sdb.db, log: silentLogger, ctx: { ...ctx, model: model.withMeta({ version: `bench-${batchSize}` }) } }, { batchSize });
    const ms = performance.now() - c0;
    console.log(
      `(c) classify stage on PGlite, batch ${String(batchSize).padStart(4)}: ${Math.round(s.classified / (ms / 1000))} items/s (${s.classified} items, ${s.flagged} flagged)`,
    );
  }
  await sdb.close();
}
sample();
clearInterval(timer);
console.log(`peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
