/**
 * Draws real items that name the police, for the police-flag evaluation sets (models/eval/police-flags.*):
 * claims checked by Mafindo (IFN), TurnBackHoax 2026 narratives, Ibrohim 2019 and IndoNLU EmoT tweets,
 * and Tempo's Hukum feed. Labels (hoaks_tentang_polisi, mengatasnamakan_polisi, kritik_keluhan) are
 * given by hand afterwards. The draw is seeded, so the same sets come out again.
 * Usage: SEED=7 PER=18 OUT=candidates.jsonl tsx scripts/sample-police-flags.ts (the dev set's draw; the held-out set is SEED=23)
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { detectPoliceMentions } from '../src/classify/police-mentions.ts';
import { mulberry32 } from '../src/classify/logreg.ts';
import { decodeBody } from '../src/fetch/charset.ts';
import { parseFeed } from '../src/sources/rss.ts';
import { SHARED } from './lib/shared.ts';

type Row = Record<string, string>;
const S = `${SHARED}/`;
const clip = (t: string) => t.replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 700);
const pools: Record<string, Array<{ ref: string; text: string }>> = { ifn: [], tbh2026: [], ibrohim2019: [], emot: [], tempohukum: [] };
for (const r of parse(fs.readFileSync(S + 'data/indonesia-false-news/train.csv'), { columns: true, relax_quotes: true }) as Row[])
  pools.ifn!.push({ ref: `ifn:${r.ID}`, text: clip(`${r.judul}. ${r.text}`) });
for (const r of parse(fs.readFileSync(S + 'fixtures/turnbackhoax-articles-2026/turnbackhoax_articles.csv'), { columns: true, bom: true }) as Row[])
  pools.tbh2026!.push({ ref: `tbh2026:${(r.url ?? '').split('/').pop()!.split('-')[0]}`, text: clip(r.narasi ?? '') });
const hs = new TextDecoder('latin1').decode(fs.readFileSync(S + 'fixtures/id-hatespeech-tweets-ibrohim2019/re_dataset.csv'));
(parse(hs, { columns: true, relax_quotes: true }) as Row[]).forEach((r, i) =>
  pools.ibrohim2019!.push({ ref: `ibrohim2019:${i + 2}`, text: clip(r.Tweet ?? '') }),
);
(parse(fs.readFileSync(S + 'fixtures/indonlu-emot-tweets/train_preprocess.csv'), { columns: true }) as Row[]).forEach((r, i) =>
  pools.emot!.push({ ref: `emot:${i + 2}`, text: clip(r.tweet ?? '') }),
);
const seen = new Set<string>();
for (const f of fs.readdirSync(S + 'fixtures/tempo-cekfakta-feed/snapshots-hukum').sort()) {
  try {
    const feed = await parseFeed(decodeBody(fs.readFileSync(S + 'fixtures/tempo-cekfakta-feed/snapshots-hukum/' + f)).text, { baseUrl: 'https://tempo.co/' });
    for (const i of feed.items) {
      if (!i.url || seen.has(i.url)) continue;
      seen.add(i.url);
      pools.tempohukum!.push({ ref: `tempohukum:${i.url.split('/').pop()}`, text: clip(`${i.title ?? ''}. ${i.text}`) });
    }
  } catch {
    // an empty snapshot
  }
}
const rand = mulberry32(Number(process.env.SEED ?? 7));
const per = Number(process.env.PER ?? 20);
const out: string[] = [];
for (const [name, pool] of Object.entries(pools)) {
  // Any mention, foreign police included: those must get no police flags, a useful negative.
  const named = pool.filter((p) => p.text.length >= 40 && detectPoliceMentions(p.text).length > 0);
  console.error(`${name}: ${named.length} items name the police`);
  for (let i = 0; i < per && named.length; i++) out.push(JSON.stringify(named.splice(Math.floor(rand() * named.length), 1)[0]));
}
fs.writeFileSync(process.env.OUT!, out.join('\n') + '\n');
