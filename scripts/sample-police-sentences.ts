/**
 * Draws candidate sentences for the police-mention evaluation sets (models/eval/): real sentences
 * from ../shared that name the police, and look-alikes (politik, polis, Satpol PP…) as hard
 * negatives, with the detector's current output as a starting point for labelling by hand.
 * Usage: SEED=11 NPOS=45 NNEG=15 EXCLUDE=models/eval/police-mentions.dev.jsonl OUT=candidates.jsonl tsx scripts/sample-police-sentences.ts
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { detectPoliceMentions } from '../src/classify/police-mentions.ts';
import { mulberry32 } from '../src/classify/logreg.ts';
import { SHARED } from './lib/shared.ts';
type Row = Record<string, string>;
const S = `${SHARED}/`;
const sentences: Array<{ src: string; text: string }> = [];
const split = (t: string) =>
  t
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z"“])/)
    .map((x) => x.trim())
    .filter((x) => x.length >= 30 && x.length <= 300);
for (const r of parse(fs.readFileSync(S + 'data/indonesia-false-news/train.csv'), { columns: true, relax_quotes: true }) as Row[])
  for (const s of split(`${r.judul}. ${r.text}`)) sentences.push({ src: `ifn:${r.ID}`, text: s });
for (const r of parse(fs.readFileSync(S + 'fixtures/turnbackhoax-articles-2026/turnbackhoax_articles.csv'), { columns: true, bom: true }) as Row[])
  for (const s of split(`${r.narasi} ${r.penjelasan}`)) sentences.push({ src: `tbh2026:${(r.url ?? '').split('/').pop()!.split('-')[0]}`, text: s });
const hs = new TextDecoder('latin1').decode(fs.readFileSync(S + 'fixtures/id-hatespeech-tweets-ibrohim2019/re_dataset.csv'));
(parse(hs, { columns: true, relax_quotes: true }) as Row[]).forEach((r, i) => {
  const t = (r.Tweet ?? '').replace(/\\n/g, ' ').replace(/\s+/g, ' ');
  if (t.length >= 30 && t.length < 300) sentences.push({ src: `ibrohim2019:${i + 2}`, text: t });
});
const rand = mulberry32(Number(process.env.SEED));
const pick = (pred: (t: string) => boolean, n: number) => {
  const pool = sentences.filter((s) => pred(s.text));
  const out = [];
  for (let i = 0; i < n && pool.length; i++) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
};
const exclude = new Set(
  process.env.EXCLUDE
    ? fs
        .readFileSync(process.env.EXCLUDE, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).text)
    : [],
);
for (let i = sentences.length - 1; i >= 0; i--) if (exclude.has(sentences[i]!.text)) sentences.splice(i, 1);
const chosen = [
  ...pick(
    (t) =>
      /\b(polisi|polri|polres|polsek|polda|kapolri|kapolres|kapolda|kapolsek|bhabinkamtibmas|satlantas|brimob|densus|propam|kepolisian|polwan|polantas)\b/i.test(
        t,
      ),
    Number(process.env.NPOS),
  ),
  ...pick(
    (t) => /\b(politik|polis|polandia|polusi|polemik|satpol|poliklinik|politisi|polio)\b/i.test(t) && !/\b(polisi|polri|polres|polsek|polda)\b/i.test(t),
    Number(process.env.NNEG),
  ),
];
const lex = { units: [] as Array<{ name: string }> };
fs.writeFileSync(
  process.env.OUT!,
  chosen
    .map((c) => JSON.stringify({ ref: c.src, text: c.text, mentions: detectPoliceMentions(c.text, lex).map((m) => ({ text: m.text, unit: m.unit })) }))
    .join('\n') + '\n',
);
console.log(chosen.length);
