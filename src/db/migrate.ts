import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaringError } from '../errors.ts';
import type { SaringDb } from './connect.ts';

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
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
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
 */
export async function migrate(sdb: SaringDb, opts: { dir?: string } = {}): Promise<{ applied: string[] }> {
  const files = readMigrations(opts.dir);
  return sdb.withSession(async (s) => {
    await s.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    try {
      await s.exec(`create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
      const rows = await s.query<{ version: number; name: string; checksum: string }>(
        'select version, name, checksum from schema_migrations order by version',
      );
      const byVersion = new Map(files.map((f) => [f.version, f]));
      for (const row of rows) {
        const file = byVersion.get(row.version);
        if (!file) {
          throw new MigrationError(
            `the database has migration ${row.version} (${row.name}) that this checkout does not: it was migrated by newer code`,
          );
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
          await s.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
            file.version,
            file.name,
            file.checksum,
          ]);
          await s.exec('commit');
        } catch (err) {
          await s.exec('rollback');
          throw new MigrationError(`sql/${file.file} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(file.file);
      }
      return { applied };
    } finally {
      await s.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
    }
  });
}
