import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { queue, type QueueFilter } from '../../../src/db/queue.repo.ts';
import { periodCases, weekTotals } from '../../../src/db/reports.repo.ts';
import type { Database } from '../../../src/db/schema.ts';

/**
 * The SQL of the hot queries, compiled (no database: Kysely's dummy driver) and kept beside them in
 * src/db/sql/, so a change to what PostgreSQL is asked shows in the diff where a reviewer can weigh its
 * plan. A change here fails until the file is updated on purpose: `npx vitest run --project unit -u`.
 */
function recorder() {
  const seen: string[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (e) => {
      if (e.level === 'query') seen.push(e.query.sql);
    },
  });
  return { db, seen };
}

/** One clause per line: enough for a readable diff, no more. */
function layout(sql: string): string {
  return sql.replace(/ (from|inner join|left join|where|group by|order by|limit|offset|union all) /g, '\n  $1 ') + ';';
}

const base: QueueFilter = { modelVersion: 'v', status: 'terbuka', sort: 'prioritas', page: 1, pageSize: 50 };

describe('hot queries', () => {
  it('the review queue, as the desk asks for it', async () => {
    const out: string[] = [];
    const variants: Array<[string, QueueFilter]> = [
      ['open items, by priority (the desk home)', base],
      ['open items, newest first', { ...base, sort: 'terbaru' }],
      ['one priority, searched', { ...base, priority: 'tinggi', q: 'polres' }],
      ['old hoaxes circulating again', { ...base, status: 'hlbk' }],
      ['complaints', { ...base, status: 'pengaduan' }],
    ];
    for (const [name, f] of variants) {
      const { db, seen } = recorder();
      const q = queue(db, f);
      await q.list();
      await q.count().catch(() => undefined); // the dummy driver returns no rows
      out.push(`-- ${name}\n${seen.map(layout).join('\n\n')}`);
    }
    await expect(out.join('\n\n') + '\n').toMatchFileSnapshot('../../../src/db/sql/queue.sql');
  });

  it('the weekly report', async () => {
    const { db, seen } = recorder();
    const p = { from: new Date('2026-11-23T00:00:00+07:00'), to: new Date('2026-11-30T00:00:00+07:00') };
    await weekTotals(db, p, 'v').catch(() => undefined); // the dummy driver returns no rows
    await periodCases(db, p, { limit: 10 });
    await periodCases(db, p, { confirmedOnly: true });
    await expect(seen.map(layout).join('\n\n') + '\n').toMatchFileSnapshot('../../../src/db/sql/weekly-report.sql');
  });
});
