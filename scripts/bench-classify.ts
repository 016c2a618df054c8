/**
 * Classification benchmark (npm run bench:classify): items/s and peak RSS for (a) the TF-IDF hoax
 * model alone, (b) sentence embeddings (when a model is present), (c) the full classify stage with
 * database writes on PGlite, at several batch sizes. Real texts from ../shared/data. Prints figures only.
 */
import { performance } from 'node:perf_hooks';
import { classify } from '../src/classify/classifier.ts';
import { HoaxModel } from '../src/classify/hoax-model.ts';
import { runClassify } from '../src/classify/stage.ts';
import { openDatabase } from '../src/db/connect.ts';
import { storeItems } from '../src/db/items.repo.ts';
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
console.log(`model ${model.version} loaded in ${Math.round(performance.now() - t0)} ms; ${texts.length} real texts (mean ${Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length)} chars)`);

for (let round = 0; round < 2; round++) {
  const a0 = performance.now();
  for (const t of texts) model.score({ text: t });
  const ms = performance.now() - a0;
  console.log(`(a) TF-IDF model alone${round === 0 ? ' (cold stem cache)' : ''}: ${Math.round(texts.length / (ms / 1000))} items/s`);
}

const beltim = await loadPipeline('beltim');
const ctx = { model, lexicon: { units: beltim.area.units }, places: beltim.area.places };
const f0 = performance.now();
for (const t of texts) classify({ text: t }, ctx);
console.log(`    full classifier (model + police mentions + topics + score), no database: ${Math.round(texts.length / ((performance.now() - f0) / 1000))} items/s`);
console.log('(b) embeddings: skipped — no sentence-embedding weights are available offline here (see ../shared/README.md)');

const sdb = await openDatabase({ kind: 'pglite' });
await migrate(sdb);
await syncSources(sdb.db, 'bench', [{ id: 'bench', kind: 'import', name: 'bench', schedule: null, enabled: true, config: {} }]);
await storeItems(sdb.db, 'bench', texts.map((t, i) => prepareItem({ externalId: String(i), text: t })));
for (const batchSize of [50, 200, 1000]) {
  const c0 = performance.now();
  const s = await runClassify({ db: sdb.db, log: silentLogger, ctx: { ...ctx, model: model.withMeta({ version: `bench-${batchSize}` }) } }, { batchSize });
  const ms = performance.now() - c0;
  console.log(`(c) classify stage on PGlite, batch ${String(batchSize).padStart(4)}: ${Math.round(s.classified / (ms / 1000))} items/s (${s.classified} items, ${s.flagged} flagged)`);
}
await sdb.close();
sample();
clearInterval(timer);
console.log(`peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
