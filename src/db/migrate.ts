import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaringError } from '../errors.ts';
import { openDatabase, type SaringDb } from './connect.ts';

export const SQL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql');

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends SaringError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MIGRATION_FAILED', message, options);
  }
}

/** Reads `NNNN_name.sql` files in version order; refuses gaps and repeated numbers. */
export function readMigrations(dir = SQL_DIR): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return files.map((file, index) => {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`sql/${file}: migration files must be named NNNN_lowercase_name.sql`);
    const version = Number(m[1]);
    if (version !== index + 1) {
      throw new MigrationError(`sql/${file}: expected migration number ${String(index + 1).padStart(4, '0')} (no gaps, no repeats)`);
    }
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    return { version, name: m[2]!, file, sql, checksum };
  });
}

// Any constant will do; it only has to be the same for every Saring process sharing a database.
const MIGRATE_LOCK_KEY = 0x5a41_5249; // "SARI"

/**
 * Applies pending migrations, each in its own transaction. A session-level advisory lock makes
 * concurrent starts (several workers, two `saring start`) wait for one another instead of racing.
 * With an owner role (`sdb.ownerUrl`, SARING_MIGRATE_URL) they run under that role, which then grants
 * the app's role what it needs: see migrateAsOwner.
 */
export async function migrate(sdb: SaringDb, opts: { dir?: string } = {}): Promise<{ applied: string[] }> {
  return sdb.ownerUrl ? migrateAsOwner(sdb, sdb.ownerUrl, opts) : applyMigrations(sdb, opts);
}

/**
 * PostgreSQL with two roles: the owner migrates; the app's role owns nothing, so it cannot alter or
 * drop a table, disable the audit log's triggers (0013) or replace their functions. The app gets read
 * and write on the tables, and on audit_log only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE even
 * if a trigger were gone. Grants are repeated on every start, so a migration's new table is covered.
 */
async function migrateAsOwner(app: SaringDb, ownerUrl: string, opts: { dir?: string }): Promise<{ applied: string[] }> {
  const [me] = await app.withSession((s) =>
    s.query<{ role: string; superuser: boolean; owns: string | null }>(
      `select current_user as role, r.rolsuper as superuser,
              (select string_agg(c.relname, ', ' order by c.relname) from pg_class c
                where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'S', 'p')) as owns
         from pg_roles r where r.rolname = current_user`,
    ),
  );
  const role = me!.role;
  if (me!.superuser)
    throw new MigrationError(`DATABASE_URL connects as "${role}", a superuser: with SARING_MIGRATE_URL set, the app must connect as a role that owns nothing`);
  if (me!.owns) {
    throw new MigrationError(
      `DATABASE_URL's role "${role}" owns ${me!.owns}: hand them to the owner role (REASSIGN OWNED BY "${role}" TO <owner>) so the app cannot alter the audit log`,
    );
  }
  const owner = await openDatabase({ kind: 'postgres', url: ownerUrl, poolSize: 1 });
  try {
    const result = await applyMigrations(owner, opts);
    const r = `"${role.replaceAll('"', '""')}"`;
    await owner.withSession(async (s) => {
      const [o] = await s.query<{ role: string }>('select current_user as role');
      if (o!.role === role)
        throw new MigrationError(`SARING_MIGRATE_URL and DATABASE_URL both connect as "${role}": the app needs a role of its own that owns nothing`);
      await s.exec(`grant usage on schema public to ${r};
        grant select, insert, update, delete on all tables in schema public to ${r};
        revoke insert, update, delete on schema_migrations from ${r};
        revoke update, delete on audit_log from ${r};
        grant usage, select on all sequences in schema public to ${r};`);
    });
    return result;
  } finally {
    await owner.close();
  }
}

async function applyMigrations(sdb: SaringDb, opts: { dir?: string }): Promise<{ applied: string[] }> {
  const files = readMigrations(opts.dir);
  return sdb.withSession(async (s) => {
    await s.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    try {
      // Created only when missing: CREATE … IF NOT EXISTS needs CREATE on the schema even when the
      // table exists, and an app role that owns nothing (a worker without SARING_MIGRATE_URL) has none.
      const [exists] = await s.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
      if (!exists?.t) {
        await s.exec(`create table schema_migrations (
          version integer primary key,
          name text not null,
          checksum text not null,
          applied_at timestamptz not null default now()
        )`);
      }
      const rows = await s.query<{ version: number; name: string; checksum: string }>('select version, name, checksum from schema_migrations order by version');
      const byVersion = new Map(files.map((f) => [f.version, f]));
      for (const row of rows) {
        const file = byVersion.get(row.version);
        if (!file) {
          throw new MigrationError(`the database has migration ${row.version} (${row.name}) that this checkout does not: it was migrated by newer code`);
        }
        if (file.checksum !== row.checksum) {
          throw new MigrationError(`sql/${file.file} was edited after it was applied; add a new migration instead`);
        }
      }
      const done = new Set(rows.map((r) => r.version));
      const applied: string[] = [];
      for (const file of files.filter((f) => !done.has(f.version))) {
        await s.exec('begin');
        try {
          await s.exec(file.sql);
          await s.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [file.version, file.name, file.checksum]);
          await s.exec('commit');
        } catch (err) {
          await s.exec('rollback');
          const denied = /permission denied|must be owner/.test((err as Error).message);
          const hint = denied ? " (this role may not change the schema: set SARING_MIGRATE_URL to the owner's connection string)" : '';
          throw new MigrationError(`sql/${file.file} failed: ${(err as Error).message}${hint}`, { cause: err });
        }
        applied.push(file.file);
      }
      // VACUUM cannot run in a migration's transaction: the tables its `-- after: vacuum` lines name are
      // vacuumed once all are applied. A migration that rewrites a table leaves its visibility map empty,
      // and index-only scans then read the table for every row until autovacuum, which a rewrite does
      // not prompt, comes by: the queue's walks at 1M items ran at half speed (0024).
      const tables = new Set(
        files.filter((f) => applied.includes(f.file)).flatMap((f) => [...f.sql.matchAll(/^-- after: vacuum ([a-z_]+)$/gm)].map((m) => m[1]!)),
      );
      for (const table of tables) await s.exec(`vacuum (analyze) ${table}`);
      return { applied };
    } finally {
      await s.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
    }
  });
}
