/**
 * Measures the topic rules (npm run eval:topics) against TurnBackHoax's own labels: the 2026 articles
 * (category and verdict; the rules were written looking at these, so they are the development set)
 * and the 2024 narratives labelled politics/scam/others (not looked at: the held-out check).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { detectTopics, type Topic } from '../src/classify/topics.ts';
import { SHARED } from './lib/shared.ts';

type Row = Record<string, string>;
const read = (p: string) => parse(fs.readFileSync(path.join(SHARED, p)), { columns: true, bom: true, relax_quotes: true, relax_column_count: true }) as Row[];

function score(name: string, rows: Array<{ text: string; gold: Set<Topic> }>, topics: Topic[]) {
  console.log(`\n${name} (n=${rows.length})`);
  for (const topic of topics) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const r of rows) {
      const predicted = detectTopics(r.text).some((m) => m.topic === topic);
      const gold = r.gold.has(topic);
      if (predicted && gold) tp++;
      else if (predicted) fp++;
      else if (gold) fn++;
    }
    const p = tp / (tp + fp || 1),
      rc = tp / (tp + fn || 1);
    console.log(`  ${topic.padEnd(16)} precision ${p.toFixed(3)}  recall ${rc.toFixed(3)}  F1 ${((2 * p * rc) / (p + rc || 1)).toFixed(3)}  (gold ${tp + fn})`);
  }
}

const CATEGORY: Record<string, Topic> = { Politik: 'politik/pilkada', Bencana: 'bencana', Kesehatan: 'kesehatan', Kriminalitas: 'kriminalitas', Agama: 'SARA' };
const dev = read('fixtures/turnbackhoax-articles-2026/turnbackhoax_articles.csv')
  .filter((r) => r.narasi?.trim())
  .map((r) => {
    const gold = new Set<Topic>();
    if (CATEGORY[r.category ?? '']) gold.add(CATEGORY[r.category!]!);
    if (r.classification === 'PENIPUAN') gold.add('penipuan online');
    return { text: r.narasi!, gold };
  });
score('TurnBackHoax 2026 articles, claim text (development set)', dev, ['penipuan online', 'politik/pilkada', 'bencana', 'kesehatan']);

const heldOut = read('data/tbh-hoax-corpora/tbh-2024-hoax-narratives__categorized_hoaxes.csv').map((r) => ({
  text: r.TITLE ?? '',
  gold: new Set<Topic>(r.LLM_CATEGORY === 'politics' ? ['politik/pilkada'] : r.LLM_CATEGORY === 'scam' ? ['penipuan online'] : []),
}));
score('TurnBackHoax 2024 narratives, titles only (held out; labels by an LLM)', heldOut, ['penipuan online', 'politik/pilkada']);
