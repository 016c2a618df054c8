/**
 * Classification benchmark (npm run bench:classify): items/s and peak RSS for (a) the TF-IDF hoax
 * model alone, (b) sentence embeddings (when a model is present), (c) the full classify stage with
 * database writes on PGlite, at several batch sizes. Real texts from ../shared/data. Prints figures only.
 */
import { loadModels } from '../src/classify/models.ts';
import { performance } from 'node:perf_hooks';
import { ClaimIndex } from '../src/classify/claim-match.ts';
import { classify } from '../src/classify/classifier.ts';
import { OfficialRegistry } from '../src/classify/official-registry.ts';
import { HoaxModel } from '../src/classify/hoax-model.ts';
import { runClassify } from '../src/classify/stage.ts';
import { openDatabase } from '../src/db/connect.ts';
import { storeItems } from '../src/ingest/dedup.ts';
import { migrate } from '../src/db/migrate.ts';
import { syncSources } from '../src/db/sources.repo.ts';
import { prepareItem } from '../src/ingest/prepare.ts';
import { silentLogger } from '../src/log.ts';
import { loadPipeline } from '../src/pipeline/load.ts';
import { loadDataset } from './lib/datasets.ts';

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 20);

const texts = [...loadDataset('ifn'), ...loadDataset('pratiwi'), ...loadDataset('news_tbh')].map((d) => d.text);
const t0 = performance.now();
const model = HoaxModel.load();
console.log(
  `model ${model.version} loaded in ${Math.round(performance.now() - t0)} ms; ${texts.length} real texts (mean ${Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length)} chars)`,
);

for (let round = 0; round < 2; round++) {
  const a0 = performance.now();
  for (const t of texts) model.score({ text: t });
  const ms = performance.now() - a0;
  console.log(`(a) TF-IDF model alone${round === 0 ? ' (cold stem cache)' : ''}: ${Math.round(texts.length / (ms / 1000))} items/s`);
}

const beltim = await loadPipeline('beltim');
const ctx = { model, triage: loadModels().triage, lexicon: { units: beltim.area.units }, places: beltim.area.places };
const f0 = performance.now();
for (const t of texts) classify({ text: t }, ctx);
console.log(
  `    full classifier (model + police mentions + topics + score), no database: ${Math.round(texts.length / ((performance.now() - f0) / 1000))} items/s`,
);
// As deployed: a registry to check "from the police" claims against, and an index of decided cases (HLBK).
const registry = new OfficialRegistry(
  Array.from({ length: 20 }, (_, k) => ({
    kind: (['akun', 'telepon', 'situs', 'pejabat'] as const)[k % 4]!,
    value: [`polsek_uji${k}`, `62811000${1000 + k}`, `polsekuji${k}.com`, `Pejabat Uji ${k}`][k % 4]!,
    unit: `Polsek Uji ${k}`,
    rank: k % 4 === 3 ? 'AKP' : null,
    position: k % 4 === 3 ? 'Kapolsek' : null,
  })),
);
const decidedCases = ClaimIndex.build(texts.slice(0, 2000).map((t, k) => ({ caseId: k, url: null, title: null, text: t })));
const rest = texts.slice(2000);
const g0 = performance.now();
for (const t of rest) classify({ text: t }, { ...ctx, registry, decidedCases });
console.log(
  `    the same with a 20-entry registry and 2,000 decided-case items (HLBK): ${Math.round(rest.length / ((performance.now() - g0) / 1000))} items/s`,
);
console.log('(b) embeddings: skipped — no sentence-embedding weights are available offline here (see ../shared/README.md)');

const sdb = await openDatabase({ kind: 'pglite' });
await migrate(sdb);
await syncSources(sdb.db, 'bench', [{ id: 'bench', kind: 'import', name: 'bench', schedule: null, enabled: true, config: {} }]);
await storeItems(
  sdb.db,
  'bench',
  texts.map((t, i) => prepareItem({ externalId: String(i), text: t })),
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
sample();
clearInterval(timer);
console.log(`peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
