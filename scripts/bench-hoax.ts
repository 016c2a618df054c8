/**
 * The hoax model's own scoring speed (npx tsx scripts/bench-hoax.ts [model file]): HoaxModel.score on
 * 2,000 real texts taken in turn from the test split of each set (social claims, headlines, news
 * articles, ordinary and complaint tweets, police news), after one warm-up pass. The machine is shared, so
 * besides wall-clock items/s it prints items per CPU-second of this process, which other load moves less.
 * (test/unit/classify/text-features.test.ts checks the fast feature path against the plain formula.)
 */
import { performance } from 'node:perf_hooks';
import { HoaxModel } from '../src/classify/hoax-model.ts';
import { DATASETS, loadDataset, type DatasetName } from './lib/datasets.ts';

const model = process.argv[2] ? HoaxModel.load(process.argv[2]) : HoaxModel.load();
const sets = (Object.keys(DATASETS) as DatasetName[]).map((n) =>
  loadDataset(n)
    .filter((d) => d.split === 'test')
    .map((d) => d.text),
);
const texts: string[] = [];
for (let k = 0; texts.length < 2_000; k++) for (const s of sets) if (k < s.length && texts.length < 2_000) texts.push(s[k]!);
console.log(`${model.version}: ${texts.length} texts, mean ${Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length)} chars`);
for (let round = 0; round < 3; round++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const text of texts) model.score({ text });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${round === 0 ? 'cold (stem cache filling)' : 'warm'}: ${Math.round(texts.length / wall)} items/s wall, ${Math.round(texts.length / cpuSec)} items/CPU-s`,
  );
}
