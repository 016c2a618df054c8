/**
 * Calibrates the claim-match threshold (npm run calibrate:claims) on real TurnBackHoax 2026 articles:
 * each article's circulated claim ("narasi") should find that article, whose indexed form is its
 * title (from the URL) and conclusion, never the narasi itself. Half of the articles choose the
 * threshold (best F1 of "the right article is found above it, no wrong one is"); the other half
 * report precision and recall at it. Then the other error: real news naming the police (which no
 * debunk is about) matched at the threshold, with and without the distinctive-term rule.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ClaimIndex } from '../src/classify/claim-match.ts';
import { isReserved, loadPoliceCorpus } from './lib/police-corpus.ts';
import { SHARED } from './lib/shared.ts';

type Row = Record<string, string>;
const rows = (
  parse(fs.readFileSync(path.join(SHARED, 'fixtures/turnbackhoax-articles-2026/turnbackhoax_articles.csv')), { columns: true, bom: true }) as Row[]
).filter((r) => r.narasi?.trim() && r.kesimpulan?.trim() && r.url);
const titleOf = (url: string) => url.split('/').pop()!.replace(/^\d+-/, '').replace(/-/g, ' ');
const debunks = rows.map((r) => ({ url: r.url!, title: `[${r.classification || 'SALAH'}] ${titleOf(r.url!)}`, text: r.kesimpulan! }));
const index = ClaimIndex.build(debunks);
const half = (url: string) => createHash('sha1').update(url).digest()[0]! % 2;

function outcomes(part: number, threshold: number) {
  return outcomesWith(part, threshold, true);
}

function outcomesWith(part: number, threshold: number, requireMarks: boolean) {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (const r of rows.filter((x) => half(x.url!) === part)) {
    const top = index.match(r.narasi!, { minScore: threshold, limit: 1, requireMarks })[0];
    if (top?.url === r.url) tp++;
    else {
      if (top) fp++;
      fn++;
    }
  }
  const p = tp / (tp + fp || 1),
    rc = tp / (tp + fn || 1);
  return { tp, fp, fn, precision: p, recall: rc, f1: (2 * p * rc) / (p + rc || 1) };
}

let best = { t: 0, f1: -1 };
for (let t = 0.05; t <= 0.8; t += 0.01) {
  const f1 = outcomes(0, t).f1;
  if (f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1 };
}
const held = outcomes(1, best.t);
console.log(`${rows.length} articles; threshold ${best.t} chosen on half A (F1 ${best.f1.toFixed(3)})`);
console.log(
  `half B at ${best.t}: precision ${held.precision.toFixed(3)}  recall ${held.recall.toFixed(3)}  F1 ${held.f1.toFixed(3)}  (right ${held.tp}, wrong ${held.fp}, missed ${held.fn})`,
);
for (const t of [best.t + 0.1, best.t + 0.2]) {
  const o = outcomes(1, t);
  console.log(`half B at ${t.toFixed(2)}: precision ${o.precision.toFixed(3)}  recall ${o.recall.toFixed(3)}`);
}

// False matches: mainstream news about the police against the same debunks (none of them is about it).
const news = loadPoliceCorpus().filter((d) => d.set === 'news25' && !isReserved(d));
for (const requireMarks of [false, true]) {
  const hits = news.filter((d) => index.match(d.text, { minScore: best.t, limit: 1, requireMarks }).length > 0).length;
  const held2 = requireMarks ? held : outcomesWith(1, best.t, false);
  console.log(
    `${requireMarks ? 'with' : 'without'} the distinctive-term rule: ${hits} of ${news.length} police news articles match a debunk at ${best.t} (${((100 * hits) / news.length).toFixed(1)} %); half B recall ${held2.recall.toFixed(3)}`,
  );
}
