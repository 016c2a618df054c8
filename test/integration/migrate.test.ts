import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrate, readMigrations, SQL_DIR } from '../../src/db/migrate.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let tdb: TestDb;
beforeAll(async () => {
  tdb = await createTestDb();
});
afterAll(() => tdb?.dispose());

describe('migrate', () => {
  it('is idempotent: a migrated database applies nothing', async () => {
    expect(await migrate(tdb)).toEqual({ applied: [] });
    const rows = await tdb.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it('refuses to run when an applied file was edited', async () => {
    const dir = copyOfSql();
    fs.appendFileSync(path.join(dir, '0001_init.sql'), '\n-- edited\n');
    await expect(migrate(tdb, { dir })).rejects.toThrow('sql/0001_init.sql was edited after it was applied; add a new migration instead');
  });

  it('applies a new file in order, and rolls back a failing one completely', async () => {
    const dir = copyOfSql();
    const next = String(readMigrations().length + 1).padStart(4, '0');
    fs.writeFileSync(path.join(dir, `${next}_broken.sql`), 'create table t_ok (x int);\nselect * from no_such_table;\n');
    await expect(migrate(tdb, { dir })).rejects.toThrow(new RegExp(`sql/${next}_broken\\.sql failed: .*no_such_table`));
    const exists = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 't_ok'`.execute(tdb.db);
    expect(exists.rows[0]!.n).toBe(0);
  });

  it('vacuums the tables a migration names in `-- after: vacuum` once it is applied', async () => {
    const dir = copyOfSql();
    const next = readMigrations().length + 1;
    const file = `${String(next).padStart(4, '0')}_rewrite.sql`;
    fs.writeFileSync(path.join(dir, file), 'create table t_vac (x int);\ninsert into t_vac select generate_series(1, 1000);\n-- after: vacuum t_vac\n');
    try {
      expect(await migrate(tdb, { dir })).toEqual({ applied: [file] });
      // Vacuumed: the visibility map marks its pages all-visible (what index-only scans need), and ANALYZE counted it.
      const r = await sql<{
        visible: number;
        tuples: number;
      }>`select relallvisible as visible, reltuples as tuples from pg_class where relname = 't_vac'`.execute(tdb.db);
      expect(r.rows[0]!.visible).toBeGreaterThan(0);
      expect(Number(r.rows[0]!.tuples)).toBe(1000);
    } finally {
      await sql`drop table if exists t_vac`.execute(tdb.db);
      await tdb.db.deleteFrom('schema_migrations').where('version', '=', next).execute();
    }
  });

  it('refuses gaps in the numbering', () => {
    const dir = copyOfSql();
    const gap = String(readMigrations().length + 2).padStart(4, '0');
    fs.writeFileSync(path.join(dir, `${gap}_later.sql`), 'select 1;');
    expect(() => readMigrations(dir)).toThrow(`sql/${gap}_later.sql: expected migration number ${String(readMigrations().length + 1).padStart(4, '0')}`);
  });

  it('lets concurrent starts wait for each other instead of racing', async () => {
    if (!tdb.url) return; // one PGlite instance is one session: nothing can race there
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: tdb.url!, poolSize: 1 })));
    try {
      // Back to an empty database, whatever the migrations created.
      await sql`drop schema public cascade; create schema public`.execute(tdb.db);
      const results = await Promise.all(others.map((o) => migrate(o)));
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, readMigrations().length]);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  it('creates the indonesian full-text configuration used by search', async () => {
    const r = await sql<{ v: string }>`select to_tsvector('indonesian', 'penipuan menipu')::text as v`.execute(tdb.db);
    expect(r.rows[0]!.v).toBe("'ipu':1,2");
  });
});

function copyOfSql(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-sql-'));
  for (const f of fs.readdirSync(SQL_DIR)) fs.copyFileSync(path.join(SQL_DIR, f), path.join(dir, f));
  return dir;
}
