/**
 * The labelled real set of the learning simulation (scripts/simulate-learning.ts): texts about the
 * police from ../shared that NO shipped model was trained on, each with the class its source gives it
 * (police-corpus.ts's weak class: a newsroom's article or headline is official/neutral news, a
 * fact-checker's verdict a hoax about or an impersonation of the police, a protest crawl criticism,
 * a personal tweet other). Two parts:
 *  - the texts reserved for the hand-labelled held-out sets that were never drawn for them;
 *  - the other texts whose hash split is the test split (sha1 mod 10 = 8-9): the triage used them only
 *    to calibrate its temperature and thresholds, and the hoax model never read them (a text whose
 *    first 60 characters match a hoax-model training text is left out).
 * The hand-labelled held-out texts (models/eval/police-triage.heldout*.jsonl) are never in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODELS_DIR } from '../../src/classify/normalise.ts';
import type { SimDoc } from '../../src/learning/simulation.ts';
import { HELD_OUT_DRAWS } from '../eval-police-triage.ts';
import { DATASETS, loadDataset, splitOf, type DatasetName } from './datasets.ts';
import { isReserved, loadPoliceCorpus, TRAIN_ONLY_SETS } from './police-corpus.ts';

const key = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 60);

/** Refs of the hand-labelled held-out texts: never part of the simulation. */
export function handLabelledRefs(): Set<string> {
  return new Set(
    Object.values(HELD_OUT_DRAWS).flatMap((f) =>
      fs
        .readFileSync(path.join(MODELS_DIR, 'eval', f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { ref: string }).ref),
    ),
  );
}

export function loadSimulationSet(): SimDoc[] {
  const handLabelled = handLabelledRefs();
  const hoaxTrain = new Set(
    (Object.keys(DATASETS) as DatasetName[]).flatMap((n) =>
      loadDataset(n)
        .filter((d) => d.split === 'train')
        .map((d) => key(d.text)),
    ),
  );
  const docs = loadPoliceCorpus().filter((d) => {
    if (TRAIN_ONLY_SETS.has(d.set) || handLabelled.has(d.ref)) return false;
    if (isReserved(d)) return true;
    return splitOf(d.parent ?? d.text) === 'test' && !hoaxTrain.has(key(d.text));
  });
  return docs.map((d, id) => ({ id: id + 1, ref: d.ref, set: d.set, text: d.text, trust: d.trust, gold: d.weak, group: key(d.parent ?? d.text) }));
}
