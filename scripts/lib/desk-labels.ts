import fs from 'node:fs';
import path from 'node:path';
import type { TrainingLabel } from '../../src/learning/evaluate.ts';

/**
 * What `saring train` hands the training scripts (src/learning/trainer.ts): SARING_TRAIN_LABELS, a
 * JSONL file of the deployment's desk labels (held-out ones left out), and SARING_TRAIN_OUT, the
 * version folder the models are written to instead of models/. Both unset for `npm run train`.
 */
export function deskLabels(): TrainingLabel[] {
  const file = process.env.SARING_TRAIN_LABELS;
  if (!file) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as TrainingLabel;
      } catch (err) {
        throw new Error(`${file}: line ${i + 1} is not JSON`, { cause: err });
      }
    });
}

/** Where a model file goes when `saring train` names a version folder; undefined: models/ as before. */
export function trainOut(name: string): string | undefined {
  const dir = process.env.SARING_TRAIN_OUT;
  return dir ? path.join(dir, name) : undefined;
}
