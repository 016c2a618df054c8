/**
 * `npm test`: every check, each run even when an earlier one failed, so one red suite never hides
 * the others. Ends with the failed steps on one line and, on the last line, `N passed, N failed`:
 * tests summed over every vitest run, plus one failure for a failed type check or lint, or for a
 * test run that broke without naming a failed test (a file that did not load, a global setup
 * error). Exits 1 when anything failed. The `npm run test:*` scripts stay the single definition
 * of each suite; this only runs them in turn.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';

interface Step {
  /** the npm script */
  script: string;
  /** a vitest run, whose test counts are read from its JSON report */
  vitest: boolean;
}

const STEPS: Step[] = [
  { script: 'typecheck', vitest: false },
  { script: 'lint', vitest: false },
  { script: 'test:unit', vitest: true },
  { script: 'test:pglite', vitest: true },
  { script: 'test:postgres', vitest: true },
  { script: 'test:scale', vitest: true },
];

/** The part of vitest's JSON report counted here. */
const vitestReport = z.object({
  numPassedTests: z.number().int(),
  numFailedTests: z.number().int(),
  testResults: z.array(z.object({ status: z.string(), assertionResults: z.array(z.object({ status: z.string() })) })),
});

interface Outcome {
  script: string;
  exitCode: number;
  passed: number;
  failed: number;
  seconds: number;
}

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-test-all-'));
const outcomes: Outcome[] = [];
for (const step of STEPS) outcomes.push(await run(step));
fs.rmSync(reports, { recursive: true, force: true });

const failedSteps = outcomes.filter((o) => o.exitCode !== 0 || o.failed > 0);
const passed = outcomes.reduce((n, o) => n + o.passed, 0);
const failed = outcomes.reduce((n, o) => n + o.failed, 0);
console.log('\n' + outcomes.map(describe).join('\n'));
console.log(failedSteps.length ? `failed steps: ${failedSteps.map((o) => o.script).join(', ')}` : 'failed steps: none');
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failedSteps.length ? 1 : 0;

async function run(step: Step): Promise<Outcome> {
  console.log(`\n=== npm run ${step.script}`);
  const report = path.join(reports, `${step.script.replace(/\W/g, '-')}.json`);
  // The default reporter for people, the JSON one for the counts.
  const args = step.vitest ? ['--', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`] : [];
  const t0 = performance.now();
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npm', ['run', step.script, ...args], { stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const seconds = (performance.now() - t0) / 1000;
  if (!step.vitest) return { script: step.script, exitCode, passed: 0, failed: exitCode === 0 ? 0 : 1, seconds };
  const counts = readCounts(report);
  // A run that failed without a failed test to show for it (setup crashed, no report) still counts once.
  const failed = counts.failed || (exitCode === 0 ? 0 : 1);
  return { script: step.script, exitCode, passed: counts.passed, failed, seconds };
}

function readCounts(file: string): { passed: number; failed: number } {
  if (!fs.existsSync(file)) return { passed: 0, failed: 0 };
  const parsed = vitestReport.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) return { passed: 0, failed: 0 };
  const r = parsed.data;
  // A test file that failed to load has no failed test of its own: count the file.
  const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles };
}

function describe(o: Outcome): string {
  const result = o.exitCode === 0 && !o.failed ? 'ok' : `FAILED (exit ${o.exitCode})`;
  const tests = STEPS.find((s) => s.script === o.script)!.vitest ? ` — ${o.passed} passed, ${o.failed} failed` : '';
  return `${o.script.padEnd(14)} ${result}${tests} (${o.seconds.toFixed(0)} s)`;
}
