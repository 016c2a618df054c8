import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { ConfigError } from '../errors.ts';
import type { Database } from './schema.ts';

/** A session that can run multi-statement SQL (migration files) and parameterised queries. */
export interface ScriptSession {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface SaringDb {
  db: Kysely<Database>;
  dialect: 'pglite' | 'postgres';
  /**
   * PostgreSQL: the role that owns the schema and runs migrations, when the app connects as a role
   * that owns nothing (README "Database roles"). Unset: the app's own role migrates.
   */
  ownerUrl?: string;
  /** Runs `fn` on one dedicated session (needed for advisory locks and multi-statement files). */
  withSession<T>(fn: (session: ScriptSession) => Promise<T>): Promise<T>;
  /**
   * PGlite only: when the embedded database last answered a query (ms since the epoch). Its one
   * session is handed out in turn, so while an ingest holds it a fresh answer is the proof of life
   * the health check would otherwise wait seconds in line for.
   */
  lastAnswerAt?(): number;
  /**
   * PGlite only: a number that changes whenever data may have changed (any statement but a plain
   * select, through Kysely or a script session). One process owns the embedded database, so a result
   * read while it stands still is still current (read-cache.ts); PostgreSQL, shared by processes, has none.
   */
  dataVersion?(): number;
  /** PGlite only: the data directory as a tarball, to start other instances from (tests). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export type DbTarget =
  | { kind: 'postgres'; url: string; poolSize?: number; ownerUrl?: string | undefined }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

/** Opens PostgreSQL when given a URL, else embedded PGlite (in memory when no dataDir). */
export async function openDatabase(target: DbTarget): Promise<SaringDb> {
  // Each driver loads only when it is the one opened: a process uses one of them.
  if (target.kind === 'pglite') return openPglite(target);
  const sdb = openPostgres((await import('pg')).default, target.url, target.poolSize);
  return target.ownerUrl ? { ...sdb, ownerUrl: target.ownerUrl } : sdb;
}

const INT8_OID = 20;
// pg returns int8 (ids, counts) as strings; PGlite returns numbers. Make pg agree, refusing to lose precision.
const pgTypes = (types: typeof pg.types) => ({
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) {
      return (value: string) => {
        const n = Number(value);
        if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds JavaScript's safe range`);
        return n;
      };
    }
    return types.getTypeParser(oid, format ?? 'text');
  },
});

function openPostgres(driver: typeof pg, url: string, poolSize = 10): SaringDb {
  const pool = new driver.Pool({ connectionString: url, max: poolSize, types: pgTypes(driver.types) as pg.CustomTypesConfig });
  // An idle client losing its server (restart, network) must not crash the process; the pool drops it.
  pool.on('error', () => {});
  // A checked-out client (inside a transaction) losing its server emits 'error' with no pool listener
  // attached, which would kill the process; the query in flight rejects anyway, and the pool drops it.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => void (await client.query(sql)),
          query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(), // ends the pool too
  };
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * A lock file with the owner's pid refuses that with a clear message; a lock left by a dead process
 * is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'saring.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new ConfigError(
          `the embedded database in ${dir} is in use by process ${pid} (a running "saring start"?); stop it first, or set DATABASE_URL to share a PostgreSQL between processes`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new ConfigError(`could not lock the embedded database in ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded server's settings beside PGlite's own. Its WebAssembly memory grows to what was ever
 * used and never shrinks, and it is the desk's resident memory: 128 MB of shared buffers (PGlite's
 * default) held ~500 MiB RSS under the desk benchmark at 100,000 items, 32 MB ~375 MiB, at the same
 * speed (the data files stay in the OS page cache). With no checkpointer process, WAL piles up to
 * max_wal_size (1 GB by default) between checkpoints: 785 MB of pg_wal beside 378 MB of data at
 * 100,000 items, and all of it in memory for an in-memory database (tests, benchmarks).
 */
const PGLITE_SETTINGS = { shared_buffers: '64MB', max_wal_size: '128MB', min_wal_size: '32MB' } as const;

async function openPglite(target: { dataDir?: string; loadDataDir?: Blob }): Promise<SaringDb> {
  // The dialect loads PGlite itself (its wire protocol, for prepared statements): only when opened.
  const { PGliteDialect } = await import('./pglite-dialect.ts');
  let unlock = () => {};
  if (target.dataDir) {
    fs.mkdirSync(target.dataDir, { recursive: true });
    unlock = lockDataDir(target.dataDir);
  }
  let pglite: PGlite;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const settings = Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
    pglite = await PGlite.create(target.dataDir, {
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
      startParams: [...PGlite.defaultStartParams, ...settings],
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'pglite',
    // A closed database has not answered: /healthz then pings (and fails) instead of trusting the last answer.
    lastAnswerAt: () => (pglite.closed ? 0 : dialect.lastAnswerAt),
    dataVersion: () => dialect.dataVersion,
    withSession(fn) {
      // Holding a Kysely connection holds the driver's lock, so nothing interleaves with the script.
      // A script may write anything: every statement of it counts as a change, and its DDL may change
      // what a prepared statement returns.
      const changed = <T>(p: Promise<T>) =>
        p.finally(() => {
          dialect.dataVersion++;
          dialect.statements.forget();
        });
      return db.connection().execute(async () => {
        await dialect.statements.useDefaultPlans();
        return fn({
          exec: async (sql) => void (await changed(pglite.exec(sql))),
          query: async <R>(sql: string, params?: unknown[]) => (await changed(pglite.query<R>(sql, params))).rows,
        });
      });
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
