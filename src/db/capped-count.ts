import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.ts';

/**
 * How many rows a filtered list has, counting no further than `cap + 1`: a page says "lebih dari
 * 1.000" instead of counting a million matches it will never show.
 */
export async function cappedCount<DB extends Database, TB extends keyof DB, O>(
  db: Kysely<Database>,
  q: SelectQueryBuilder<DB, TB, O>,
  cap: number,
): Promise<number> {
  const limited = (q as unknown as SelectQueryBuilder<Database, keyof Database, unknown>)
    .select(sql`1`.as('one'))
    .limit(cap + 1)
    .as('t');
  const row = await db
    .selectFrom(limited)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
