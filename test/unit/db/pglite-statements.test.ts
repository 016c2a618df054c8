import { PGlite, protocol } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../../src/db/pglite-dialect.ts';
import { PreparedStatements } from '../../../src/db/pglite-statements.ts';

interface T {
  id: number;
  name: string | null;
  ok: boolean;
  tags: string[];
  meta: unknown;
  at: Date;
  score: number;
}

/** The server's prepared statements: what a map that forgot to close them would leave behind. */
async function onServer(pg: PGlite) {
  return (await pg.query<{ name: string; generic_plans: number; custom_plans: number }>('select name, generic_plans, custom_plans from pg_prepared_statements'))
    .rows;
}

describe('PGlite prepared statements', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create();
    await pg.exec(`
      create table t (id bigint primary key, name text, ok boolean not null, tags text[] not null, meta jsonb, at timestamptz not null, score real not null);
      insert into t select g, case when g % 3 = 0 then null else 'n' || g end, g % 2 = 0, array['a' || g % 4, 'b'], jsonb_build_object('g', g),
        timestamptz '2026-01-01' + g * interval '1 hour', (g % 100) / 100.0 from generate_series(1, 500) g;
      analyze t;`);
  });
  afterAll(() => pg.close());

  it('returns what query() returns, values and types alike', async () => {
    const ps = new PreparedStatements(pg);
    const cases: Array<[string, unknown[]]> = [
      ['select * from t where id = $1', [7]],
      ['select * from t where ok = $1 and score >= $2 order by id limit $3', [true, 0.5, 20]],
      ['select * from t where name is not distinct from $1 order by id', [null]],
      ['select * from t where $1 = any(tags) and at < $2 order by id desc limit 5', ['a1', new Date('2026-01-05T00:00:00Z')]],
      ['select count(*)::int as n, jsonb_agg(meta order by id) as m, array_agg(at order by id) as ats from t where id = any($1::bigint[])', [[1, 2, 3]]],
      ['select 1 as one', []],
    ];
    // Beyond the trial, so generic plans are compared too.
    for (let round = 0; round < 10; round++) {
      for (const [text, params] of cases) {
        const prepared = await ps.query<T>(text, params);
        const plain = await pg.query<T>(text, params);
        expect(prepared.rows).toEqual(plain.rows);
        expect(prepared.fields).toEqual(plain.fields);
      }
    }
    expect(ps.size).toBe(cases.length);
    expect([...ps.modes().values()].filter((m) => m !== null)).toHaveLength(cases.length - 1);
  });

  it('reads rows from the server bytes as PGlite reads them: any text, repeated names, no rows, a large result', async () => {
    const ps = new PreparedStatements(pg);
    const cases: Array<[string, unknown[]]> = [
      // Multi-byte text beside ASCII: Indonesian, Arabic script, emoji, a quote and a newline.
      [`select $1::text as a, 'Polres Beltim ✅ "kata"' || chr(10) || 'بلدية 🚔' as b, id from t where id <= $2 order by id`, ['Pengumuman—Kapolres', 3]],
      // Two columns under one name: the later wins, as in query().
      ['select id as x, name as x, null::text as n, $1::int[] as arr from t where id = $2', [[1, 2], 4]],
      ['select * from t where id < $1', [0]],
      // Some megabytes: the engine hands them over in more than one piece.
      ['select id, repeat(md5(id::text), 400) as long, meta from t where id >= $1 order by id', [1]],
    ];
    for (let round = 0; round < 8; round++) {
      for (const [text, params] of cases) {
        const prepared = await ps.query<Record<string, unknown>>(text, params);
        const plain = await pg.query<Record<string, unknown>>(text, params);
        expect(prepared).toEqual(plain);
      }
    }
  });

  it('reads an error raised while rows are sent, and the next statement, prepared or not, reads its own answer', async () => {
    const ps = new PreparedStatements(pg);
    // Fails on the row with id 7, after six rows went out.
    const failing = 'select id, 10 / (id - $1) as q from t where id <= $2 order by id';
    await expect(ps.query(failing, [7, 20])).rejects.toMatchObject({ code: '22012', query: failing });
    expect((await ps.query(failing, [0, 3])).rows).toEqual([
      { id: 1, q: 10 },
      { id: 2, q: 5 },
      { id: 3, q: 3 },
    ]);
    // PGlite's own paths after a raw exchange: query(), exec() and the extended protocol.
    expect((await pg.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    expect(await pg.exec('select 3 as three')).toMatchObject([{ rows: [{ three: 3 }] }]);
    const described = await pg.execProtocol(protocol.serialize.query('select 4 as four'));
    expect(described.messages.some((m) => m.name === 'dataRow')).toBe(true);
  });

  it('keeps at most its bound of statements, on the server too', async () => {
    const ps = new PreparedStatements(pg, 3);
    const before = (await onServer(pg)).length;
    for (let i = 0; i < 10; i++) expect((await ps.query<{ v: number }>(`select ${i} + $1::int as v`, [1])).rows).toEqual([{ v: i + 1 }]);
    expect(ps.size).toBe(3);
    // Dropped statements are closed with the next one prepared: at most one waits.
    expect((await onServer(pg)).length - before).toBeLessThanOrEqual(4);
  });

  it('prepares again a statement whose table changed shape (no "cached plan must not change result type")', async () => {
    await pg.exec('create table shape (id int primary key, a text); insert into shape values (1, $$x$$)');
    const ps = new PreparedStatements(pg);
    expect((await ps.query('select * from shape where id = $1', [1])).rows).toEqual([{ id: 1, a: 'x' }]);
    await pg.exec('alter table shape add column b int default 7');
    expect((await ps.query('select * from shape where id = $1', [1])).rows).toEqual([{ id: 1, a: 'x', b: 7 }]);
    await pg.exec('alter table shape drop column a');
    ps.forget();
    expect((await ps.query('select * from shape where id = $1', [1])).rows).toEqual([{ id: 1, b: 7 }]);
  });

  it('reports errors as query() does, and the session goes on', async () => {
    const ps = new PreparedStatements(pg);
    await expect(ps.query('select * from no_such_table where id = $1', [1])).rejects.toMatchObject({
      code: '42P01',
      query: 'select * from no_such_table where id = $1',
    });
    await expect(ps.query('select $1::int as n', ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    expect((await ps.query('select $1::int as n', [5])).rows).toEqual([{ n: 5 }]);
  });

  it('tries custom and generic plans, then keeps one', async () => {
    const ps = new PreparedStatements(pg);
    const text = 'select id from t where score >= $1 order by id limit 3';
    for (let i = 0; i < 9; i++) await ps.query(text, [0.9]);
    expect(ps.modes().get(text)).toMatch(/^force_(custom|generic)_plan$/);
    const [row] = (
      await pg.query<{ generic_plans: number; custom_plans: number }>('select generic_plans, custom_plans from pg_prepared_statements where statement = $1', [
        text,
      ])
    ).rows;
    expect(row!.custom_plans).toBeGreaterThanOrEqual(3);
    expect(row!.generic_plans).toBeGreaterThanOrEqual(3);
  });
});

describe('PGliteDialect', () => {
  let pg: PGlite;
  let db: Kysely<{ t: T }>;
  let dialect: PGliteDialect;
  beforeAll(async () => {
    pg = await PGlite.create();
    await pg.exec(`create table t (id bigint primary key, name text, ok boolean not null, tags text[] not null, meta jsonb, at timestamptz not null, score real not null);
      insert into t values (1, 'a', true, '{x}', null, now(), 0.5), (2, 'b', false, '{y}', '{"k":1}', now(), 0.7)`);
    dialect = new PGliteDialect(pg);
    db = new Kysely<{ t: T }>({ dialect });
  });
  afterAll(async () => {
    await db.destroy();
    await pg.close();
  });

  it('writes booleans and whole LIMIT/OFFSET counts into the SQL, and nothing else', () => {
    const q = db.selectFrom('t').select('id').where('ok', '=', true).where('name', '=', 'a').where('score', '>=', 0.5).limit(5).offset(10).compile();
    expect(q.sql).toBe('select "id" from "t" where "ok" = true and "name" = $1 and "score" >= $2 limit 5 offset 10');
    expect(q.parameters).toEqual(['a', 0.5]);
  });

  it('runs selects as prepared statements and writes as before', async () => {
    const before = dialect.statements.size;
    expect(await db.selectFrom('t').select(['id', 'ok']).where('ok', '=', false).execute()).toEqual([{ id: 2, ok: false }]);
    expect(dialect.statements.size).toBe(before + 1);
    const r = await db.updateTable('t').set({ name: 'c' }).where('id', '=', 2).executeTakeFirst();
    expect(r.numUpdatedRows).toBe(1n);
    expect(dialect.statements.size).toBe(before + 1);
  });

  it('runs writes under the server plan cache mode, whatever a prepared select set', async () => {
    const shown = async () => (await pg.query<{ plan_cache_mode: string }>('show plan_cache_mode')).rows[0]!.plan_cache_mode;
    const select = () => db.selectFrom('t').select('id').where('name', '=', 'a').execute();
    // Through the trial: custom, then generic plans.
    for (let i = 0; i < 5; i++) await select();
    expect(await shown()).toBe('force_generic_plan');
    await db.updateTable('t').set({ score: 0.5 }).where('id', '=', 1).execute();
    expect(await shown()).toBe('auto');
  });

  it('forgets its statements after DDL, so one transaction can read a table before and after ALTER', async () => {
    await sql`create table shaped (id int primary key, a text)`.execute(db);
    await sql`insert into shaped values (1, 'x')`.execute(db);
    const all = (k: Kysely<{ t: T }>) => sql<Record<string, unknown>>`select * from shaped where id = ${1}`.execute(k);
    expect((await all(db)).rows).toEqual([{ id: 1, a: 'x' }]);
    await db.transaction().execute(async (tx) => {
      expect((await all(tx)).rows).toEqual([{ id: 1, a: 'x' }]);
      await sql`alter table shaped add column b int default 2`.execute(tx);
      expect((await all(tx)).rows).toEqual([{ id: 1, a: 'x', b: 2 }]);
    });
  });

  it('sets the plan mode again after a rollback undid it', async () => {
    const select = (k: Kysely<{ t: T }>) => k.selectFrom('t').select('id').where('score', '>=', 0.6).execute();
    // Past the trial: the statement now runs under its chosen mode.
    for (let i = 0; i < 9; i++) await select(db);
    const mode = [...dialect.statements.modes().values()].find((m) => m)!;
    const shown = async () => (await pg.query<{ plan_cache_mode: string }>('show plan_cache_mode')).rows[0]!.plan_cache_mode;
    await sql`set plan_cache_mode = auto`.execute(db);
    // Set again inside the transaction, then undone by its rollback.
    await db
      .transaction()
      .execute(async (tx) => {
        expect(await select(tx)).toEqual([{ id: 2 }]);
        expect(await shown()).toBe(mode);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await shown()).toBe('auto');
    expect(await select(db)).toEqual([{ id: 2 }]);
    expect(await shown()).toBe(mode);
  });
});
