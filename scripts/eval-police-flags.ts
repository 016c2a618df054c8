/**
 * The three police flags, as the whole classifier sets them, measured on real items (npm run eval:police-flags): claims checked by
 * Mafindo (IFN), TurnBackHoax narratives and impersonation records, Ibrohim 2019 and IndoNLU EmoT
 * tweets, and Tempo's Hukum feed, labelled by hand in models/eval/police-flags.*.jsonl. The dev set
 * shaped the cues; the held-out set was drawn (scripts/sample-police-flags.ts, SEED=23) and labelled
 * after they were frozen (the earlier cue rules; the triage model came later and was tuned without either set).
 * The figure that matters most: criticism items that get a hoax flag.
 */
import fs from 'node:fs';
import path from 'node:path';
import { classify } from '../src/classify/classifier.ts';
import { loadModels } from '../src/classify/models.ts';
import { MODELS_DIR } from '../src/classify/normalise.ts';
import { POLICE_FLAG_LABEL, type PoliceFlagCode } from '../src/classify/police-flags.ts';

type Gold = { ref: string; text: string } & Record<PoliceFlagCode, 0 | 1>;
const CODES = Object.keys(POLICE_FLAG_LABEL) as PoliceFlagCode[];
const models = loadModels();
const ctx = { ...models, lexicon: { units: [] }, places: [] };

export function evaluate(file: string) {
  const rows = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Gold);
  const counts = Object.fromEntries(CODES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }])) as Record<PoliceFlagCode, { tp: number; fp: number; fn: number }>;
  const errors: string[] = [];
  let criticismOnly = 0;
  let criticismHoaxFlagged = 0;
  let modelAloneOnCriticism = 0;
  for (const g of rows) {
    const flags = classify({ text: g.text }, ctx).police_flags;
    for (const c of CODES) {
      const pred = flags?.[c].flagged ?? false;
      const gold = g[c] === 1;
      if (pred && gold) counts[c].tp++;
      else if (pred) {
        counts[c].fp++;
        errors.push(`${g.ref}: extra ${c} (${flags![c].reasons.join('; ')})`);
      } else if (gold) {
        counts[c].fn++;
        errors.push(`${g.ref}: missed ${c}`);
      }
    }
    if (g.kritik_keluhan && !g.hoaks_tentang_polisi) {
      criticismOnly++;
      if (flags?.hoaks_tentang_polisi.flagged) criticismHoaxFlagged++;
      if (models.model.probability(g.text) >= models.model.threshold) modelAloneOnCriticism++;
    }
  }
  const prf = ({ tp, fp, fn }: { tp: number; fp: number; fn: number }) => {
    const p = tp + fp ? tp / (tp + fp) : 1;
    const r = tp + fn ? tp / (tp + fn) : 1;
    return { precision: round(p), recall: round(r), f1: round(p + r ? (2 * p * r) / (p + r) : 0), support: tp + fn };
  };
  return {
    items: rows.length,
    flags: Object.fromEntries(CODES.map((c) => [c, prf(counts[c])])),
    criticism_only: { items: criticismOnly, with_hoax_flag: criticismHoaxFlagged, hoax_model_alone_would_flag: modelAloneOnCriticism },
    errors,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const split of process.argv[2] ? [process.argv[2]] : ['dev', 'heldout']) {
    const file = path.join(MODELS_DIR, 'eval', `police-flags.${split}.jsonl`);
    if (!fs.existsSync(file)) continue;
    const r = evaluate(file);
    console.log(`\n${split} (${r.items} items)`);
    for (const c of CODES) {
      const f = r.flags[c]!;
      const line = f.support
        ? `P ${f.precision.toFixed(2)}  R ${f.recall.toFixed(2)}  F1 ${f.f1.toFixed(2)}  (support ${f.support})`
        : 'no labelled positives in this set';
      console.log(`  ${POLICE_FLAG_LABEL[c].padEnd(24)} ${line}`);
    }
    console.log(
      `  criticism-only items with a hoax flag: ${r.criticism_only.with_hoax_flag} of ${r.criticism_only.items} (the hoax model alone: ${r.criticism_only.hoax_model_alone_would_flag})`,
    );
    for (const e of r.errors) console.log(`    ${e}`);
  }
}
