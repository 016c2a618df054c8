import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * VACUUM (ANALYZE) of every table: what autovacuum does on PostgreSQL, for the embedded database,
 * which has none. ANALYZE gives the planner its statistics; VACUUM reclaims dead rows and marks
 * pages all-visible, which index-only scans (the queue's) need to skip the heap.
 */
export async function vacuumAnalyze(db: Kysely<Database>): Promise<void> {
  await sql`vacuum (analyze)`.execute(db);
}
