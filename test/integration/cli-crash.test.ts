import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testDbKind } from '../helpers/db-target.ts';
import { PROJECT_DIR } from '../helpers/paths.ts';

// A one-shot command that ingests, killed mid-way, on PostgreSQL: its fetch run must not stay
// "running" forever. (On PGlite the next start abandons every running run: local-runner.test.ts.)
let tdb: TestDb;
let env: NodeJS.ProcessEnv;
let dir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  tdb = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-crash-'));
  env = {
    ...process.env,
    DATABASE_URL: tdb.url,
    SARING_DATA_DIR: dir,
    SARING_PIPELINE: 'demo',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    // Fast enough to see a death within seconds, slow enough that a live process starved of CPU is not taken for dead.
    SARING_HEARTBEAT_MS: '300',
    SARING_DEAD_AFTER_MS: '4000',
  };
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await tdb?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function saring(args: string[], extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn('node', ['bin/saring.mjs', ...args], { cwd: PROJECT_DIR, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

/** Polls until `query` returns a row. No deadline of its own: the test's timeout guards against a hang. */
async function when<T>(query: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const row = await query().catch(() => undefined); // tables appear once the process has migrated
    if (row) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function writeExport(lines: number): string {
  const file = path.join(dir, `ekspor-${lines}.jsonl`);
  const out = Array.from({ length: lines }, (_, i) =>
    JSON.stringify({ id: `p${i}`, text: `Unggahan warga nomor ${i} tentang jalan rusak di desa ${i % 97} dan antrean ${i * 7}` }),
  );
  fs.writeFileSync(file, out.join('\n') + '\n');
  return file;
}

describe.skipIf(testDbKind() !== 'postgres')('one-shot commands on PostgreSQL', { timeout: 10 * 60_000 }, () => {
  it('an import registers while it runs, carries its process id on its run, and stops cleanly', async () => {
    const code = await exited(saring(['import', writeExport(20)]));
    expect(code).toBe(0);
    const run = await tdb.db.selectFrom('fetch_runs').select(['status', 'process_id']).where('source_id', '=', 'import').executeTakeFirstOrThrow();
    expect(run.status).toBe('success');
    const proc = await tdb.db.selectFrom('job_processes').selectAll().where('id', '=', run.process_id!).executeTakeFirstOrThrow();
    expect(proc).toMatchObject({ role: 'cli', stop_reason: 'finished' });
  });

  it('a killed import is declared dead by a worker, and its run is marked abandoned', async () => {
    const importer = saring(['import', writeExport(60_000)]);
    const running = await when(() =>
      tdb.db
        .selectFrom('fetch_runs as r')
        .innerJoin('job_processes as p', 'p.id', 'r.process_id')
        .select(['r.id', 'r.process_id'])
        .where('r.status', '=', 'running')
        .where('p.role', '=', 'cli')
        .executeTakeFirst(),
    );
    importer.kill('SIGKILL');
    await exited(importer);

    const worker = saring(['worker', '--concurrency', '1']);
    const after = await when(() =>
      tdb.db.selectFrom('fetch_runs').select(['status', 'error']).where('id', '=', running.id).where('status', '<>', 'running').executeTakeFirst(),
    );
    expect(after).toEqual({ status: 'abandoned', error: 'the process running it died before it finished' });
    const dead = await tdb.db.selectFrom('job_processes').select('stop_reason').where('id', '=', running.process_id!).executeTakeFirstOrThrow();
    expect(dead.stop_reason).toMatch(/^no heartbeat for \d+ s$/);
    worker.kill('SIGTERM');
    await exited(worker);
  });

  it('a worker signalled while it is still starting stops cleanly instead of dying', async () => {
    // At its first log line it is still opening the runtime (migrations, the replay server): it
    // stops before taking any job, and exits 0 rather than being killed by the signal.
    const early = saring(['worker', '--concurrency', '1'], { LOG_LEVEL: 'info' });
    await new Promise<void>((resolve) => {
      // Logs go to stderr, one JSON object a line (a line from bin/saring.mjs itself is not one).
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen += chunk.toString();
        if (!/^\{/m.test(seen)) return;
        early.stderr!.off('data', onData);
        resolve();
      };
      early.stderr!.on('data', onData);
    });
    early.kill('SIGTERM');
    expect(await exited(early)).toBe(0);
    expect(await tdb.db.selectFrom('job_processes').select('id').where('pid', '=', early.pid!).where('role', '=', 'worker').execute()).toEqual([]);

    // Once its row exists its start is under way: it finishes starting, then stops and says so.
    const late = saring(['worker', '--concurrency', '1']);
    const row = await when(() => tdb.db.selectFrom('job_processes').select('id').where('pid', '=', late.pid!).where('role', '=', 'worker').executeTakeFirst());
    late.kill('SIGTERM');
    expect(await exited(late)).toBe(0);
    const stopped = await tdb.db.selectFrom('job_processes').select('stop_reason').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(stopped.stop_reason).toBe('stopped');
  });
});
