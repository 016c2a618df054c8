import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs `fn` in a transaction, or inside the one `db` already is: a service that opens its own
 * transaction can then also be one step of a larger one (bulk actions on the queue), where Kysely
 * refuses a nested `transaction()`.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

let savepoints = 0;

/**
 * Runs `fn` under a savepoint of the open transaction `tx`: when it throws, only its own writes are
 * rolled back and the transaction goes on (one bad row of a bulk action costs only that row).
 * The error is rethrown for the caller to record.
 */
export async function withSavepoint<T>(tx: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  if (!tx.isTransaction) throw new Error('withSavepoint needs an open transaction');
  const name = sql.id(`sp_${++savepoints}`);
  await sql`savepoint ${name}`.execute(tx);
  try {
    const out = await fn();
    await sql`release savepoint ${name}`.execute(tx);
    return out;
  } catch (err) {
    await sql`rollback to savepoint ${name}`.execute(tx);
    throw err;
  }
}
