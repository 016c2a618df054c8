/**
 * Calibrates the two HLBK thresholds (npm run calibrate:hlbk): when a new item resembles a claim the
 * desk already decided, above SUGGEST the link is offered, above AUTO it is made. Real data: the
 * desk's decided cases are played by TurnBackHoax's 2024 articles (tbh-2024-hoax-narratives: the
 * article's title as the case title, the circulating text as its item); the items that come back are
 * the same claims as other collections recorded them (tbh-claims-fact-1k `content`, tbh-social-posts
 * `post_text`), matched by title. Items whose title is in no 2024 article are the negatives: any link
 * for them counts as wrong (conservative: some are old claims under a new title).
 *
 * Half of the claims (by a hash of the title) choose the thresholds: SUGGEST is the lowest with
 * precision ≥ 0.80, AUTO the lowest with precision ≥ 0.95. The other half reports precision and
 * recall at them, for returning texts that differ from the decided one and for near-copies apart,
 * and for texts under HLBK_MIN_WORDS words (which are only ever suggested).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ClaimIndex } from '../src/classify/claim-match.ts';
import { HLBK_AUTO, HLBK_MIN_WORDS, HLBK_QUERY_CHARS, HLBK_SUGGEST } from '../src/classify/thresholds.ts';
import { SHARED } from './lib/shared.ts';

type Row = Record<string, string>;
const dir = path.join(SHARED, 'data/tbh-hoax-corpora');
const read = (f: string) => parse(fs.readFileSync(path.join(dir, f)), { columns: true, bom: true, relax_quotes: true }) as Row[];
const norm = (t: string) =>
  t
    .toLowerCase()
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const clean = (t: string) =>
  t
    .replace(/\bPENJELASAN\b[\s\S]*$/, '')
    .replace(/^[\s“”"]+|[\s“”"]+$/g, '')
    .trim();
const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

// The decided cases: one per 2024 article with a circulating text.
const decided = new Map<string, { caseId: number; title: string; text: string }>();
for (const f of ['others', 'politics', 'scam']) {
  for (const r of read(`tbh-2024-hoax-narratives__${f}_hoax_text.csv`)) {
    const text = clean(r.HOAX_TEXT ?? '');
    if (!r.TITLE || words(text) < 3 || /narasi tidak|tidak (ditampilkan|tersedia|terdapat)/i.test(text)) continue;
    decided.set(norm(r.TITLE), { caseId: Number(r.ID), title: r.TITLE, text });
  }
}
const cases = [...decided.values()];
const index = ClaimIndex.build(cases.map((c) => ({ caseId: c.caseId, url: null, title: c.title, text: c.text })));

// The items that come back.
interface Query {
  text: string;
  title: string;
  caseId: number | null;
  near: boolean;
  key: string;
}
const queries: Query[] = [];
const seen = new Set<string>();
const add = (title: string, raw: string) => {
  const text = clean(raw);
  if (words(text) < 3 || seen.has(text)) return;
  seen.add(text);
  const d = decided.get(norm(title));
  const near = !!d && norm(d.text).slice(0, 80) === norm(text).slice(0, 80);
  queries.push({ text, title, caseId: d?.caseId ?? null, near, key: norm(title) });
};
for (const r of read('tbh-claims-fact-1k__hoax_1k.csv')) add(r.title ?? '', r.content ?? '');
for (const r of read('tbh-social-posts-2019-2025__turnbackhoax_fix.csv')) add(r.blog_title ?? '', r.post_text ?? '');
// Titles name the claim. Two collections title one claim differently ("100 PULAU AKAN DIJUAL",
// "Mendagri Sebut 100 Pulau Akan Dijual"): a case whose title shares most content words with the
// item's title is the same claim, found independently of the texts the index compares.
const caseTitle = new Map(cases.map((c) => [c.caseId, c.title]));
const contentWords = (t: string) =>
  new Set(
    norm(t)
      .split(' ')
      .filter((w) => w.length > 2 && !/^(yang|dan|dari|untuk|dengan|akan|oleh|pada|video|foto|gambar|akun|pesan|beredar|narasi)$/.test(w)),
  );
function sameClaim(q: Query, caseId: number | undefined): boolean {
  if (caseId === undefined) return false;
  if (caseId === q.caseId) return true;
  const a = contentWords(q.title),
    b = contentWords(caseTitle.get(caseId) ?? '');
  const shared = [...a].filter((w) => b.has(w)).length;
  return shared >= 3 && shared / Math.min(a.size, b.size) >= 0.6;
}
const half = (key: string) => createHash('sha1').update(key).digest()[0]! % 2;

// Each query's best case once, at the lowest threshold considered; thresholds then only filter.
const FLOOR = 0.05;
const best = queries.map((q) => ({ q, top: index.match(q.text.slice(0, HLBK_QUERY_CHARS), { minScore: FLOOR, limit: 1 })[0] ?? null }));

function outcome(part: number, t: number, keep: (q: Query) => boolean = () => true) {
  let tp = 0,
    fp = 0,
    pos = 0;
  for (const { q, top } of best) {
    if (half(q.key) !== part || !keep(q)) continue;
    if (q.caseId !== null) pos++;
    if (!top || top.score < t) continue;
    if (sameClaim(q, top.caseId)) tp++;
    else fp++;
  }
  return { tp, fp, pos, precision: tp / (tp + fp || 1), recall: tp / (pos || 1) };
}

function lowest(minPrecision: number): number {
  for (let t = FLOOR; t <= 1; t += 0.01) {
    const o = outcome(0, t);
    if (o.precision >= minPrecision && o.tp + o.fp >= 10) return Math.round(t * 100) / 100;
  }
  return 1;
}

const suggest = lowest(0.8),
  auto = lowest(0.95);
const positives = queries.filter((q) => q.caseId !== null);
console.log(
  `${cases.length} decided cases; ${queries.length} returning items (${positives.length} of a decided claim: ${positives.filter((q) => !q.near).length} reworded, ${positives.filter((q) => q.near).length} near-copies; ${queries.length - positives.length} of no decided claim)`,
);
console.log(`chosen on half A: suggest ≥ ${suggest} (precision ≥ 0.80), auto ≥ ${auto} (precision ≥ 0.95); in use: suggest ${HLBK_SUGGEST}, auto ${HLBK_AUTO}`);
const fmt = (o: ReturnType<typeof outcome>) =>
  `precision ${o.precision.toFixed(3)}  recall ${o.recall.toFixed(3)}  (right ${o.tp}, wrong ${o.fp}, of ${o.pos})`;
for (const [name, t] of [
  ['suggest', HLBK_SUGGEST],
  ['auto', HLBK_AUTO],
] as const) {
  console.log(`half B, ${name} at ${t}:`);
  console.log(`  all        ${fmt(outcome(1, t))}`);
  console.log(`  reworded   ${fmt(outcome(1, t, (q) => !q.near))}`);
  console.log(`  near-copy  ${fmt(outcome(1, t, (q) => q.near))}`);
  console.log(`  < ${HLBK_MIN_WORDS} words ${fmt(outcome(1, t, (q) => words(q.text) < HLBK_MIN_WORDS))}`);
}
console.log('half B by threshold:');
for (const t of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) console.log(`  ${t.toFixed(2)}  ${fmt(outcome(1, t))}`);
if (process.argv.includes('--wrong')) {
  for (const { q, top } of best) {
    if (top && top.score >= Number(process.argv[process.argv.indexOf('--wrong') + 1]) && !sameClaim(q, top.caseId))
      console.log(`${top.score}\n  item: ${q.title} | ${q.text.slice(0, 160)}\n  case: ${top.title}`);
  }
}
