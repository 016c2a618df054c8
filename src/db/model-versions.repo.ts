import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, ModelVersion, ModelVersionsTable } from './schema.ts';
import type { Insertable, Updateable } from 'kysely';

/** Model versions trained from the desk (sql/0017). Queries only; the promotion rules are learning/models.service.ts's. */

export function insertModelVersion(db: Kysely<Database>, row: Insertable<ModelVersionsTable>): Promise<ModelVersion> {
  return db.insertInto('model_versions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function getModelVersion(db: Kysely<Database>, id: string): Promise<ModelVersion | undefined> {
  return db.selectFrom('model_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The active version; undefined means the shipped models/ are active. */
export function activeModelVersion(db: Kysely<Database>): Promise<ModelVersion | undefined> {
  return db.selectFrom('model_versions').selectAll().where('status', '=', 'active').executeTakeFirst();
}

/** Newest first, with who promoted each. */
export function listModelVersions(db: Kysely<Database>) {
  return db
    .selectFrom('model_versions as m')
    .leftJoin('users as u', 'u.id', 'm.promoted_by')
    .selectAll('m')
    .select('u.display_name as promoted_by_name')
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
}

/** Changes a version's row only if it still has status `from` (two admins clicking at once: one wins). */
export function updateModelVersion(db: Kysely<Database>, id: string, from: ModelVersion['status'], set: Updateable<ModelVersionsTable>) {
  return db.updateTable('model_versions').set(set).where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirst();
}

/**
 * A cheap fingerprint of which version is active (a scalar subquery, read with the classifier's other
 * fingerprints in one round trip: classify-context.repo.ts): a process reloads its models when it changes.
 */
export function activeModelFingerprint(): RawBuilder<string> {
  return sql<string>`coalesce((select max(id || ':' || coalesce(promoted_at::text, '')) from model_versions where status = 'active'), 'shipped')`;
}

/** Items classified by `version` against all items: how far reclassification after a promotion got. */
export async function classifiedShare(db: Kysely<Database>, version: string): Promise<{ done: number; total: number }> {
  const r = await sql<{ done: number; total: number }>`
    select (select count(*)::int from classifications where model_version = ${version}) as done, (select count(*)::int from items) as total`.execute(db);
  return { done: Number(r.rows[0]!.done), total: Number(r.rows[0]!.total) };
}
