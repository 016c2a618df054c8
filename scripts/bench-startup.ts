/**
 * Start-up benchmark (npm run bench:startup): how long the CLI takes before it does any work, beside
 * `node -e 0` measured in the same run (read the ratios on a busy machine). Each command runs the way
 * people run it (`node bin/saring.mjs …`), first from the compiled copy in dist/ (the default) and then
 * with SARING_COMPILED=0 (the sources through tsx, as every start was before dist/):
 *
 * - `saring --help`;
 * - `saring classify` on an empty file (pipeline, both models, no texts);
 * - `saring start` on a warm PGlite data dir (a temp dir migrated by a first start; --against gets its own), until /healthz
 *   answers 200 on a free port; the demo's first ingest then runs, and the process's peak RSS is read
 *   from /proc once that ingest is logged as done (or after --settle seconds).
 *
 * Prints wall seconds (median of --runs), CPU seconds of the child (for start: by the time /healthz
 * answered), ratios to `node -e 0`, and peak RSS. Options: --runs N (default 5; start: ceil(N/2)),
 * --settle S (default 60), --against DIR (also measure another checkout, e.g. an export of the
 * commit before, with its own bin/saring.mjs: before and after in the same run), --no-run-now (start
 * without the demo's first run of every source, whose jobs /healthz otherwise waits behind on the
 * one PGlite connection), --start-only (skip --help and classify).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildIfStale } from '../bin/build.mjs';
import { median } from './lib/stats.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 5);
const SETTLE_S = arg('settle', 60);
/** Start without the demo's first run of every source: what /healthz waits for besides start-up itself. */
const NO_RUN_NOW = process.argv.includes('--no-run-now');
const START_ONLY = process.argv.includes('--start-only');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-bench-startup-'));
const empty = path.join(tmp, 'empty.jsonl');
fs.writeFileSync(empty, '');
const baseEnv = { ...process.env, DOTENV_CONFIG_QUIET: 'true', LOG_LEVEL: 'warn', SARING_DATA_DIR: path.join(tmp, 'data') };

interface Sample {
  wall: number;
  cpu: number;
}

/** Runs a command to its end: wall seconds, and the CPU seconds (user + system) of it and its children. */
function once(cwd: string, args: string[], env: NodeJS.ProcessEnv): Sample {
  const t0 = performance.now();
  // `sh -c 'times'` after the command prints the children's user and system time: no dependency on /usr/bin/time.
  const r = spawnSync('sh', ['-c', '"$@" >/dev/null 2>&1; s=$?; times; exit $s', 'sh', ...args], { cwd, env, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: childCpu(r.stdout) };
}

/** The second line of `times`: the children's user and system minutes/seconds ("0m0.180s 0m0.040s"). */
function childCpu(times: string): number {
  const line = times.trim().split('\n').at(-1) ?? '';
  const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return secs.reduce((a, b) => a + b, 0);
}

function measure(cwd: string, args: string[], env: NodeJS.ProcessEnv, runs = RUNS): Sample {
  const samples = Array.from({ length: runs }, () => once(cwd, args, env));
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Peak resident set size of a process, from /proc (Linux), in MiB; null elsewhere. */
function peakRssMib(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface StartSample extends Sample {
  /** Seconds until the process logged that it listens (the socket bound), beside `wall` (first 200 from /healthz). */
  bound: number;
  /** Peak RSS when /healthz first answered, and after the first ingest. */
  rssAtHealthz: number | null;
  rssAfterIngest: number | null;
  ingestSeen: boolean;
}

/** `saring start` until /healthz answers; then lets the first ingest run, reads the peak RSS and stops it. */
async function startOnce(v: Variant, settle: boolean): Promise<StartSample> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/saring.mjs', 'start', '--port', String(port), ...(NO_RUN_NOW ? ['--no-run-now'] : [])], {
    cwd: v.root,
    env: { ...v.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let bound = 0;
  const read = (d: Buffer) => {
    log += d.toString();
    if (!bound && log.includes('"msg":"Saring is running')) bound = (performance.now() - t0) / 1000;
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let wall: number;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`saring start exited ${child.exitCode} before /healthz answered:\n${log}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) {
      wall = (performance.now() - t0) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const cpu = procCpu(child.pid!);
  const rssAtHealthz = peakRssMib(child.pid!);
  let ingestSeen = false;
  if (settle) {
    // The demo's first run at start: every enabled source once, each followed by a classify job that
    // logs "classified …". Done when something was classified and the log has been quiet for 5 s.
    const until = performance.now() + SETTLE_S * 1000;
    let seen = log.length;
    let quietSince = performance.now();
    while (performance.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      if (log.length !== seen) [seen, quietSince] = [log.length, performance.now()];
      ingestSeen = /"msg":"classified/.test(log);
      if (ingestSeen && performance.now() - quietSince > 5000) break;
    }
  }
  const rssAfterIngest = settle ? peakRssMib(child.pid!) : null;
  child.kill('SIGTERM');
  await exited;
  return { wall, cpu, bound, rssAtHealthz, rssAfterIngest, ingestSeen };
}

/** CPU seconds a live process has used so far (utime + stime from /proc/<pid>/stat); 0 where there is no /proc. */
function procCpu(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const fmt = (s: Sample, ref: Sample) => `${s.wall.toFixed(2)} s wall (×${(s.wall / ref.wall).toFixed(1)} node -e 0), ${s.cpu.toFixed(2)} s CPU`;
const mib = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n)} MiB`);

interface Variant {
  label: string;
  root: string;
  env: NodeJS.ProcessEnv;
}
const variants: Variant[] = [
  { label: 'compiled', root: ROOT, env: { ...baseEnv, SARING_COMPILED: '1' } },
  { label: 'tsx', root: ROOT, env: { ...baseEnv, SARING_COMPILED: '0' } },
];
const against = process.argv.indexOf('--against');
// A data dir of its own: a checkout with other migrations refuses one this checkout migrated, and the other way round.
if (against > 0)
  variants.push({ label: 'against', root: path.resolve(process.argv[against + 1]!), env: { ...baseEnv, SARING_DATA_DIR: path.join(tmp, 'data-against') } });

const built = await buildIfStale();
console.log(
  `dist/: ${built}; ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; median of ${RUNS} runs`,
);
if (against > 0) console.log(`against: ${variants.at(-1)!.root} (its bin/saring.mjs, as it runs by default)`);
const ref = measure(ROOT, [process.execPath, '-e', '0'], baseEnv);
console.log(`${'node -e 0 (reference)'.padEnd(32)} ${''.padEnd(8)} ${ref.wall.toFixed(2)} s wall, ${ref.cpu.toFixed(2)} s CPU`);
for (const [label, args] of START_ONLY
  ? []
  : ([
      ['saring --help', ['--help']],
      ['saring classify (empty file)', ['classify', '--in', empty]],
    ] as const)) {
  variants.forEach((v, i) => {
    const s = measure(v.root, [process.execPath, 'bin/saring.mjs', ...args], v.env);
    console.log(`${(i ? '' : label).padEnd(32)} ${v.label.padEnd(8)} ${fmt(s, ref)}`);
  });
}

// Warm data dirs: migrated and seeded by a first start (not timed), as after any earlier run.
for (const v of variants) await startOnce(v, false);
const startRuns = Math.max(1, Math.ceil(RUNS / 2));
for (const [i, v] of variants.entries()) {
  const samples: StartSample[] = [];
  for (let k = 0; k < startRuns; k++) samples.push(await startOnce(v, k === 0 && i === 0));
  const s = { wall: median(samples.map((x) => x.wall)), cpu: median(samples.map((x) => x.cpu)) };
  const bound = median(samples.map((x) => x.bound));
  console.log(
    `${(i ? '' : 'saring start → /healthz (warm)').padEnd(32)} ${v.label.padEnd(8)} ${fmt(s, ref)} by then (all threads); listening logged at ${bound.toFixed(2)} s (×${(bound / ref.wall).toFixed(1)})`,
  );
  const first = samples[0]!;
  if (first.rssAfterIngest !== null)
    console.log(
      `${''.padEnd(32)} ${''.padEnd(8)} peak RSS ${mib(first.rssAtHealthz)} at /healthz, ${mib(first.rssAfterIngest)} ${first.ingestSeen ? 'after the first ingest and its classify jobs' : `after ${SETTLE_S} s (nothing classified yet)`}`,
    );
}
fs.rmSync(tmp, { recursive: true, force: true });
