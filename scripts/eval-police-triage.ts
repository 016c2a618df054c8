/**
 * The police triage on its hand-labelled held-out sets (npm run eval:police-triage; npm run eval prints
 * it with the targets): 672 real texts drawn by scripts/sample-police-triage.ts (SEED=41) from the
 * texts reserved before any model was trained, and 173 from sets no model reads (DRAW=2), labelled by
 * hand (models/eval/police-triage.heldout*.jsonl, refs only: the texts stay in ../shared). Every text goes through the whole classifier, as the stage
 * stores it, once with its source's trust class and once with the text alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { classify, type ClassifyContext } from '../src/classify/classifier.ts';
import { loadModels, type ClassifierModels } from '../src/classify/models.ts';
import { MODELS_DIR } from '../src/classify/normalise.ts';
import { POLICE_CLASS_LABEL, POLICE_CLASSES, type PoliceClass } from '../src/vocabulary.ts';
import { loadPipeline } from '../src/pipeline/load.ts';
import { loadPoliceCorpus } from './lib/police-corpus.ts';

interface Gold {
  ref: string;
  class: PoliceClass;
  unsure: boolean;
}

export interface TriageReport {
  items: number;
  unsure: number;
  perClass: Record<PoliceClass, { precision: number; recall: number; f1: number; support: number }>;
  macroF1: number;
  confusion: Record<PoliceClass, Record<PoliceClass, number>>;
  /** Share of each gold class the classifier called a hoax (`hoax`), and flagged for review (`flagged`). */
  calledHoax: Record<PoliceClass, number>;
  flagged: Record<PoliceClass, number>;
  /** Share of gold impersonations with the mengatasnamakan flag raised. */
  impersonationFlag: number;
}

/**
 * The two held-out draws: the first (672 texts reserved by hash from the training sets, SEED=41), the
 * second (173 texts of the evaluation-only sets, DRAW=2 SEED=42), both labelled by hand after the
 * models were frozen.
 */
export const HELD_OUT_DRAWS = { 1: 'police-triage.heldout.jsonl', 2: 'police-triage.heldout-2.jsonl' } as const;

export async function evaluatePoliceTriage(opts: {
  withTrust: boolean;
  sureOnly?: boolean;
  draws?: Array<keyof typeof HELD_OUT_DRAWS>;
  /** A candidate's models (the desk's promotion gates); absent: the shipped ones. */
  models?: ClassifierModels;
}): Promise<TriageReport> {
  const beltim = await loadPipeline('beltim');
  const files = (opts.draws ?? [1, 2]).map((d) => path.join(MODELS_DIR, 'eval', HELD_OUT_DRAWS[d]));
  const gold = files.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => ({ ...(JSON.parse(l) as Gold), file }))
      .filter((g) => !opts.sureOnly || !g.unsure),
  );
  const byRef = new Map(loadPoliceCorpus().map((d) => [d.ref, d]));
  const ctx: ClassifyContext = {
    ...(opts.models ?? loadModels()),
    lexicon: { units: beltim.area.units },
    places: beltim.area.places,
    now: new Date('2026-12-01T00:00:00Z'),
  };
  const confusion = Object.fromEntries(POLICE_CLASSES.map((c) => [c, Object.fromEntries(POLICE_CLASSES.map((p) => [p, 0]))])) as TriageReport['confusion'];
  const hoaxed = Object.fromEntries(POLICE_CLASSES.map((c) => [c, 0])) as Record<PoliceClass, number>;
  const flagged = { ...hoaxed };
  let impFlag = 0;
  for (const g of gold) {
    const doc = byRef.get(g.ref);
    if (!doc) throw new Error(`${g.file}: ${g.ref} is not in the police corpus (has ../shared changed?)`);
    const r = classify({ text: doc.text, sourceTrust: opts.withTrust ? doc.trust : null }, ctx);
    const predicted: PoliceClass = r.police_flags?.class ?? 'lain';
    confusion[g.class][predicted]++;
    if (r.hoax) hoaxed[g.class]++;
    if (r.flagged) flagged[g.class]++;
    if (g.class === 'mengatasnamakan' && r.police_flags?.mengatasnamakan_polisi.flagged) impFlag++;
  }
  const support = (c: PoliceClass) => POLICE_CLASSES.reduce((a, p) => a + confusion[c][p], 0);
  const perClass = Object.fromEntries(
    POLICE_CLASSES.map((c) => {
      const tp = confusion[c][c];
      const predicted = POLICE_CLASSES.reduce((a, g) => a + confusion[g][c], 0);
      const precision = predicted ? tp / predicted : 0;
      const recall = support(c) ? tp / support(c) : 0;
      return [
        c,
        { precision: r3(precision), recall: r3(recall), f1: r3(precision + recall ? (2 * precision * recall) / (precision + recall) : 0), support: support(c) },
      ];
    }),
  ) as TriageReport['perClass'];
  const share = (n: Record<PoliceClass, number>) =>
    Object.fromEntries(POLICE_CLASSES.map((c) => [c, r3(n[c] / Math.max(1, support(c)))])) as Record<PoliceClass, number>;
  return {
    items: gold.length,
    unsure: gold.filter((g) => g.unsure).length,
    perClass,
    macroF1: r3(POLICE_CLASSES.reduce((a, c) => a + perClass[c].f1, 0) / POLICE_CLASSES.length),
    confusion,
    calledHoax: share(hoaxed),
    flagged: share(flagged),
    impersonationFlag: r3(impFlag / Math.max(1, support('mengatasnamakan'))),
  };
}

export function printTriageReport(title: string, r: TriageReport): void {
  console.log(`\n${title}: ${r.items} hand-labelled held-out texts (${r.unsure} marked unsure by the labeller)`);
  console.log(`  ${'class'.padEnd(34)} precision  recall  F1     support  called hoax  flagged`);
  for (const c of POLICE_CLASSES) {
    const m = r.perClass[c];
    console.log(
      `  ${POLICE_CLASS_LABEL[c].padEnd(34)} ${m.precision.toFixed(2).padStart(9)}  ${m.recall.toFixed(2).padStart(6)}  ${m.f1.toFixed(2)}  ${String(m.support).padStart(7)}  ${pct(r.calledHoax[c]).padStart(11)}  ${pct(r.flagged[c]).padStart(7)}`,
    );
  }
  console.log(`  macro-F1 ${r.macroF1.toFixed(3)}; impersonations with the mengatasnamakan flag: ${pct(r.impersonationFlag)}`);
  console.log(`  confusion (rows: hand label; columns: classifier):`);
  console.log(`  ${''.padEnd(16)}${POLICE_CLASSES.map((c) => c.slice(0, 12).padStart(13)).join('')}`);
  for (const g of POLICE_CLASSES) console.log(`  ${g.padEnd(16)}${POLICE_CLASSES.map((p) => String(r.confusion[g][p]).padStart(13)).join('')}`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

if (import.meta.url === `file://${process.argv[1]}`) {
  printTriageReport('police triage, with source trust, first draw', await evaluatePoliceTriage({ withTrust: true, draws: [1] }));
  printTriageReport('police triage, with source trust, second draw', await evaluatePoliceTriage({ withTrust: true, draws: [2] }));
  printTriageReport('police triage, with source trust, both draws', await evaluatePoliceTriage({ withTrust: true }));
  printTriageReport('police triage, text only (no source trust)', await evaluatePoliceTriage({ withTrust: false }));
  printTriageReport('police triage, with source trust, items the labeller was sure of', await evaluatePoliceTriage({ withTrust: true, sureOnly: true }));
}
