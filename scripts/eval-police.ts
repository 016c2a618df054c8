/**
 * Police-mention detection measured on real sentences (npm run eval:police): sentences from
 * Indonesia False News, TurnBackHoax 2026 and Indonesian tweets (Ibrohim 2019), with look-alikes
 * (politik, polis, Satpol PP, polisi militer…) as hard negatives, labelled by hand in
 * models/eval/police-mentions.*.jsonl. The dev set shaped the detector; the held-out set was
 * sampled and labelled after it was frozen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { canonicalUnit, detectPoliceMentions } from '../src/classify/police-mentions.ts';
import { MODELS_DIR } from '../src/classify/normalise.ts';

interface Gold {
  ref: string;
  text: string;
  mentions: Array<{ text: string; unit: string }>;
}
type Span = { start: number; end: number; unit: string };

function goldSpans(g: Gold): Span[] {
  let from = 0;
  return g.mentions.map((m) => {
    const start = g.text.indexOf(m.text, from);
    if (start < 0) throw new Error(`${g.ref}: gold mention "${m.text}" not found in its sentence`);
    from = start + m.text.length;
    return { start, end: from, unit: m.unit };
  });
}

export function evaluate(file: string) {
  const rows = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Gold);
  let tpStrict = 0,
    tpOverlap = 0,
    unitRight = 0,
    nPred = 0,
    nGold = 0,
    negSentences = 0,
    negFalseAlarms = 0;
  const errors: string[] = [];
  for (const g of rows) {
    const gold = goldSpans(g);
    const pred = detectPoliceMentions(g.text).map((m) => ({ start: m.start, end: m.end, unit: m.unit }));
    nPred += pred.length;
    nGold += gold.length;
    if (!gold.length) {
      negSentences++;
      if (pred.length) negFalseAlarms++;
    }
    const used = new Set<number>();
    for (const p of pred) {
      const exact = gold.findIndex((x, i) => !used.has(i) && x.start === p.start && x.end === p.end);
      const overlap = exact >= 0 ? exact : gold.findIndex((x, i) => !used.has(i) && x.start < p.end && p.start < x.end);
      if (overlap < 0) {
        errors.push(`${g.ref}: extra "${g.text.slice(p.start, p.end)}"`);
        continue;
      }
      used.add(overlap);
      tpOverlap++;
      if (exact >= 0) tpStrict++;
      else errors.push(`${g.ref}: span "${g.text.slice(p.start, p.end)}" for "${g.text.slice(gold[overlap]!.start, gold[overlap]!.end)}"`);
      // Gold units were written as the text writes them ("Polda Sulsel"); the detector names the Polda in full.
      if (canonicalUnit(gold[overlap]!.unit) === p.unit) unitRight++;
      else errors.push(`${g.ref}: unit "${p.unit}" for "${gold[overlap]!.unit}"`);
    }
    gold.forEach((x, i) => used.has(i) || errors.push(`${g.ref}: missed "${g.text.slice(x.start, x.end)}"`));
  }
  const prf = (tp: number) => {
    const p = tp / (nPred || 1),
      r = tp / (nGold || 1);
    return { precision: round(p), recall: round(r), f1: round((2 * p * r) / (p + r || 1)) };
  };
  return {
    sentences: rows.length,
    gold_mentions: nGold,
    strict: prf(tpStrict),
    overlap: prf(tpOverlap),
    unit_accuracy: round(unitRight / (tpOverlap || 1)),
    hard_negative_sentences: negSentences,
    hard_negative_false_alarms: negFalseAlarms,
    errors,
  };
}

function round(x: number) {
  return Math.round(x * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) report();

function report() {
  for (const set of ['dev', 'heldout']) {
    const r = evaluate(path.join(MODELS_DIR, 'eval', `police-mentions.${set}.jsonl`));
    console.log(`${set}: ${r.sentences} sentences, ${r.gold_mentions} mentions`);
    console.log(`  exact spans   P ${r.strict.precision}  R ${r.strict.recall}  F1 ${r.strict.f1}`);
    console.log(`  overlapping   P ${r.overlap.precision}  R ${r.overlap.recall}  F1 ${r.overlap.f1}   unit correct ${r.unit_accuracy}`);
    console.log(`  look-alike sentences with a false mention: ${r.hard_negative_false_alarms} of ${r.hard_negative_sentences}`);
    for (const e of r.errors) console.log(`    ${e}`);
  }
}
