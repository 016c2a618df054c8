/**
 * Draws the police-triage held-out set for labelling by hand (models/eval/police-triage.heldout.jsonl):
 * only texts reserved by `isReservedForEval` (never trained on), minus any text the earlier cue rules
 * were shaped on (models/eval/police-flags.dev.jsonl). Every reserved text whose origin suggests a
 * hoax about or an impersonation of the police is taken (they are scarce); criticism, official/neutral
 * and other texts are drawn per set with a seeded shuffle. The same seed gives the same draw.
 * Usage: SEED=41 OUT=/tmp/police-pool tsx scripts/sample-police-triage.ts  (writes OUT/chunk-<n>.jsonl)
 *
 * The second draw (DRAW=2, models/eval/police-triage.heldout-2.jsonl) takes every text of the
 * evaluation-only sets (EVAL_ONLY_SETS: read by no training script), minus any whose opening matches a
 * text some model trained on. It was made after the triage and the hoax model were frozen, and needs no
 * seed but the shuffle's.
 * Usage: DRAW=2 SEED=42 OUT=/tmp/police-pool-2 CHUNKS=2 tsx scripts/sample-police-triage.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../src/classify/logreg.ts';
import { MODELS_DIR } from '../src/classify/normalise.ts';
import { DERIVED_SETS, EVAL_ONLY_SETS, TRAIN_ONLY_SETS, isReserved, isReservedForEval, loadPoliceCorpus, type PoliceDoc } from './lib/police-corpus.ts';

const seed = Number(process.env.SEED ?? 41);
const outDir = process.env.OUT ?? 'police-pool';
const chunks = Number(process.env.CHUNKS ?? 4);
/** How many to draw from each (set, weak class); absent: all of them. */
const QUOTA: Record<string, number> = {
  'dpr25/kritik': 150,
  'kjr22/kritik': 70,
  'ibrohim/kritik': 25,
  'ibrohim/lain': 15,
  'news25/resmi_netral': 150,
  'newsval25/resmi_netral': 50,
};

const shaped = new Set(
  fs
    .readFileSync(path.join(MODELS_DIR, 'eval/police-flags.dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 120)),
);
const draw = Number(process.env.DRAW ?? 1);
const corpus = loadPoliceCorpus();
const opening = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 60);
const trained = new Set(corpus.filter((d) => !isReserved(d)).map((d) => opening(d.text)));
const reserved = corpus.filter((d) =>
  draw === 2
    ? EVAL_ONLY_SETS.has(d.set) && !trained.has(opening(d.text)) && !shaped.has(d.text.toLowerCase().slice(0, 120))
    : !DERIVED_SETS.has(d.set) &&
      !EVAL_ONLY_SETS.has(d.set) &&
      !TRAIN_ONLY_SETS.has(d.set) &&
      isReservedForEval(d.text) &&
      !shaped.has(d.text.toLowerCase().slice(0, 120)),
);
const groups = new Map<string, PoliceDoc[]>();
for (const d of reserved) {
  const k = `${d.set}/${d.drawnAs ?? d.weak}`;
  groups.set(k, [...(groups.get(k) ?? []), d]);
}
const rand = mulberry32(seed);
const drawn: PoliceDoc[] = [];
for (const [k, docs] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const shuffled = docs.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  drawn.push(...shuffled.slice(0, QUOTA[k] ?? shuffled.length));
}
// Interleave so that each labeller sees every kind of text, in an order that does not give the origin away.
for (let i = drawn.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [drawn[i], drawn[j]] = [drawn[j]!, drawn[i]!];
}
fs.mkdirSync(outDir, { recursive: true });
for (let c = 0; c < chunks; c++) {
  const part = drawn.filter((_, i) => i % chunks === c).map((d) => JSON.stringify({ ref: d.ref, origin: d.origin, text: d.text.slice(0, 1500) }));
  fs.writeFileSync(path.join(outDir, `chunk-${c + 1}.jsonl`), part.join('\n') + '\n');
}
console.log(`drew ${drawn.length} reserved texts into ${chunks} chunks in ${outDir} (seed ${seed})`);
