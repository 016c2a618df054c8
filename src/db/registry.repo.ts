import { sql, type Insertable, type Kysely, type RawBuilder, type Updateable } from 'kysely';
import type { Database, OfficialAccount, OfficialAccountsTable, RegistryKind } from './schema.ts';

/** The registry of a pipeline: active entries, or all of them (retired too) for the admin page. */
export function registryEntries(db: Kysely<Database>, pipeline: string, opts: { withRetired?: boolean } = {}): Promise<OfficialAccount[]> {
  let q = db.selectFrom('official_accounts').selectAll().where('pipeline', '=', pipeline);
  if (!opts.withRetired) q = q.where('active', '=', true);
  return q.orderBy('active', 'desc').orderBy('unit').orderBy('kind').orderBy('value').execute();
}

/**
 * Changes whenever an entry is added, edited or retired: the classifier reloads on a new state (a
 * scalar subquery, read with its other fingerprints in one round trip: classify-context.repo.ts).
 */
export function registryFingerprint(pipeline: string): RawBuilder<string> {
  return sql<string>`(select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(version), 0) from official_accounts where pipeline = ${pipeline})`;
}

export function getEntry(db: Kysely<Database>, id: number): Promise<OfficialAccount | undefined> {
  return db.selectFrom('official_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function activeEntryWith(db: Kysely<Database>, pipeline: string, kind: RegistryKind, value: string): Promise<OfficialAccount | undefined> {
  return db
    .selectFrom('official_accounts')
    .selectAll()
    .where('pipeline', '=', pipeline)
    .where('kind', '=', kind)
    .where('value', '=', value)
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function hasAnyEntry(db: Kysely<Database>, pipeline: string): Promise<boolean> {
  return !!(await db.selectFrom('official_accounts').select('id').where('pipeline', '=', pipeline).limit(1).executeTakeFirst());
}

export function insertEntries(db: Kysely<Database>, rows: ReadonlyArray<Insertable<OfficialAccountsTable>>) {
  return db
    .insertInto('official_accounts')
    .values([...rows])
    .returningAll()
    .execute();
}

/** Changes an active entry at the version the admin saw; undefined when stale, missing or retired. */
export function updateEntryRow(db: Kysely<Database>, id: number, version: number, patch: Updateable<OfficialAccountsTable>, updatedBy: number) {
  return db
    .updateTable('official_accounts')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date(), updated_by: updatedBy }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('active', '=', true)
    .returningAll()
    .executeTakeFirst();
}
