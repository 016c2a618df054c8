import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_DIR } from '../pipeline/load.ts';
import type { TrainingLabel } from './evaluate.ts';
import type { Gate } from './gates.ts';

/**
 * How a candidate is trained and judged on the shipped held-out sets. The CLI uses the real scripts
 * (scripts/train.ts trains both models, scripts/eval-candidate.ts measures them); tests inject a
 * trainer that fits a tiny real model in seconds.
 */
export interface Trainer {
  /** Writes hoax-model.json and police-triage.json into `outDir`; returns the training record. */
  train(labels: readonly TrainingLabel[], outDir: string): Promise<Record<string, unknown>>;
}

export interface ShippedEvaluator {
  /** The gates of the models in `dir` (null: the shipped models/) on the shipped held-out sets. */
  evaluate(dir: string | null): Promise<Gate[]>;
}

/** The models' file names inside a version's folder, as the training scripts write them. */
export const HOAX_FILE = 'hoax-model.json';
export const TRIAGE_FILE = 'police-triage.json';

function runScript(script: string, args: string[], env: Record<string, string>, onLine: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_DIR, 'scripts', script), ...args], {
      cwd: PROJECT_DIR,
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      for (const l of b.toString().split('\n')) if (l.trim()) onLine(l);
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`scripts/${script} exited with ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`)),
    );
  });
}

/** The real trainer: scripts/train.ts (hoax model, then police triage) on the shipped data plus the desk's labels. */
export function scriptTrainer(onLine: (line: string) => void = () => {}): Trainer {
  return {
    async train(labels, outDir) {
      const file = path.join(outDir, 'labels.train.jsonl');
      fs.writeFileSync(file, labels.map((l) => JSON.stringify(l)).join('\n') + (labels.length ? '\n' : ''));
      const t0 = Date.now();
      await runScript('train.ts', [], { SARING_TRAIN_OUT: outDir, SARING_TRAIN_LABELS: file }, onLine);
      return { trainer: 'scripts/train.ts', labels_file: path.basename(file), seconds: Math.round((Date.now() - t0) / 1000) };
    },
  };
}

/** The real evaluator: scripts/eval-candidate.ts prints the gates as JSON on its last line. */
export function scriptEvaluator(): ShippedEvaluator {
  return {
    async evaluate(dir) {
      const out = await runScript('eval-candidate.ts', dir ? [dir] : [], {}, () => {});
      const last = out.trim().split('\n').pop() ?? '[]';
      return JSON.parse(last) as Gate[];
    },
  };
}
